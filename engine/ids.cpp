// engine/ids.cpp: kind names and the name interner.
#include "engine/ids.hpp"

namespace ddx::engine {

const char* kind_name(node_kind k) {
  switch (k) {
    case node_kind::finding: return "finding";
    case node_kind::value: return "value";
    case node_kind::fact: return "fact";
    case node_kind::rule: return "rule";
    case node_kind::condition: return "condition";
    case node_kind::flag: return "flag";
    case node_kind::test: return "test";
  }
  return "name";
}

bool interner::add(std::string name, node_ref ref) { return map_.emplace(std::move(name), ref).second; }

std::optional<node_ref> interner::find(std::string_view name) const {
  const auto it = map_.find(name);
  if (it == map_.end()) return std::nullopt;
  return it->second;
}

}  // namespace ddx::engine
