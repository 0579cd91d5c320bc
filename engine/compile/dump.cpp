// engine/compile/dump.cpp: dump_network, the canonical text form of a compiled network.
#include "engine/compile/dump.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

namespace ddx::engine {
namespace {

std::string node_name(const model& m, vertex_info v) {
  switch (v.kind) {
    case node_kind::finding: return "finding " + m.findings[v.index].id;
    case node_kind::value: return "value " + m.values[v.index].id;
    case node_kind::fact: return "fact " + m.facts[v.index].id;
    case node_kind::rule: return fmt::format("rule {}", m.rules[v.index].id);
    case node_kind::condition: return "condition " + m.conditions[v.index].id;
    case node_kind::flag: return "flag " + m.flags[v.index].id;
    case node_kind::test: return "test " + m.tests[v.index].id;
  }
  return {};
}

void dump_nodes(const model& m, std::string& out) {
  auto o = std::back_inserter(out);
  fmt::format_to(o, "kb {} {} other_prior={} regions={}\ndisclaimer {}\n", m.name, m.version, m.other_prior,
                 fmt::join(m.regions, ","), m.disclaimer);
  for (const auto& f : m.findings)
    fmt::format_to(o, "finding {} {} [{}] region={} synonyms=[{}] description=[{}]\n", f.id, f.kind, f.label, f.region,
                   fmt::join(f.synonyms, "|"), f.description);
  for (const auto& v : m.values)
    fmt::format_to(o, "value {} [{}] unit={} range={}..{} description=[{}]\n", v.id, v.label, v.unit, v.low, v.high,
                   v.description);
  for (const auto& c : m.conditions)
    fmt::format_to(o, "condition {} [{}] region={} prior={} advice=[{}] description=[{}] sources=[{}]\n", c.id, c.name,
                   c.region, c.prior, c.advice, c.description, fmt::join(c.sources, "|"));
  for (const auto& f : m.facts) fmt::format_to(o, "fact {} [{}]\n", f.id, f.label);
  for (const auto& f : m.flags)
    fmt::format_to(o, "flag {} [{}] level={} advice=[{}]\n", f.id, f.label, triage_name(f.level), f.advice);
}

std::string op_text(const model& m, const expr_op& op) {
  switch (op.k) {
    case expr_op::finding: return "finding " + m.findings[op.arg].id;
    case expr_op::fact: return "fact " + m.facts[op.arg].id;
    case expr_op::compare:
      return fmt::format("compare {} {} {}", m.values[op.arg].id, static_cast<int>(op.cmp), op.number);
    case expr_op::not_: return "not";
    case expr_op::and_: return "and";
    case expr_op::or_: return "or";
    case expr_op::at_least: return fmt::format("at_least {}", op.arg);
    case expr_op::unless_: return "unless";
  }
  return {};
}

std::string target_name(const model& m, const hot_effect& e) {
  switch (e.k) {
    case model_effect::kind::support: return "for " + m.conditions[e.target].id;
    case model_effect::kind::oppose: return "against " + m.conditions[e.target].id;
    case model_effect::kind::assert_fact: return "assert " + m.facts[e.target].id;
    case model_effect::kind::raise_flag: return "raise " + m.flags[e.target].id;
  }
  return {};
}

void dump_rules(const compiled_kb& kb, std::string& out) {
  auto o = std::back_inserter(out);
  for (std::size_t i = 0; i < kb.rules.size(); ++i) {
    const auto& r = kb.hot[i];
    const auto& mr = kb.m.rules[kb.rules[i].model_index];
    fmt::format_to(o, "rule {} [{}] level={} threshold={} sources=[{}]\n", mr.id, mr.text, r.level, r.threshold,
                   fmt::join(mr.sources, "|"));
    for (auto op = r.op_begin, end = kb.op_end(static_cast<rule_id>(i)); op < end; ++op)
      fmt::format_to(o, "  op {} size={}\n", op_text(kb.m, kb.ops[op]), kb.ops[op].size);
    for (auto e = r.effect_begin; e < r.effect_end; ++e) {
      const auto& eff = kb.hot_effects[e];
      fmt::format_to(o, "  effect {} lr={} weight={} ({})\n", target_name(kb.m, eff), eff.factor, eff.weight,
                     kb.model_effect_of(static_cast<rule_id>(i), e).weight_text);
    }
  }
}

void dump_edges(const compiled_kb& kb, std::string& out) {
  std::vector<std::string> edges;
  const network_graph& g = kb.graph();
  for (auto [it, end] = boost::edges(g); it != end; ++it)
    edges.push_back(fmt::format("edge {} -> {}\n", node_name(kb.m, g[boost::source(*it, g)]),
                                node_name(kb.m, g[boost::target(*it, g)])));
  std::sort(edges.begin(), edges.end());
  for (const auto& e : edges) out += e;
}

void dump_tests(const model& m, std::string& out) {
  auto o = std::back_inserter(out);
  for (const auto& t : m.tests) {
    fmt::format_to(o, "test {} [{}]\n", t.id, t.label);
    for (auto f : t.present) fmt::format_to(o, "  present {}\n", m.findings[f].id);
    for (auto f : t.absent) fmt::format_to(o, "  absent {}\n", m.findings[f].id);
    for (const auto& [v, x] : t.values) fmt::format_to(o, "  value {} {}\n", m.values[v].id, x);
    for (const auto& e : t.expects)
      fmt::format_to(o, "  expect {} target={} level={} n={}\n", static_cast<int>(e.k), e.target, triage_name(e.level),
                     e.n);
  }
}

}  // namespace

std::string dump_network(const compiled_kb& kb) {
  std::string out;
  dump_nodes(kb.m, out);
  dump_rules(kb, out);
  dump_edges(kb, out);
  dump_tests(kb.m, out);
  return out;
}

}  // namespace ddx::engine
