// engine/compile/rule_order.cpp: the evaluation order of the rules (a topological order of the network).
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <ranges>
#include <vector>

#include "engine/compile/compile.hpp"
#include "engine/compile/csr_builder.hpp"

namespace ddx::engine {
namespace {

/// Facts and the smallest finding a `when` reads, by walking it; returns its number of nodes.
std::uint32_t inputs(const model_expr& e, std::vector<std::uint32_t>& facts, std::uint32_t& least_finding) {
  if (e.k == model_expr::kind::fact) facts.push_back(e.ref);
  if (e.k == model_expr::kind::finding) least_finding = std::min(least_finding, e.ref);
  std::uint32_t nodes = 1;
  for (const auto& c : e.children) nodes += inputs(c, facts, least_finding);
  return nodes;
}

/// Appends `items` sorted, each once, as the next row of `rows` (a csr built row after row).
void add_distinct_row(csr& rows, std::vector<std::uint32_t>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  rows.items.insert(rows.items.end(), items.begin(), items.end());
  rows.offsets.push_back(static_cast<std::uint32_t>(rows.items.size()));
}

/// What one walk of every rule tells: the size of each `when` (with its `unless`) and the smallest finding it reads (no_id when none),
/// the number of its effects,
/// and the rules linked to facts (reading or asserting one), the only ones whose level can be above 0, with the
/// distinct facts each reads and asserts (rows by linked rule). Few rules of a large base are linked, so the level
/// computation works on those alone.
struct rule_walk {
  support::huge_vector<std::uint32_t> nodes, least_finding, effects;
  std::vector<std::uint32_t> linked;  ///< model index of each linked rule
  csr reads, asserts;

  explicit rule_walk(const model& m)
      : nodes(m.rules.size()), least_finding(m.rules.size(), no_id), effects(m.rules.size()) {
    std::vector<std::uint32_t> read, asserted;
    for (std::uint32_t r = 0; r < m.rules.size(); ++r) {
      read.clear();
      asserted.clear();
      nodes[r] = inputs(m.rules[r].when, read, least_finding[r]);
      // An `unless` is one more op (the root) and its own; the facts it reads are settled before the rule, like
      // those its `when` reads.
      if (m.rules[r].unless) nodes[r] += 1 + inputs(*m.rules[r].unless, read, least_finding[r]);
      effects[r] = static_cast<std::uint32_t>(m.rules[r].effects.size());
      for (const auto& e : m.rules[r].effects)
        if (e.k == model_effect::kind::assert_fact) asserted.push_back(e.target);
      if (read.empty() && asserted.empty()) continue;
      linked.push_back(r);
      add_distinct_row(reads, read);
      add_distinct_row(asserts, asserted);
    }
  }
};

/// Rows of `rows` transposed: row i of the result lists, in order, the rows of `rows` that hold i.
csr transpose(const csr& rows, std::size_t columns) {
  detail::csr_builder out(columns);
  for (auto c : rows.items) out.count(c);
  out.start();
  for (std::uint32_t r = 0; r + 1 < rows.offsets.size(); ++r)
    for (auto c : rows.row(r)) out.add(c, r);
  return out.finish();
}

/// Levels without recursion (a chain of derived facts can be as long as the knowledge base): a rule's level is
/// known once every fact it reads has one, a fact's once every rule asserting it has one (Kahn's algorithm over the
/// linked rules; the checker has rejected cycles). A fact nothing asserts has level -1, so its readers get level 0.
support::huge_vector<std::uint32_t> levels(const model& m, const rule_walk& w) {
  const std::size_t n = w.linked.size(), nf = m.facts.size();
  const csr readers = transpose(w.reads, nf);
  std::vector<std::uint32_t> rule_wait(n, 0), fact_wait(nf, 0), rule_level(n, 0);
  for (std::uint32_t r = 0; r < n; ++r) rule_wait[r] = static_cast<std::uint32_t>(w.reads.row(r).size());
  for (auto f : w.asserts.items) ++fact_wait[f];
  std::vector<std::int64_t> fact_level(nf, -1);
  std::vector<std::uint32_t> rules_ready, facts_ready;
  for (std::uint32_t r = 0; r < n; ++r)
    if (rule_wait[r] == 0) rules_ready.push_back(r);
  for (std::uint32_t f = 0; f < nf; ++f)
    if (fact_wait[f] == 0) facts_ready.push_back(f);
  while (!rules_ready.empty() || !facts_ready.empty()) {
    if (!facts_ready.empty()) {
      const auto f = facts_ready.back();
      facts_ready.pop_back();
      for (auto r : readers.row(f)) {
        rule_level[r] = std::max(rule_level[r], static_cast<std::uint32_t>(fact_level[f] + 1));
        if (--rule_wait[r] == 0) rules_ready.push_back(r);
      }
      continue;
    }
    const auto r = rules_ready.back();
    rules_ready.pop_back();
    for (auto f : w.asserts.row(r)) {
      fact_level[f] = std::max<std::int64_t>(fact_level[f], rule_level[r]);
      if (--fact_wait[f] == 0) facts_ready.push_back(f);
    }
  }
  support::huge_vector<std::uint32_t> level(m.rules.size(), 0);  // a rule linked to no fact reads none: level 0
  for (std::uint32_t r = 0; r < n; ++r) level[w.linked[r]] = rule_level[r];
  return level;
}

/// `items` stably sorted by key(item), a number below `keys` (a counting sort).
support::huge_vector<std::uint32_t> sorted_by(const auto& items, std::size_t keys, auto key) {
  std::vector<std::uint32_t> next(keys + 1, 0);
  std::size_t count = 0;
  for (std::uint32_t i : items) {
    ++count;
    ++next[key(i) + 1];
  }
  std::partial_sum(next.begin(), next.end(), next.begin());
  support::huge_vector<std::uint32_t> out(count);
  for (std::uint32_t i : items) out[next[key(i)]++] = i;
  return out;
}

}  // namespace

rule_schedule schedule_rules(const model& m) {
  rule_walk w(m);
  rule_schedule s{{}, levels(m, w), std::move(w.nodes), std::move(w.effects)};
  // By model index, then stably by the smallest finding read (none last), then stably by level.
  const std::size_t findings = m.findings.size();
  const auto& least = w.least_finding;
  const auto rules = std::views::iota(std::uint32_t{0}, static_cast<std::uint32_t>(m.rules.size()));
  s.order = sorted_by(rules, findings + 1, [&](std::uint32_t r) { return least[r] == no_id ? findings : least[r]; });
  const std::uint32_t top = s.level.empty() ? 0 : *std::max_element(s.level.begin(), s.level.end());
  if (top > 0) s.order = sorted_by(s.order, std::size_t{top} + 1, [&](std::uint32_t r) { return s.level[r]; });
  return s;
}

}  // namespace ddx::engine
