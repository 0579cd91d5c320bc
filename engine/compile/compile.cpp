// engine/compile/compile.cpp: model -> network graph and the dense arrays, rules in rule_order (a topological order).
#include "engine/compile/compile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <numeric>

#include "engine/infer/chain.hpp"

namespace ddx::engine {
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
};

void leaves(const model_expr& e, std::vector<const model_expr*>& out) {
  if (e.k == model_expr::kind::finding || e.k == model_expr::kind::fact || e.k == model_expr::kind::compare) out.push_back(&e);
  for (const auto& c : e.children) leaves(c, out);
}

std::size_t leaf_vertex(const vertex_layout& v, const model_expr& e) {
  if (e.k == model_expr::kind::finding) return e.ref;
  if (e.k == model_expr::kind::compare) return v.value + e.ref;
  return v.fact + e.ref;
}

std::size_t effect_vertex(const vertex_layout& v, const model_effect& e) {
  switch (e.k) {
    case model_effect::kind::assert_fact: return v.fact + e.target;
    case model_effect::kind::raise_flag: return v.flag + e.target;
    default: return v.condition + e.target;
  }
}

/// The network: for each rule in model order, an edge from each distinct input (by vertex) and one to each effect's
/// target (as written). Rule vertices are numbered in model order and labelled with their compiled index.
network_graph build_graph(const model& m, const vertex_layout& v, const std::vector<std::uint32_t>& order) {
  std::size_t count = 0;
  for (const auto& r : m.rules) count += r.effects.size() + 2;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  edges.reserve(count);
  std::vector<const model_expr*> ls;
  std::vector<std::uint32_t> from;
  for (std::size_t r = 0; r < m.rules.size(); ++r) {
    const auto rule = static_cast<std::uint32_t>(v.rule + r);
    ls.clear();
    leaves(m.rules[r].when, ls);
    from.clear();
    for (const auto* l : ls) from.push_back(static_cast<std::uint32_t>(leaf_vertex(v, *l)));
    std::sort(from.begin(), from.end());
    from.erase(std::unique(from.begin(), from.end()), from.end());
    for (auto f : from) edges.emplace_back(f, rule);
    for (const auto& e : m.rules[r].effects) edges.emplace_back(rule, static_cast<std::uint32_t>(effect_vertex(v, e)));
  }
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
  for (std::size_t r = 0; r < order.size(); ++r) g[v.rule + order[r]].index = static_cast<std::uint32_t>(r);
  return g;
}

void flatten(const model_expr& e, std::vector<expr_op>& ops) {
  const std::size_t at = ops.size();
  expr_op op;
  switch (e.k) {
    case model_expr::kind::finding: op.k = expr_op::finding; op.arg = e.ref; break;
    case model_expr::kind::fact: op.k = expr_op::fact; op.arg = e.ref; break;
    case model_expr::kind::compare: op.k = expr_op::compare; op.arg = e.ref; op.cmp = e.op; op.number = e.number; break;
    case model_expr::kind::not_: op.k = expr_op::not_; break;
    case model_expr::kind::and_: op.k = expr_op::and_; break;
    case model_expr::kind::or_: op.k = expr_op::or_; break;
    case model_expr::kind::at_least: op.k = expr_op::at_least; op.arg = e.n; break;
  }
  ops.push_back(op);
  for (const auto& c : e.children) flatten(c, ops);
  ops[at].size = static_cast<std::uint32_t>(ops.size() - at);
}

std::vector<std::uint32_t> id_order(std::size_t n, auto id_of) {
  std::vector<std::uint32_t> by_id(n), rank(n);
  std::iota(by_id.begin(), by_id.end(), 0u);
  std::sort(by_id.begin(), by_id.end(), [&](auto a, auto b) { return id_of(a) < id_of(b); });
  for (std::uint32_t i = 0; i < n; ++i) rank[by_id[i]] = i;
  return rank;
}

struct need {
  std::uint32_t yes, no;  ///< fewest known leaves that can make the expression true / false
};

need needed(const model_expr& e) {
  using K = model_expr::kind;
  if (e.k == K::finding || e.k == K::fact || e.k == K::compare) return {1, 1};
  if (e.k == K::not_) {
    const need n = needed(e.children.front());
    return {n.no, n.yes};
  }
  if (e.k == K::and_ || e.k == K::or_) {  // no sort needed: all of one side, the cheapest of the other
    need sum{0, 0}, least{~0u, ~0u};
    for (const auto& c : e.children) {
      const need n = needed(c);
      sum = {sum.yes + n.yes, sum.no + n.no};
      least = {std::min(least.yes, n.yes), std::min(least.no, n.no)};
    }
    return e.k == K::and_ ? need{sum.yes, least.no} : need{least.yes, sum.no};
  }
  std::vector<std::uint32_t> yes, no;
  for (const auto& c : e.children) {
    const need n = needed(c);
    yes.push_back(n.yes);
    no.push_back(n.no);
  }
  std::sort(yes.begin(), yes.end());
  std::sort(no.begin(), no.end());
  auto sum_first = [](const std::vector<std::uint32_t>& v, std::size_t k) {
    std::uint32_t s = 0;
    for (std::size_t i = 0; i < k && i < v.size(); ++i) s += v[i];
    return s;
  };
  const std::size_t k = e.children.size();
  const std::size_t n = std::min<std::size_t>(std::max<std::uint32_t>(e.n, 1), k);  // at_least
  return {sum_first(yes, n), sum_first(no, k - n + 1)};
}

/// See hot_rule::threshold. A leaf used twice could be counted twice, so such rules use 1.
std::uint32_t threshold_of(const model_rule& r, std::size_t leaf_count, std::size_t distinct_inputs) {
  if (leaf_count != distinct_inputs) return 1;
  const need n = needed(r.when);
  bool asserts = false;
  for (const auto& e : r.effects) asserts = asserts || e.k == model_effect::kind::assert_fact;
  const std::uint32_t t = std::max<std::uint32_t>(1, asserts ? std::min(n.yes, n.no) : n.yes);
  return t;
}

void sort_unique(std::vector<std::uint32_t>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

std::string rule_location(const grammar::source_manager& sources, grammar::source_span span) {
  const auto& f = sources.file(span.file);
  return fmt::format("{}:{}", f.path(), f.location(span.begin).line);
}

/// 1-based line of each model rule's `rule` keyword, by counting line breaks forward from the previous rule of the
/// same file (declaration order is file order), instead of a line lookup per rule.
std::vector<std::uint32_t> rule_lines(const model& m, const grammar::source_manager& sources) {
  struct cursor {
    std::uint32_t offset = 0, line = 1;
  };
  std::vector<cursor> at(sources.size());
  std::vector<std::uint32_t> lines(m.rules.size());
  for (std::size_t r = 0; r < m.rules.size(); ++r) {
    const auto& span = m.rules[r].span;
    const auto& f = sources.file(span.file);
    cursor& c = at[span.file];
    if (span.begin < c.offset || span.begin > f.text().size()) {
      lines[r] = f.location(span.begin).line;  // out of order: look it up
      continue;
    }
    c.line += static_cast<std::uint32_t>(std::count(f.text().begin() + c.offset, f.text().begin() + span.begin, '\n'));
    c.offset = span.begin;
    lines[r] = c.line;
  }
  return lines;
}

/// hot_rule::literal for a `when` that is one finding or `not` one finding; hot_rule::general otherwise.
std::uint32_t literal_of(const std::vector<expr_op>& ops, std::uint32_t begin, std::uint32_t end) {
  const auto fits = [](std::uint32_t f) { return f <= hot_rule::finding_mask; };
  if (end - begin == 1 && ops[begin].k == expr_op::finding && fits(ops[begin].arg)) return hot_rule::positive | ops[begin].arg;
  if (end - begin == 2 && ops[begin].k == expr_op::not_ && ops[begin + 1].k == expr_op::finding && fits(ops[begin + 1].arg))
    return hot_rule::negated | ops[begin + 1].arg;
  return hot_rule::general;
}

void compile_rules(compiled_kb& kb, const grammar::source_manager& sources, const std::vector<std::uint32_t>& order) {
  const model& m = kb.m;
  std::vector<std::int64_t> fact_level(m.facts.size(), -1);
  std::vector<std::vector<std::uint32_t>> finding_rows(m.findings.size()), value_rows(m.values.size()),
      fact_rows(m.facts.size()), condition_rows(m.conditions.size());
  kb.fact_asserter_count.assign(m.facts.size(), 0);
  kb.rule_of_model.assign(m.rules.size(), 0);
  const std::vector<std::uint32_t> lines = rule_lines(m, sources);
  kb.rules.reserve(order.size());
  kb.hot.reserve(order.size());
  std::vector<const model_expr*> ls;
  for (std::uint32_t r = 0; r < order.size(); ++r) {
    const model_rule& mr = m.rules[order[r]];
    compiled_rule cr{mr.span, lines[order[r]], order[r], 0, 0, 0, 0, 0};
    kb.rule_of_model[order[r]] = r;
    ls.clear();
    leaves(mr.when, ls);
    std::int64_t level = 0;
    std::size_t distinct = 0;
    for (const auto* l : ls) {
      auto& rows = l->k == model_expr::kind::finding ? finding_rows : l->k == model_expr::kind::fact ? fact_rows : value_rows;
      if (rows[l->ref].empty() || rows[l->ref].back() != r) {
        rows[l->ref].push_back(r);
        ++distinct;
      }
      if (l->k == model_expr::kind::fact) level = std::max(level, fact_level[l->ref] + 1);
    }
    cr.level = static_cast<std::uint32_t>(level);
    kb.level_count = std::max(kb.level_count, cr.level + 1);
    cr.op_begin = static_cast<std::uint32_t>(kb.ops.size());
    flatten(mr.when, kb.ops);
    cr.op_end = static_cast<std::uint32_t>(kb.ops.size());
    cr.effect_begin = static_cast<std::uint32_t>(kb.effects.size());
    for (const auto& e : mr.effects) {
      const bool evidence = e.k == model_effect::kind::support || e.k == model_effect::kind::oppose;
      kb.effects.push_back({e.k, e.target, evidence ? std::log(e.lr) : 0.0, e.lr, e.weight_text});
      if (evidence && (condition_rows[e.target].empty() || condition_rows[e.target].back() != r))
        condition_rows[e.target].push_back(r);
      if (e.k == model_effect::kind::assert_fact) {
        ++kb.fact_asserter_count[e.target];
        fact_level[e.target] = std::max(fact_level[e.target], level);
      }
    }
    cr.effect_end = static_cast<std::uint32_t>(kb.effects.size());
    kb.hot.push_back({cr.op_begin, cr.effect_begin, cr.effect_end, cr.level,
                      threshold_of(mr, ls.size(), distinct), literal_of(kb.ops, cr.op_begin, cr.op_end)});
    kb.rules.push_back(std::move(cr));
  }
  kb.hot_effects.reserve(kb.effects.size());
  for (const auto& e : kb.effects) kb.hot_effects.push_back({e.weight, e.lr, e.target, e.k});
  kb.finding_readers = csr::from_rows(finding_rows);
  kb.value_readers = csr::from_rows(value_rows);
  kb.fact_readers = csr::from_rows(fact_rows);
  kb.condition_rules = csr::from_rows(condition_rows);
}

/// Findings each condition's rules read, directly or through the facts they read (asserters come first).
void compile_questions(compiled_kb& kb) {
  std::vector<std::vector<std::uint32_t>> rule_findings(kb.rules.size()), fact_findings(kb.m.facts.size());
  for (std::uint32_t r = 0; r < kb.rules.size(); ++r) {
    auto& mine = rule_findings[r];
    for (std::uint32_t i = kb.rules[r].op_begin; i < kb.rules[r].op_end; ++i) {
      const auto& op = kb.ops[i];
      if (op.k == expr_op::finding) mine.push_back(op.arg);
      if (op.k == expr_op::fact) mine.insert(mine.end(), fact_findings[op.arg].begin(), fact_findings[op.arg].end());
    }
    sort_unique(mine);
    for (std::uint32_t e = kb.rules[r].effect_begin; e < kb.rules[r].effect_end; ++e) {
      if (kb.effects[e].k != model_effect::kind::assert_fact) continue;
      auto& f = fact_findings[kb.effects[e].target];
      f.insert(f.end(), mine.begin(), mine.end());
      sort_unique(f);
    }
  }
  std::vector<std::vector<std::uint32_t>> rows(kb.m.conditions.size());
  for (std::size_t c = 0; c < rows.size(); ++c) {
    for (auto r : kb.condition_rules.row(c)) rows[c].insert(rows[c].end(), rule_findings[r].begin(), rule_findings[r].end());
    sort_unique(rows[c]);
    std::sort(rows[c].begin(), rows[c].end(), [&](auto a, auto b) { return kb.finding_order[a] < kb.finding_order[b]; });
  }
  kb.condition_questions = csr::from_rows(rows);
}

void compile_priors(compiled_kb& kb) {
  const model& m = kb.m;
  double sum = 0;
  for (const auto& c : m.conditions) sum += c.prior;
  kb.log_other_prior = std::log(m.other_prior);
  kb.base_z = m.other_prior;
  for (const auto& c : m.conditions) {
    const double pi = (1 - m.other_prior) * c.prior / sum;
    kb.log_prior.push_back(std::log(pi));
    kb.prior_mass.push_back(pi);
    kb.base_z += pi;
  }
}

}  // namespace

std::string compiled_kb::rule_location(rule_id r) const {
  return fmt::format("{}:{}", file_paths.at(rules[r].span.file), rules[r].line);
}

csr csr::from_rows(const std::vector<std::vector<std::uint32_t>>& rows) {
  csr out;
  out.offsets.reserve(rows.size() + 1);
  for (const auto& row : rows) {
    out.items.insert(out.items.end(), row.begin(), row.end());
    out.offsets.push_back(static_cast<std::uint32_t>(out.items.size()));
  }
  return out;
}

std::shared_ptr<compiled_kb> compile(model m, const grammar::source_manager& sources, kb_info info) {
  auto kb = std::make_shared<compiled_kb>();
  kb->m = std::move(m);
  kb->info = std::move(info);
  const auto order = rule_order(kb->m);
  kb->graph = build_graph(kb->m, vertex_layout(kb->m), order);
  kb->finding_order = id_order(kb->m.findings.size(), [&](auto i) -> const std::string& { return kb->m.findings[i].id; });
  kb->condition_order = id_order(kb->m.conditions.size(), [&](auto i) -> const std::string& { return kb->m.conditions[i].id; });
  kb->flag_order = id_order(kb->m.flags.size(), [&](auto i) -> const std::string& { return kb->m.flags[i].id; });
  for (grammar::file_id f = 0; f < sources.size(); ++f) kb->file_paths.push_back(sources.file(f).path());
  compile_rules(*kb, sources, order);
  for (const auto& t : kb->m.tests) kb->test_locations.push_back(rule_location(sources, t.span));
  compile_questions(*kb);
  compile_priors(*kb);
  compile_literal_groups(*kb);
  std::size_t finding_chars = 0;
  for (const auto& f : kb->m.findings) finding_chars += f.id.size();
  kb->finding_names.reserve(kb->m.findings.size(), finding_chars);
  for (std::uint32_t f = 0; f < kb->m.findings.size(); ++f) kb->finding_names.add(kb->m.findings[f].id, {node_kind::finding, f});
  return kb;
}

}  // namespace ddx::engine
