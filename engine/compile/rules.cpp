// engine/compile/rules.cpp: the rules' dense arrays (compiled rules, hot rules, ops, effects) and reader tables.
#include <algorithm>
#include <cmath>
#include <string_view>

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

/// Writes `e` at ops[next...] in prefix order (`size` counts an op and its subtree) and returns what it needs, in
/// the same walk (no sort needed for and/or: all of one side, the cheapest of the other).
need flatten(const model_expr& e, support::huge_vector<expr_op>& ops, std::uint32_t& next) {
  using K = model_expr::kind;
  const std::uint32_t at = next++;
  ops[at] = op_of(e);
  child_needs c;
  for (const auto& child : e.children) c.add(flatten(child, ops, next), e.k == K::at_least);
  ops[at].size = next - at;
  switch (e.k) {
    case K::not_: return {c.first.no, c.first.yes};
    case K::and_: return {c.sum.yes, c.least.no};
    case K::or_: return {c.least.yes, c.sum.no};
    case K::at_least: return c.at_least(e.n);
    default: return {};
  }
}

/// Writes rule `mr`'s `when` (with an `unless`: under an unless_ root, the `unless` after it) and returns what it
/// needs: to be true, what its `when` needs (an unknown `unless` does not stop it); to be false, what its `when` needs
/// to be false or its `unless` to be true, whichever is fewer.
need flatten_rule(const model_rule& mr, support::huge_vector<expr_op>& ops, std::uint32_t& next) {
  if (!mr.unless) return flatten(mr.when, ops, next);
  const std::uint32_t at = next++;
  ops[at] = {};
  ops[at].k = expr_op::unless_;
  const need when = flatten(mr.when, ops, next);
  const need unless = flatten(*mr.unless, ops, next);
  ops[at].size = next - at;
  return {when.yes, std::min(when.no, unless.yes)};
}

/// Every array sized once (no growth and copy), and each compiled rule's op and effect
/// ranges, so that the rules can be compiled in model order (the order the model lies in memory).
void lay_out(compiled_kb& kb, const rule_schedule& s) {
  const model& m = kb.m;
  // Every array is allocated before any is written, the last written first: each large allocation hands its pages
  // to the page filler (support::background_page_filler, one queue in allocation order), which then maps the later
  // arrays while this thread writes the first ones, instead of meeting it halfway through each array as it is written.
  std::size_t op_total = 0, effect_total = 0;
  for (const auto r : s.order) {
    op_total += s.op_count[r];
    effect_total += s.effect_count[r];
  }
  kb.hot_effects.reserve(effect_total);
  kb.ops.reserve(op_total);
  kb.hot.reserve(m.rules.size());
  kb.rules.reserve(m.rules.size());
  kb.rule_of_model.reserve(m.rules.size());
  kb.rule_of_model.resize(m.rules.size());
  for (std::uint32_t r = 0; r < s.order.size(); ++r) kb.rule_of_model[s.order[r]] = r;
  kb.rules.resize(m.rules.size());
  kb.hot.resize(m.rules.size());
  std::uint32_t ops = 0, effects = 0;
  for (std::uint32_t r = 0; r < s.order.size(); ++r) {
    hot_rule& h = kb.hot[r];
    h.op_begin = ops;
    ops += s.op_count[s.order[r]];
    h.effect_begin = effects;
    h.effect_end = effects += s.effect_count[s.order[r]];
  }
  kb.ops.resize(ops);
  kb.hot_effects.resize(effects);
}

/// hot_rule::literal for a `when` that is one finding or `not` one finding; hot_rule::general otherwise.
std::uint32_t literal_of(const support::huge_vector<expr_op>& ops, std::uint32_t begin, std::uint32_t end) {
  const auto fits = [](std::uint32_t f) { return f <= hot_rule::finding_mask; };
  if (end - begin == 1 && ops[begin].k == expr_op::finding && fits(ops[begin].arg)) return hot_rule::positive | ops[begin].arg;
  if (end - begin == 2 && ops[begin].k == expr_op::not_ && ops[begin + 1].k == expr_op::finding && fits(ops[begin + 1].arg))
    return hot_rule::negated | ops[begin + 1].arg;
  return hot_rule::general;
}

/// 1-based lines of the rules' `rule` keywords, asked in declaration order (which is file order): by counting
/// line breaks forward from the previous rule of the same file, instead of a line lookup per rule.
class rule_lines {
 public:
  explicit rule_lines(const grammar::source_manager& sources) : sources_(sources), at_(sources.size()) {}

  std::uint32_t line_of(const grammar::source_span& span) {
    const auto& f = sources_.file(span.file);
    cursor& c = at_[span.file];
    if (span.begin < c.offset || span.begin > f.text().size()) return f.location(span.begin).line;  // out of order
    c.line += line_breaks(std::string_view(f.text()).substr(c.offset, span.begin - c.offset));
    c.offset = span.begin;
    return c.line;
  }

 private:
  struct cursor {
    std::uint32_t offset = 0, line = 1;
  };
  /// A 32-bit count (std::count's is 64-bit), which vectorizes twice as wide.
  static std::uint32_t line_breaks(std::string_view text) {
    std::uint32_t n = 0;
    for (const char c : text) n += c == '\n';
    return n;
  }
  const grammar::source_manager& sources_;
  std::vector<cursor> at_;
};

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

/// What a rule reads: its leaves and how many distinct inputs they are.
struct rule_inputs {
  std::size_t leaves = 0, distinct = 0;
};

/// Counts compiled rule `r` in the reader tables of its inputs.
rule_inputs count_inputs(const support::huge_vector<expr_op>& ops, std::uint32_t begin, std::uint32_t end, std::uint32_t r,
                         reader_tables& t) {
  rule_inputs in;
  for (std::uint32_t i = begin; i < end; ++i) {
    auto* table = t.of(ops[i].k);
    if (!table) continue;
    ++in.leaves;
    if (table->count(ops[i].arg, r)) ++in.distinct;
  }
  return in;
}

/// Compiles model rule `mr` into compiled rule `r`, whose op and effect ranges lay_out has set.
void compile_rule(compiled_kb& kb, const model_rule& mr, std::uint32_t r, reader_tables& t) {
  hot_rule& h = kb.hot[r];
  std::uint32_t next = h.op_begin;
  const need n = flatten_rule(mr, kb.ops, next);
  const rule_inputs in = count_inputs(kb.ops, h.op_begin, next, r, t);
  bool asserts = false;
  for (std::uint32_t e = h.effect_begin; e < h.effect_end; ++e) {
    const model_effect& me = mr.effects[e - h.effect_begin];
    const bool evidence = me.k == model_effect::kind::support || me.k == model_effect::kind::oppose;
    kb.hot_effects[e] = {evidence ? std::log(me.lr) : 0.0, me.lr, me.target, me.k};
    if (evidence) t.conditions.count(me.target, r);
    if (me.k != model_effect::kind::assert_fact) continue;
    asserts = true;
    ++kb.fact_asserter_count[me.target];
  }
  // See hot_rule::threshold. A leaf used twice could be counted twice, so such rules use 1.
  const std::uint32_t threshold = in.leaves != in.distinct ? 1 : std::max<std::uint32_t>(1, asserts ? std::min(n.yes, n.no) : n.yes);
  h.threshold = threshold;
  h.literal = literal_of(kb.ops, h.op_begin, next);
}

/// Second pass: every rule, in compiled order, into the rows it was counted in.
void fill_tables(compiled_kb& kb, reader_tables& t) {
  for (auto* table : {&t.findings, &t.values, &t.facts, &t.conditions}) table->start();
  for (std::uint32_t r = 0; r < kb.rules.size(); ++r) {
    const hot_rule& h = kb.hot[r];
    for (std::uint32_t i = h.op_begin, end = kb.op_end(r); i < end; ++i)
      if (auto* table = t.of(kb.ops[i].k)) table->add(kb.ops[i].arg, r);
    for (std::uint32_t e = h.effect_begin; e < h.effect_end; ++e)
      if (kb.hot_effects[e].k == model_effect::kind::support || kb.hot_effects[e].k == model_effect::kind::oppose)
        t.conditions.add(kb.hot_effects[e].target, r);
  }
  kb.finding_readers = t.findings.finish();
  kb.value_readers = t.values.finish();
  kb.fact_readers = t.facts.finish();
  kb.condition_rules = t.conditions.finish();
}

}  // namespace

void compile_rules(compiled_kb& kb, const grammar::source_manager& sources, const rule_schedule& s) {
  const model& m = kb.m;
  lay_out(kb, s);
  reader_tables t(m);
  kb.fact_asserter_count.assign(m.facts.size(), 0);
  rule_lines lines(sources);
  for (std::uint32_t mr = 0; mr < m.rules.size(); ++mr) {  // model order: the model is read front to back
    const std::uint32_t r = kb.rule_of_model[mr];
    kb.rules[r] = {lines.line_of(m.rules[mr].span), mr};
    kb.hot[r].level = s.level[mr];
    kb.level_count = std::max(kb.level_count, s.level[mr] + 1);
    compile_rule(kb, m.rules[mr], r, t);
  }
  fill_tables(kb, t);
}

}  // namespace ddx::engine::detail
