// tools/render/dot.cpp: Graphviz DOT from the compiled network's Boost.Graph; fired parts drawn bold and filled.
#include "tools/render/dot.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "engine/compile/network.hpp"

namespace ddx::tools {
namespace {

using engine::node_kind;

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

/// A two-line DOT label: both parts escaped, joined by DOT's own `\n`.
std::string two_lines(const std::string& a, const std::string& b) {
  const auto qa = quoted(a), qb = quoted(b);
  return qa.substr(0, qa.size() - 1) + "\\n" + qb.substr(1);
}

struct node_text {
  std::string key, id, label;
};

node_text describe(const engine::compiled_kb& kb, const engine::vertex_info& v) {
  const auto& m = kb.m;
  switch (v.kind) {
    case node_kind::finding: return {"finding:" + m.findings[v.index].id, m.findings[v.index].id, m.findings[v.index].label};
    case node_kind::value: return {"value:" + m.values[v.index].id, m.values[v.index].id, m.values[v.index].label};
    case node_kind::fact: return {"fact:" + m.facts[v.index].id, m.facts[v.index].id, m.facts[v.index].label};
    case node_kind::rule: {
      const std::string id(kb.rule_id_of(v.index));
      return {"rule:" + id, id, kb.rule_location(v.index)};
    }
    case node_kind::condition:
      return {"condition:" + m.conditions[v.index].id, m.conditions[v.index].id, m.conditions[v.index].name};
    case node_kind::flag: return {"flag:" + m.flags[v.index].id, m.flags[v.index].id, m.flags[v.index].label};
    default: return {"other:" + std::to_string(v.index), "?", ""};
  }
}

const char* shape_of(node_kind k) {
  switch (k) {
    case node_kind::finding: return "shape=ellipse";
    case node_kind::value: return "shape=ellipse, style=dashed";
    case node_kind::fact: return "shape=hexagon";
    case node_kind::rule: return "shape=box";
    case node_kind::condition: return "shape=doubleoctagon";
    case node_kind::flag: return "shape=octagon, color=red";
    default: return "shape=plaintext";
  }
}

/// Set of marked keys ("rule:itbs_lateral", "finding:loc.x") and absent findings.
struct marked {
  std::set<std::string> on, absent;
};

marked collect_marks(const dot_marks& marks) {
  marked out;
  if (marks.input) {
    for (const auto& f : marks.input->present) out.on.insert("finding:" + f);
    for (const auto& f : marks.input->absent) out.absent.insert("finding:" + f);
    for (const auto& [v, x] : marks.input->values) out.on.insert("value:" + v);
  }
  if (const auto* r = marks.result) {
    for (const auto& s : r->trace)
      if (s.outcome == engine::truth::truth_) out.on.insert("rule:" + s.rule_id);
    for (const auto& f : r->derived_facts) out.on.insert("fact:" + f);
    for (const auto& f : r->flags) out.on.insert("flag:" + f.id);
    for (const auto& c : r->differential) out.on.insert("condition:" + c.id);
  }
  return out;
}

/// "for" / "against" style of a rule -> condition edge, from the rule's effects.
std::string effect_style(const engine::compiled_kb& kb, std::uint32_t rule, std::uint32_t condition) {
  const auto& r = kb.hot[rule];
  for (auto e = r.effect_begin; e < r.effect_end; ++e) {
    const auto& eff = kb.hot_effects[e];
    if (eff.target != condition) continue;
    if (eff.k == engine::model_effect::kind::support) return fmt::format("color=darkgreen, label={}", quoted(fmt::format("for {}", kb.model_effect_of(rule, e).weight_text)));
    if (eff.k == engine::model_effect::kind::oppose) return fmt::format("color=firebrick, style=dashed, label={}", quoted(fmt::format("against {}", kb.model_effect_of(rule, e).weight_text)));
  }
  return "";
}

/// The style of an input -> rule edge: dotted and labelled `unless` when only the rule's `unless` reads the input.
std::string input_style(const engine::compiled_kb& kb, std::uint32_t rule, const engine::vertex_info& input) {
  const std::uint32_t root = kb.hot[rule].op_begin;
  if (kb.ops[root].k != engine::expr_op::unless_) return "";
  const std::uint32_t unless = root + 1 + kb.ops[root + 1].size;
  for (std::uint32_t i = root + 1; i < unless; ++i) {  // the `when`
    const auto& op = kb.ops[i];
    const bool same = (op.k == engine::expr_op::finding && input.kind == node_kind::finding) ||
                      (op.k == engine::expr_op::fact && input.kind == node_kind::fact) ||
                      (op.k == engine::expr_op::compare && input.kind == node_kind::value);
    if (same && op.arg == input.index) return "";
  }
  return "style=dotted, label=\"unless\"";
}

}  // namespace

std::optional<std::vector<bool>> scope_mask(const engine::knowledge_base& kb_handle, const dot_marks& marks,
                                            const dot_scope& scope) {
  const auto& kb = kb_handle.impl();
  const auto& g = kb.graph();
  using vertex = std::uint32_t;  // the graph's vertex type (network.hpp)
  const auto n = static_cast<vertex>(boost::num_vertices(g));
  std::vector<bool> keep(n, true);
  if (!scope.condition.empty()) {
    const auto& conds = kb.m.conditions;
    const auto c = std::find_if(conds.begin(), conds.end(), [&](const auto& x) { return x.id == scope.condition; });
    if (c == conds.end()) return std::nullopt;
    const auto ci = static_cast<std::uint32_t>(c - conds.begin());
    std::fill(keep.begin(), keep.end(), false);
    std::vector<vertex> todo;
    for (vertex v = 0; v < n; ++v)
      if (g[v].kind == node_kind::condition && g[v].index == ci) todo.push_back(v), keep[v] = true;
    // Backwards from the condition: every vertex it depends on, through rules and the facts they read.
    while (!todo.empty()) {
      const auto v = todo.back();
      todo.pop_back();
      for (auto e : boost::make_iterator_range(boost::in_edges(v, g))) {
        const auto s = boost::source(e, g);
        // In-edges of a condition or fact come from the rules that target it; of a rule, from what it reads.
        if (!keep[s]) keep[s] = true, todo.push_back(s);
      }
    }
  }
  if (scope.fired_only) {
    const marked mk = collect_marks(marks);
    std::vector<bool> fired(n, false);
    for (vertex v = 0; v < n; ++v) {
      if (g[v].kind != node_kind::rule || !keep[v]) continue;
      if (!mk.on.count(describe(kb, g[v]).key)) continue;
      fired[v] = true;
      for (auto e : boost::make_iterator_range(boost::in_edges(v, g))) fired[boost::source(e, g)] = true;
      for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) fired[boost::target(e, g)] = true;
    }
    for (vertex v = 0; v < n; ++v) keep[v] = keep[v] && fired[v];
  }
  return keep;
}

std::string render_dot(const engine::knowledge_base& kb_handle, const dot_marks& marks, const dot_scope& scope) {
  const auto& kb = kb_handle.impl();
  const auto& g = kb.graph();
  const marked mk = collect_marks(marks);
  const bool scoped = !scope.condition.empty() || scope.fired_only;
  const auto mask = scoped ? scope_mask(kb_handle, marks, scope) : std::nullopt;
  if (scoped && !mask) return fmt::format("digraph {} {{\n}}\n", quoted(kb.info.name));
  const auto kept = [&](std::size_t v) { return !mask || (*mask)[v]; };
  std::string out = fmt::format("digraph {} {{\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n",
                                quoted(kb.info.name));
  std::vector<node_text> texts;
  for (auto v : boost::make_iterator_range(boost::vertices(g))) texts.push_back(describe(kb, g[v]));
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    if (boost::in_degree(v, g) + boost::out_degree(v, g) == 0 || !kept(v)) continue;
    const auto& t = texts[v];
    std::string attrs = shape_of(g[v].kind);
    if (mk.on.count(t.key)) attrs += ", style=\"filled,bold\", fillcolor=\"#ffe08a\", penwidth=2";
    if (mk.absent.count(t.key)) attrs += ", style=\"filled\", fillcolor=\"#dddddd\", fontcolor=\"#555555\"";
    out += fmt::format("  {} [label={}, {}];\n", quoted(t.key), two_lines(t.id, t.label), attrs);
  }
  engine::for_each_edge(g, [&](auto s, auto d) {
    if (!kept(s) || !kept(d)) return;
    std::string attrs;
    if (g[s].kind == node_kind::rule && g[d].kind == node_kind::condition) attrs = effect_style(kb, g[s].index, g[d].index);
    if (g[d].kind == node_kind::rule) attrs = input_style(kb, g[d].index, g[s]);
    const bool fired = g[s].kind == node_kind::rule ? mk.on.count(texts[s].key) > 0 : mk.on.count(texts[d].key) > 0 && mk.on.count(texts[s].key) > 0;
    if (fired) attrs += std::string(attrs.empty() ? "" : ", ") + "penwidth=2.5";
    out += fmt::format("  {} -> {}{};\n", quoted(texts[s].key), quoted(texts[d].key), attrs.empty() ? "" : " [" + attrs + "]");
  });
  return out + "}\n";
}

}  // namespace ddx::tools
