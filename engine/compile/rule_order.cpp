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

/// Levels without recursion (a chain of derived facts can be as long as the knowledge base): a rule's level is
/// known once every fact it reads has one, a fact's once every rule asserting it has one (Kahn's algorithm; the
/// checker has rejected cycles). A fact nothing asserts has level -1, so its readers get level 0.
std::vector<std::int64_t> levels(const model& m, std::vector<std::vector<std::uint32_t>>& facts_read) {
  const std::size_t n = m.rules.size(), nf = m.facts.size();
  std::vector<std::vector<std::uint32_t>> asserted(n), readers(nf);
  std::vector<std::uint32_t> rule_wait(n, 0), fact_wait(nf, 0);
  for (std::uint32_t r = 0; r < n; ++r) {
    auto& read = facts_read[r];
    std::sort(read.begin(), read.end());
    read.erase(std::unique(read.begin(), read.end()), read.end());
    rule_wait[r] = static_cast<std::uint32_t>(read.size());
    for (auto f : read) readers[f].push_back(r);
    for (const auto& e : m.rules[r].effects)
      if (e.k == model_effect::kind::assert_fact) asserted[r].push_back(e.target);
    std::sort(asserted[r].begin(), asserted[r].end());
    asserted[r].erase(std::unique(asserted[r].begin(), asserted[r].end()), asserted[r].end());
    for (auto f : asserted[r]) ++fact_wait[f];
  }
  std::vector<std::int64_t> rule_level(n, 0), fact_level(nf, -1);
  std::vector<std::uint32_t> rules_ready, facts_ready;
  for (std::uint32_t r = 0; r < n; ++r)
    if (rule_wait[r] == 0) rules_ready.push_back(r);
  for (std::uint32_t f = 0; f < nf; ++f)
    if (fact_wait[f] == 0) facts_ready.push_back(f);
  while (!rules_ready.empty() || !facts_ready.empty()) {
    if (!facts_ready.empty()) {
      const auto f = facts_ready.back();
      facts_ready.pop_back();
      for (auto r : readers[f]) {
        rule_level[r] = std::max(rule_level[r], fact_level[f] + 1);
        if (--rule_wait[r] == 0) rules_ready.push_back(r);
      }
      continue;
    }
    const auto r = rules_ready.back();
    rules_ready.pop_back();
    for (auto f : asserted[r]) {
      fact_level[f] = std::max(fact_level[f], rule_level[r]);
      if (--fact_wait[f] == 0) facts_ready.push_back(f);
    }
  }
  return rule_level;
}

}  // namespace

std::vector<std::uint32_t> rule_order(const model& m) {
  const auto n = static_cast<std::uint32_t>(m.rules.size());
  std::vector<std::vector<std::uint32_t>> facts_read(n);
  struct key {
    std::int64_t level;
    std::uint32_t least_finding, rule;
  };
  std::vector<key> keys(n);
  for (std::uint32_t r = 0; r < n; ++r) {
    keys[r] = {0, no_id, r};
    inputs(m.rules[r].when, facts_read[r], keys[r].least_finding);
  }
  const auto level = levels(m, facts_read);
  for (std::uint32_t r = 0; r < n; ++r) keys[r].level = level[r];
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
