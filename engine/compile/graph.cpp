// engine/compile/graph.cpp: the network graph (findings/values/facts -> rules -> effect targets) of a compiled kb.
#include <algorithm>

#include "engine/compile/steps.hpp"

namespace ddx::engine::detail {
namespace {

/// Vertex numbering: findings, values, facts, rules (model order), conditions, flags.
struct vertex_layout {
  std::size_t value, fact, rule, condition, flag, total;
  explicit vertex_layout(const model& m)
      : value(m.findings.size()),
        fact(value + m.values.size()),
        rule(fact + m.facts.size()),
        condition(rule + m.rules.size()),
        flag(condition + m.conditions.size()),
        total(flag + m.flags.size()) {}

  /// The vertex of a leaf op, or none (~0u) for an operator.
  std::uint32_t of(const expr_op& op) const {
    if (op.k == expr_op::finding) return op.arg;
    if (op.k == expr_op::compare) return static_cast<std::uint32_t>(value + op.arg);
    if (op.k == expr_op::fact) return static_cast<std::uint32_t>(fact + op.arg);
    return ~0u;
  }
  std::uint32_t of(const hot_effect& e) const {
    switch (e.k) {
      case model_effect::kind::assert_fact: return static_cast<std::uint32_t>(fact + e.target);
      case model_effect::kind::raise_flag: return static_cast<std::uint32_t>(flag + e.target);
      default: return static_cast<std::uint32_t>(condition + e.target);
    }
  }
};

using edge_list = support::huge_vector<std::pair<std::uint32_t, std::uint32_t>>;

/// For each rule in model order, an edge from each distinct input (by vertex) and one to each effect's target (as
/// written).
edge_list edges_of(const compiled_kb& kb, const vertex_layout& v) {
  edge_list edges;
  const std::size_t inputs = kb.finding_readers.items.size() + kb.value_readers.items.size() + kb.fact_readers.items.size();
  edges.reserve(inputs + kb.hot_effects.size());  // each rule's distinct inputs, and its effects
  std::vector<std::uint32_t> from;
  for (std::size_t mr = 0; mr < kb.rule_of_model.size(); ++mr) {
    const auto rule = static_cast<std::uint32_t>(v.rule + mr);
    const rule_id r = kb.rule_of_model[mr];
    const hot_rule& h = kb.hot[r];
    from.clear();
    for (std::uint32_t i = h.op_begin, end = kb.op_end(r); i < end; ++i)
      if (const auto vertex = v.of(kb.ops[i]); vertex != ~0u) from.push_back(vertex);
    std::sort(from.begin(), from.end());
    from.erase(std::unique(from.begin(), from.end()), from.end());
    for (auto f : from) edges.emplace_back(f, rule);
    for (std::uint32_t e = h.effect_begin; e < h.effect_end; ++e) edges.emplace_back(rule, v.of(kb.hot_effects[e]));
  }
  return edges;
}

}  // namespace

network_graph build_graph(const compiled_kb& kb) {  // from the compiled arrays alone
  const model& m = kb.m;
  const vertex_layout v(m);
  const edge_list edges = edges_of(kb, v);
  network_graph g(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), static_cast<std::uint32_t>(v.total));
  auto label = [&](std::size_t first, std::size_t count, node_kind kind) {
    for (std::size_t i = 0; i < count; ++i) g[first + i] = {kind, static_cast<std::uint32_t>(i)};
  };
  label(0, m.findings.size(), node_kind::finding);
  label(v.value, m.values.size(), node_kind::value);
  label(v.fact, m.facts.size(), node_kind::fact);
  label(v.rule, m.rules.size(), node_kind::rule);
  label(v.condition, m.conditions.size(), node_kind::condition);
  label(v.flag, m.flags.size(), node_kind::flag);
  for (std::size_t r = 0; r < m.rules.size(); ++r) g[v.rule + r].index = kb.rule_of_model[r];
  return g;
}

}  // namespace ddx::engine::detail

namespace ddx::engine {

const network_graph& compiled_kb::graph() const {
  std::call_once(graph_once_, [this] { graph_ = detail::build_graph(*this); });
  return graph_;
}

}  // namespace ddx::engine
