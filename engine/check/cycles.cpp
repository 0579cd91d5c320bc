// engine/check/cycles.cpp: the check_cycles pass: derived facts that depend on themselves (E315), one report per cycle.
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <deque>

#include "engine/check/check.hpp"
#include "engine/check/symbols.hpp"

namespace ddx::engine::check {
namespace {

/// fact -> fact edges labelled with the rule that reads the first and asserts the second.
struct fact_edge {
  fact_id to;
  rule_id rule;
};
using fact_graph = std::vector<std::vector<fact_edge>>;

void facts_read(const model_expr& e, std::vector<fact_id>& out) {
  if (e.k == model_expr::kind::fact && e.ref != no_id) out.push_back(e.ref);
  for (const auto& c : e.children) facts_read(c, out);
}

fact_graph build_graph(const model& m) {
  fact_graph g(m.facts.size());
  for (rule_id r = 0; r < m.rules.size(); ++r) {
    std::vector<fact_id> reads;
    facts_read(m.rules[r].when, reads);
    if (m.rules[r].unless) facts_read(*m.rules[r].unless, reads);  // settled before the rule, like `when`'s
    std::sort(reads.begin(), reads.end());
    reads.erase(std::unique(reads.begin(), reads.end()), reads.end());
    for (const auto& eff : m.rules[r].effects) {
      if (eff.k != model_effect::kind::assert_fact || eff.target == no_id) continue;
      for (fact_id from : reads) g[from].push_back({eff.target, r});
    }
  }
  return g;
}

/// Shortest cycle through `start` inside its component, as the edges taken.
std::vector<std::pair<fact_id, rule_id>> cycle_through(const fact_graph& g, const std::vector<int>& comp, fact_id start) {
  std::vector<std::pair<fact_id, rule_id>> parent(g.size(), {no_id, no_id});
  std::deque<fact_id> queue{start};
  std::vector<char> seen(g.size(), 0);
  while (!queue.empty()) {
    const fact_id at = queue.front();
    queue.pop_front();
    for (const auto& e : g[at]) {
      if (comp[e.to] != comp[start]) continue;
      if (e.to == start) {
        std::vector<std::pair<fact_id, rule_id>> path{{at, e.rule}};
        for (fact_id x = at; x != start; x = parent[x].first) path.push_back(parent[x]);
        std::reverse(path.begin(), path.end());
        return path;  // (from, rule) pairs in order; the last edge returns to start
      }
      if (seen[e.to]) continue;
      seen[e.to] = 1;
      parent[e.to] = {at, e.rule};
      queue.push_back(e.to);
    }
  }
  return {};
}

void report_cycle(context& cx, const std::vector<std::pair<fact_id, rule_id>>& path) {
  const model& m = cx.m;
  std::string text;
  for (const auto& [from, rule] : path) text += fmt::format("{} -> ", m.facts[from].id);
  text += m.facts[path.front().first].id;
  grammar::diagnostic d;
  d.code = "E315";
  d.span = m.facts[path.front().first].span;
  d.message = fmt::format("derived facts depend on themselves: `{}`", text);
  d.hint = "a fact cannot be asserted from itself, directly or through other facts; remove one link of the cycle";
  for (std::size_t i = 0; i < path.size(); ++i) {
    const fact_id to = path[(i + 1) % path.size()].first;
    d.notes.push_back({cx.m.rules[path[i].second].id_span,
                       fmt::format("`{}` asserts `{}` from `{}`", m.rules[path[i].second].id, m.facts[to].id,
                                   m.facts[path[i].first].id)});
  }
  cx.diags.report(std::move(d));
}

}  // namespace

void check_cycles(context& cx) {
  const fact_graph g = build_graph(cx.m);
  boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS> bg(g.size());
  for (fact_id f = 0; f < g.size(); ++f)
    for (const auto& e : g[f]) boost::add_edge(f, e.to, bg);
  std::vector<int> comp(g.size(), 0);
  if (g.empty()) return;
  boost::strong_components(bg, boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, bg)));
  // Only a component of two or more facts, or a fact asserting itself, holds a cycle: the search below is run for
  // those alone, so a long acyclic chain of facts costs linear time, not one search per fact.
  std::vector<std::uint32_t> members(g.size() + 1, 0);
  for (fact_id f = 0; f < g.size(); ++f) ++members[comp[f]];
  const auto self_loop = [&](fact_id f) {
    return std::any_of(g[f].begin(), g[f].end(), [&](const auto& e) { return e.to == f; });
  };
  std::vector<char> reported(g.size() + 1, 0);
  for (fact_id f = 0; f < g.size(); ++f) {  // declaration order: the first fact of a cycle starts its path
    if (reported[comp[f]]) continue;
    if (members[comp[f]] < 2 && !self_loop(f)) continue;
    const auto path = cycle_through(g, comp, f);
    if (path.empty()) continue;
    reported[comp[f]] = 1;
    report_cycle(cx, path);
  }
}

}  // namespace ddx::engine::check
