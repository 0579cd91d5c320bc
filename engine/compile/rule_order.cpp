// engine/compile/rule_order.cpp: the evaluation order of the rules (a topological order of the network).
#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/compile/compile.hpp"

namespace ddx::engine {
namespace {

/// Facts and findings a `when` reads, by walking its leaves.
void inputs(const model_expr& e, std::vector<std::uint32_t>& facts, std::uint32_t& least_finding) {
  if (e.k == model_expr::kind::fact) facts.push_back(e.ref);
  if (e.k == model_expr::kind::finding) least_finding = std::min(least_finding, e.ref);
  for (const auto& c : e.children) inputs(c, facts, least_finding);
}

struct leveller {
  const std::vector<std::vector<std::uint32_t>>& facts_read;  ///< per rule
  const std::vector<std::vector<std::uint32_t>>& asserters;   ///< per fact
  std::vector<std::int64_t> rule_level, fact_level;           ///< -2: not computed yet
  static constexpr std::int64_t unknown = -2;

  /// -1 for a fact no rule asserts, so that its readers get level 0 like the readers of no fact.
  std::int64_t of_fact(std::uint32_t f) {
    if (fact_level[f] != unknown) return fact_level[f];
    std::int64_t level = -1;
    for (auto r : asserters[f]) level = std::max(level, of_rule(r));
    return fact_level[f] = level;
  }
  std::int64_t of_rule(std::uint32_t r) {
    if (rule_level[r] != unknown) return rule_level[r];
    std::int64_t level = 0;
    for (auto f : facts_read[r]) level = std::max(level, of_fact(f) + 1);
    return rule_level[r] = level;
  }
};

}  // namespace

std::vector<std::uint32_t> rule_order(const model& m) {
  const auto n = static_cast<std::uint32_t>(m.rules.size());
  std::vector<std::vector<std::uint32_t>> facts_read(n), asserters(m.facts.size());
  struct key {
    std::int64_t level;
    std::uint32_t least_finding, rule;
  };
  std::vector<key> keys(n);
  for (std::uint32_t r = 0; r < n; ++r) {
    keys[r] = {0, no_id, r};
    inputs(m.rules[r].when, facts_read[r], keys[r].least_finding);
    for (const auto& e : m.rules[r].effects)
      if (e.k == model_effect::kind::assert_fact) asserters[e.target].push_back(r);
  }
  // Derived facts are acyclic (check_cycles), so the recursion ends; its depth is the longest chain of facts.
  leveller lv{facts_read, asserters, std::vector<std::int64_t>(n, leveller::unknown),
              std::vector<std::int64_t>(m.facts.size(), leveller::unknown)};
  for (std::uint32_t r = 0; r < n; ++r) keys[r].level = lv.of_rule(r);
  std::sort(keys.begin(), keys.end(), [](const key& a, const key& b) {
    if (a.level != b.level) return a.level < b.level;
    if (a.least_finding != b.least_finding) return a.least_finding < b.least_finding;  // no_id (none) sorts last
    return a.rule < b.rule;
  });
  std::vector<std::uint32_t> order(n);
  for (std::uint32_t i = 0; i < n; ++i) order[i] = keys[i].rule;
  return order;
}

}  // namespace ddx::engine
