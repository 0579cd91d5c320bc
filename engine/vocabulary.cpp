// engine/vocabulary.cpp: the vocabulary listing from the model.
#include "engine/vocabulary.hpp"

#include <algorithm>

#include "engine/model.hpp"

namespace ddx::engine::detail {

std::vector<vocab_entry> vocabulary_of(const model& m) {
  std::vector<vocab_entry> out;
  for (const auto& f : m.findings) out.push_back({f.id, f.kind, f.label, f.region, {}, {}, {}});
  for (const auto& v : m.values) out.push_back({v.id, "value", v.label, {}, v.unit, v.low, v.high});
  for (const auto& c : m.conditions) out.push_back({c.id, "condition", c.name, c.region, {}, {}, {}});
  for (const auto& f : m.facts) out.push_back({f.id, "fact", f.label, {}, {}, {}, {}});
  for (const auto& f : m.flags) out.push_back({f.id, "flag", f.label, {}, {}, {}, {}});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

}  // namespace ddx::engine::detail
