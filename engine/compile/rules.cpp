// engine/compile/rules.cpp: the rules' dense arrays (compiled rules, hot rules, ops, effects) and reader tables.
#include <algorithm>
#include <cmath>

#include "engine/compile/csr_builder.hpp"
#include "engine/compile/steps.hpp"

namespace ddx::engine::detail {
namespace {

/// Fewest known leaves that can make an expression true / false.
struct need {
  std::uint32_t yes = 1, no = 1;
};

/// The needs of an expression's children, gathered while they are flattened.
struct child_needs {
  std::size_t count = 0;
  need first;
  need sum{0, 0}, least{~0u, ~0u};
  std::vector<std::uint32_t> yes, no;  ///< every child's, for at_least only

  void add(need n, bool keep_all) {
    if (count++ == 0) first = n;
    sum = {sum.yes + n.yes, sum.no + n.no};
    least = {std::min(least.yes, n.yes), std::min(least.no, n.no)};
    if (!keep_all) return;
    yes.push_back(n.yes);
    no.push_back(n.no);
  }

  /// at_least N of k children: the N cheapest to make true, or the k - N + 1 cheapest to make false.
  need at_least(std::uint32_t n_arg) {
    std::sort(yes.begin(), yes.end());
    std::sort(no.begin(), no.end());
    auto sum_first = [](const std::vector<std::uint32_t>& v, std::size_t k) {
      std::uint32_t s = 0;
      for (std::size_t i = 0; i < k && i < v.size(); ++i) s += v[i];
      return s;
    };
    const std::size_t k = yes.size();
    const std::size_t n = std::min<std::size_t>(std::max<std::uint32_t>(n_arg, 1), k);
    return {sum_first(yes, n), sum_first(no, k - n + 1)};
  }
};

expr_op op_of(const model_expr& e) {
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
  return op;
}

/// Appends `e` to `ops` in prefix order (`size` counts an op and its subtree) and returns what it needs, in the
/// same walk (no sort needed for and/or: all of one side, the cheapest of the other).
need flatten(const model_expr& e, std::vector<expr_op>& ops) {
  using K = model_expr::kind;
  const std::size_t at = ops.size();
  ops.push_back(op_of(e));
  child_needs c;
  for (const auto& child : e.children) c.add(flatten(child, ops), e.k == K::at_least);
  ops[at].size = static_cast<std::uint32_t>(ops.size() - at);
  switch (e.k) {
    case K::not_: return {c.first.no, c.first.yes};
    case K::and_: return {c.sum.yes, c.least.no};
    case K::or_: return {c.least.yes, c.sum.no};
    case K::at_least: return c.at_least(e.n);
    default: return {};
  }
}

/// hot_rule::literal for a `when` that is one finding or `not` one finding; hot_rule::general otherwise.
std::uint32_t literal_of(const std::vector<expr_op>& ops, std::uint32_t begin, std::uint32_t end) {
  const auto fits = [](std::uint32_t f) { return f <= hot_rule::finding_mask; };
  if (end - begin == 1 && ops[begin].k == expr_op::finding && fits(ops[begin].arg)) return hot_rule::positive | ops[begin].arg;
  if (end - begin == 2 && ops[begin].k == expr_op::not_ && ops[begin + 1].k == expr_op::finding && fits(ops[begin + 1].arg))
    return hot_rule::negated | ops[begin + 1].arg;
  return hot_rule::general;
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

/// The reader tables, counted while the rules compile and filled afterwards from the ops and effects.
struct reader_tables {
  distinct_csr_builder findings, values, facts, conditions;
  explicit reader_tables(const model& m)
      : findings(m.findings.size()), values(m.values.size()), facts(m.facts.size()), conditions(m.conditions.size()) {}
  /// The table of a leaf op's kind, or null for an operator.
  distinct_csr_builder* of(expr_op::kind k) {
    return k == expr_op::finding ? &findings : k == expr_op::fact ? &facts : k == expr_op::compare ? &values : nullptr;
  }
};

/// What a rule reads: its leaves, how many distinct inputs they are, and the rule's level (compiled_rule::level).
struct rule_inputs {
  std::size_t leaves = 0, distinct = 0;
  std::int64_t level = 0;
};

rule_inputs count_inputs(const std::vector<expr_op>& ops, const compiled_rule& cr, std::uint32_t r, reader_tables& t,
                         const std::vector<std::int64_t>& fact_level) {
  rule_inputs in;
  for (std::uint32_t i = cr.op_begin; i < cr.op_end; ++i) {
    auto* table = t.of(ops[i].k);
    if (!table) continue;
    ++in.leaves;
    if (table->count(ops[i].arg, r)) ++in.distinct;
    if (ops[i].k == expr_op::fact) in.level = std::max(in.level, fact_level[ops[i].arg] + 1);
  }
  return in;
}

/// Compiles model rule `mr` as compiled rule `r` (every rule before it in compiled order is compiled).
void compile_rule(compiled_kb& kb, const model_rule& mr, compiled_rule cr, std::uint32_t r, reader_tables& t,
                  std::vector<std::int64_t>& fact_level) {
  kb.rule_of_model[cr.model_index] = r;
  cr.op_begin = static_cast<std::uint32_t>(kb.ops.size());
  const need n = flatten(mr.when, kb.ops);
  cr.op_end = static_cast<std::uint32_t>(kb.ops.size());
  const rule_inputs in = count_inputs(kb.ops, cr, r, t, fact_level);
  cr.level = static_cast<std::uint32_t>(in.level);
  kb.level_count = std::max(kb.level_count, cr.level + 1);
  cr.effect_begin = static_cast<std::uint32_t>(kb.effects.size());
  bool asserts = false;
  for (const auto& e : mr.effects) {
    const bool evidence = e.k == model_effect::kind::support || e.k == model_effect::kind::oppose;
    const compiled_effect& ce = kb.effects.emplace_back(compiled_effect{e.k, e.target, evidence ? std::log(e.lr) : 0.0, e.lr});
    kb.hot_effects.push_back({ce.weight, ce.lr, ce.target, ce.k});
    if (evidence) t.conditions.count(e.target, r);
    if (e.k != model_effect::kind::assert_fact) continue;
    asserts = true;
    ++kb.fact_asserter_count[e.target];
    fact_level[e.target] = std::max(fact_level[e.target], in.level);
  }
  cr.effect_end = static_cast<std::uint32_t>(kb.effects.size());
  // See hot_rule::threshold. A leaf used twice could be counted twice, so such rules use 1.
  const std::uint32_t threshold = in.leaves != in.distinct ? 1 : std::max<std::uint32_t>(1, asserts ? std::min(n.yes, n.no) : n.yes);
  kb.hot.push_back({cr.op_begin, cr.effect_begin, cr.effect_end, cr.level, threshold, literal_of(kb.ops, cr.op_begin, cr.op_end)});
  kb.rules.push_back(cr);
}

/// Second pass: every rule, in compiled order, into the rows it was counted in.
void fill_tables(compiled_kb& kb, reader_tables& t) {
  for (auto* table : {&t.findings, &t.values, &t.facts, &t.conditions}) table->start();
  for (std::uint32_t r = 0; r < kb.rules.size(); ++r) {
    const compiled_rule& cr = kb.rules[r];
    for (std::uint32_t i = cr.op_begin; i < cr.op_end; ++i)
      if (auto* table = t.of(kb.ops[i].k)) table->add(kb.ops[i].arg, r);
    for (std::uint32_t e = cr.effect_begin; e < cr.effect_end; ++e)
      if (kb.effects[e].k == model_effect::kind::support || kb.effects[e].k == model_effect::kind::oppose)
        t.conditions.add(kb.effects[e].target, r);
  }
  kb.finding_readers = t.findings.finish();
  kb.value_readers = t.values.finish();
  kb.fact_readers = t.facts.finish();
  kb.condition_rules = t.conditions.finish();
}

}  // namespace

void compile_rules(compiled_kb& kb, const grammar::source_manager& sources, const std::vector<std::uint32_t>& order) {
  const model& m = kb.m;
  reader_tables t(m);
  std::vector<std::int64_t> fact_level(m.facts.size(), -1);
  kb.fact_asserter_count.assign(m.facts.size(), 0);
  kb.rule_of_model.assign(m.rules.size(), 0);
  std::size_t effects = 0;
  for (const auto& r : m.rules) effects += r.effects.size();
  kb.rules.reserve(order.size());
  kb.hot.reserve(order.size());
  kb.effects.reserve(effects);
  kb.hot_effects.reserve(effects);
  const std::vector<std::uint32_t> lines = rule_lines(m, sources);
  for (std::uint32_t r = 0; r < order.size(); ++r) {
    const model_rule& mr = m.rules[order[r]];
    compile_rule(kb, mr, {mr.span, lines[order[r]], order[r], 0, 0, 0, 0, 0}, r, t, fact_level);
  }
  fill_tables(kb, t);
}

}  // namespace ddx::engine::detail
