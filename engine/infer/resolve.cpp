// engine/infer/resolve.cpp: a case's ids resolved against the knowledge base, each bad one an error with suggestions.
#include "engine/infer/resolve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

#include "engine/compile/network.hpp"
#include "grammar/suggest.hpp"

namespace ddx::engine::detail {
namespace {

std::vector<std::string> ids_of(const auto& items) {
  std::vector<std::string> out;
  for (const auto& x : items) out.push_back(x.id);
  return out;
}

case_error error_at(case_error_code code, case_list list, std::size_t index, const std::string& id) {
  case_error e;
  e.code = code;
  e.list = list;
  e.index = index;
  e.id = id;
  return e;
}

void add(case_error e, std::vector<case_error>& errors) {
  e.field = case_error_field(e);
  e.message = case_error_message(e);
  errors.push_back(std::move(e));
}

/// The error for `list[i]`, an id that names no finding (kept out of line: a valid case never comes here). An id naming
/// a condition, fact or flag says so; any other gets the closest finding ids as suggestions.
[[gnu::noinline, gnu::cold]] void not_a_finding(const compiled_kb& kb, const std::string& id, case_list list,
                                               std::size_t i, std::vector<case_error>& errors) {
  case_error e = error_at(case_error_code::unknown_finding, list, i, id);
  const auto ref = kb.m.names.find(id);
  if (ref && (ref->kind == node_kind::condition || ref->kind == node_kind::fact || ref->kind == node_kind::flag))
    e.kind = kind_name(ref->kind);
  else
    e.suggestions = grammar::closest_names(id, ids_of(kb.m.findings));
  add(std::move(e), errors);
}

/// The finding index of `id`, or nullopt with an error naming `list[i]`; the error is built only on error, so a valid
/// case costs one lookup per id.
std::optional<finding_id> resolve_finding(const compiled_kb& kb, const std::string& id, case_list list, std::size_t i,
                                          std::vector<case_error>& errors) {
  if (const auto f = kb.finding_names.find(id)) [[likely]]
    return f->index;
  not_a_finding(kb, id, list, i, errors);
  return std::nullopt;
}

void resolve_findings(const compiled_kb& kb, const case_input& in, resolved_case& out, std::vector<case_error>& errors) {
  out.present.reserve(in.present.size());
  out.absent.reserve(in.absent.size());
  for (std::size_t i = 0; i < in.present.size(); ++i)
    if (auto f = resolve_finding(kb, in.present[i], case_list::present, i, errors)) out.present.push_back(*f);
  for (std::size_t i = 0; i < in.absent.size(); ++i) {
    const auto f = resolve_finding(kb, in.absent[i], case_list::absent, i, errors);
    if (!f) continue;
    if (std::find(out.present.begin(), out.present.end(), *f) != out.present.end()) [[unlikely]] {
      add(error_at(case_error_code::present_and_absent, case_list::absent, i, in.absent[i]), errors);
      continue;
    }
    out.absent.push_back(*f);
  }
}

void resolve_values(const compiled_kb& kb, const case_input& in, resolved_case& out, std::vector<case_error>& errors) {
  for (std::size_t i = 0; i < in.values.size(); ++i) {
    const auto& [id, x] = in.values[i];
    const auto ref = kb.m.names.find(id);
    if (!ref || ref->kind != node_kind::value) [[unlikely]] {
      case_error e = error_at(case_error_code::unknown_value, case_list::values, i, id);
      e.suggestions = grammar::closest_names(id, ids_of(kb.m.values));
      add(std::move(e), errors);
      continue;
    }
    const model_value& v = kb.m.values[ref->index];
    if (!std::isfinite(x) || x < v.low || x > v.high) [[unlikely]] {
      case_error e = error_at(case_error_code::value_out_of_range, case_list::values, i, id);
      e.number = x;
      e.low = v.low;
      e.high = v.high;
      add(std::move(e), errors);
      continue;
    }
    out.values.emplace_back(ref->index, x);
  }
}

/// Sorts finding indices below `universe` and drops repeats. A case names a few dozen findings: while the vocabulary
/// is small next to that, they are set as bits of a bitmap and read back in order, which has none of a comparison
/// sort's unpredictable branches; otherwise std::sort.
void sort_unique(std::vector<finding_id>& v, std::size_t universe) {
  constexpr std::size_t max_words = 256;  // 16,384 findings, 2 KiB of stack
  const std::size_t words = (universe + 63) / 64;
  if (words <= max_words && words <= 4 * v.size() + 8) {
    std::array<std::uint64_t, max_words> bits;
    std::fill_n(bits.begin(), words, 0);
    for (const finding_id f : v) bits[f / 64] |= std::uint64_t{1} << (f % 64);
    v.clear();
    for (std::size_t w = 0; w < words; ++w)
      for (std::uint64_t x = bits[w]; x != 0; x &= x - 1)
        v.push_back(static_cast<finding_id>(w * 64 + static_cast<std::size_t>(std::countr_zero(x))));
    return;
  }
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

bool resolve_case(const compiled_kb& kb, const case_input& input, resolved_case& out, std::vector<case_error>& errors) {
  const std::size_t before = errors.size();
  if (input.id) {
    out.id = *input.id;  // into the reused string's storage, no temporary
  } else {
    out.id.clear();
  }
  out.present.clear();
  out.absent.clear();
  out.values.clear();
  resolve_findings(kb, input, out, errors);
  resolve_values(kb, input, out, errors);
  if (errors.size() != before) return false;
  sort_unique(out.present, kb.m.findings.size());
  sort_unique(out.absent, kb.m.findings.size());
  // The same value given twice keeps its last number: after a stable sort by value, keep the last of each run. A case
  // gives a handful of values: those are sorted by insertion (stable, and unlike std::stable_sort it allocates no
  // buffer); a long list by std::stable_sort.
  auto& values = out.values;
  const auto by_value = [](const auto& a, const auto& b) { return a.first < b.first; };
  if (values.size() <= 16) {
    for (std::size_t i = 1; i < values.size(); ++i) {
      const auto x = values[i];
      std::size_t j = i;
      for (; j > 0 && by_value(x, values[j - 1]); --j) values[j] = values[j - 1];
      values[j] = x;
    }
  } else {
    std::stable_sort(values.begin(), values.end(), by_value);
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < out.values.size(); ++i) {
    if (kept > 0 && out.values[kept - 1].first == out.values[i].first) --kept;
    out.values[kept++] = out.values[i];
  }
  out.values.resize(kept);
  return true;
}

}  // namespace ddx::engine::detail
