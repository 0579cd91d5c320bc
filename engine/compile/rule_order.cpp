// engine/compile/rule_order.cpp: the evaluation order of the rules (a topological order of the network).
#include <algorithm>
#include <cstdint>
#include <numeric>
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

/// Ends row `items[begin..]` of a csr that is built row after row: its items sorted, each once.
void end_distinct_row(csr& rows, std::size_t begin) {
  std::sort(rows.items.begin() + static_cast<std::ptrdiff_t>(begin), rows.items.end());
  rows.items.erase(std::unique(rows.items.begin() + static_cast<std::ptrdiff_t>(begin), rows.items.end()), rows.items.end());
  rows.offsets.push_back(static_cast<std::uint32_t>(rows.items.size()));
}

/// What the rules read and assert, by model rule: the distinct facts each reads and asserts, the smallest
/// finding each reads (no_id when none), the size of each `when`.
struct rule_io {
  csr reads, asserts;
  std::vector<std::uint32_t> least_finding, nodes;

  explicit rule_io(const model& m) : least_finding(m.rules.size(), no_id), nodes(m.rules.size()) {
    reads.offsets.reserve(m.rules.size() + 1);
    asserts.offsets.reserve(m.rules.size() + 1);
    for (std::uint32_t r = 0; r < m.rules.size(); ++r) {
      const std::size_t read_begin = reads.items.size(), assert_begin = asserts.items.size();
      nodes[r] = inputs(m.rules[r].when, reads.items, least_finding[r]);
      end_distinct_row(reads, read_begin);
      for (const auto& e : m.rules[r].effects)
        if (e.k == model_effect::kind::assert_fact) asserts.items.push_back(e.target);
      end_distinct_row(asserts, assert_begin);
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
/// known once every fact it reads has one, a fact's once every rule asserting it has one (Kahn's algorithm; the
/// checker has rejected cycles). A fact nothing asserts has level -1, so its readers get level 0.
std::vector<std::uint32_t> levels(const model& m, const rule_io& io) {
  const std::size_t n = m.rules.size(), nf = m.facts.size();
  const csr readers = transpose(io.reads, nf);
  std::vector<std::uint32_t> rule_wait(n, 0), fact_wait(nf, 0);
  for (std::uint32_t r = 0; r < n; ++r) rule_wait[r] = static_cast<std::uint32_t>(io.reads.row(r).size());
  for (auto f : io.asserts.items) ++fact_wait[f];
  std::vector<std::uint32_t> rule_level(n, 0);
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
    for (auto f : io.asserts.row(r)) {
      fact_level[f] = std::max<std::int64_t>(fact_level[f], rule_level[r]);
      if (--fact_wait[f] == 0) facts_ready.push_back(f);
    }
  }
  return rule_level;
}

/// `items` stably sorted by key(item), a number below `keys` (a counting sort).
std::vector<std::uint32_t> sorted_by(const std::vector<std::uint32_t>& items, std::size_t keys, auto key) {
  detail::csr_builder by_key(keys);
  for (auto i : items) by_key.count(key(i));
  by_key.start();
  for (auto i : items) by_key.add(key(i), i);
  return by_key.finish().items;
}

}  // namespace

rule_schedule schedule_rules(const model& m) {
  rule_io io(m);
  rule_schedule s{{}, levels(m, io), std::move(io.nodes)};
  const auto& level = s.level;
  // Sorted by model index, then stably by the smallest finding read (none last), then stably by level.
  std::vector<std::uint32_t> order(m.rules.size());
  std::iota(order.begin(), order.end(), 0u);
  const std::size_t findings = m.findings.size();
  order = sorted_by(order, findings + 1, [&](std::uint32_t r) {
    return io.least_finding[r] == no_id ? findings : io.least_finding[r];
  });
  const std::uint32_t top = level.empty() ? 0 : *std::max_element(level.begin(), level.end());
  s.order = sorted_by(order, std::size_t{top} + 1, [&](std::uint32_t r) { return level[r]; });
  return s;
}

}  // namespace ddx::engine
