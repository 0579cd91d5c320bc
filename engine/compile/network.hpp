// engine/compile/network.hpp: the compiled network: Boost.Graph of findings/values/facts -> rules -> effects,
// plus the flat, dense arrays inference runs on (rules in topological order, expressions as op arrays).
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/range/iterator_range.hpp>  // boost::make_iterator_range over vertices/edges, for readers of the graph

#include <cstdint>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "support/huge_pages.hpp"
#include "engine/ids.hpp"
#include "engine/model.hpp"
#include "engine/result.hpp"

namespace ddx::engine {

/// What a vertex of the network stands for.
struct vertex_info {
  node_kind kind = node_kind::finding;
  std::uint32_t index = 0;  ///< dense index within its kind (rules: topological index)
};

/// Edges run input -> rule -> effect target; in-edges are kept too (bidirectional). Immutable once compiled, so a
/// compressed sparse row graph, built in one pass from the edge list (out-edges of a vertex in the order compile
/// listed them: a rule's inputs by vertex, then its effects as written).
using network_graph = boost::compressed_sparse_row_graph<boost::bidirectionalS, vertex_info, boost::no_property,
                                                         boost::no_property, std::uint32_t, std::uint32_t>;

/// Calls fn(source, target) for every edge of `g` in the order compile declares them: rule by rule in model order,
/// the rule's inputs (by vertex) and then its effects' targets (as written). Every edge has a rule at one end, and
/// boost::edges on a CSR graph runs by source vertex instead, so readers that print edges use this order.
template <typename F>
void for_each_edge(const network_graph& g, F fn) {
  for (auto v : boost::make_iterator_range(boost::vertices(g))) {
    if (g[v].kind != node_kind::rule) continue;
    for (auto e : boost::make_iterator_range(boost::in_edges(v, g))) fn(boost::source(e, g), v);
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g))) fn(v, boost::target(e, g));
  }
}

/// Three-valued truth as 0/1/2 so that `and` is min, `or` is max and `not` is 2 - x.
inline constexpr std::uint8_t k_false = 0, k_unknown = 1, k_true = 2;

/// One node of a flattened `when` expression (prefix order; `size` counts this op and its subtree). A rule with an
/// `unless` has an `unless_` root with two children, its `when` then its `unless`: false when the `unless` is true,
/// else the `when`'s value (docs/language.md "rule").
struct expr_op {
  enum kind : std::uint8_t { finding, fact, compare, not_, and_, or_, at_least, unless_ };
  kind k = finding;
  grammar::ast::cmp_op cmp = grammar::ast::cmp_op::eq;
  std::uint32_t arg = 0;   ///< finding / fact / value index, or N of at_least
  std::uint32_t size = 1;
  double number = 0;       ///< compare: right-hand side
};

/// The part of a rule that inference reads on every activation, kept small and contiguous; also where every reader
/// finds a compiled rule's ops (op_begin, and compiled_kb::op_end), effects and level.
struct hot_rule {
  std::uint32_t op_begin = 0;  ///< its `when` (and `unless`) is ops[op_begin .. compiled_kb::op_end(r)), in prefix order
  std::uint32_t effect_begin = 0, effect_end = 0;  ///< its effects: hot_effects[effect_begin .. effect_end)
  std::uint32_t level = 0;  ///< 0: reads no fact; else 1 + the highest level among its facts' asserters
  /// How many distinct inputs must be known before the rule can matter: the fewest known leaves that can make
  /// it true (or, for a rule that asserts a fact, true or false). Below that it is unknown without evaluation.
  std::uint32_t threshold = 1;
  static constexpr std::uint32_t general = 0, positive = 1u << 30, negated = 2u << 30, finding_mask = (1u << 30) - 1;
  /// `when f` / `when not f`: the shape bits | f, so evaluation reads the finding without the op array.
  std::uint32_t literal = general;
};

/// A compiled effect, 24 bytes: what inference applies, and what explanations and renderers read (the weight as
/// written is in the model effect: compiled_kb::model_effect_of).
struct hot_effect {
  double weight = 0;  ///< ln(lr) for support/oppose, 0 for the others
  double factor = 1;  ///< lr itself: the condition's linear-domain score is multiplied by it (docs/scoring.md)
  std::uint32_t target = 0;
  model_effect::kind k = model_effect::kind::support;
};

/// What a compiled rule has beyond its hot_rule (op and effect ranges, level): its id, text and span live in its
/// model rule (compiled_kb::model_rule_of), and its "path:line" is built on demand (compiled_kb::rule_location) from
/// the span's file and `line`, so a compiled rule is 8 bytes and holds no string.
struct compiled_rule {
  std::uint32_t line = 0;         ///< 1-based line of the `rule` keyword
  std::uint32_t model_index = 0;  ///< index in model::rules (declaration order)
};

/// Compressed adjacency: items of row i are items[offsets[i] .. offsets[i + 1]).
struct csr {
  std::vector<std::uint32_t> offsets{0};
  support::huge_vector<std::uint32_t> items;
  std::span<const std::uint32_t> row(std::size_t i) const {
    return {items.data() + offsets[i], items.data() + offsets[i + 1]};
  }
  static csr from_rows(const std::vector<std::vector<std::uint32_t>>& rows);
};

/// One-finding rules (`when f`, `when not f`) that only add evidence or raise flags, grouped by the finding
/// state that makes them true. Their value follows from the finding's, so inference applies a whole group when
/// the finding is set, from contiguous arrays, instead of scheduling and evaluating its rules one by one.
/// Row 2f: rules true when f is present; row 2f + 1: when f is absent. Built by compile_literal_groups.
struct literal_groups {
  csr rules;  ///< compiled rule indices, compiled order within a row
  /// The rows' `for` / `against` effects, rule by rule: row i has effects[effect_offsets[i] .. [i + 1]).
  std::vector<std::uint32_t> effect_offsets{0};
  support::huge_vector<hot_effect> effects;
  /// The rows' raised flags, rule by rule, kept apart so that the evidence loop has no other kind to test (flag
  /// rules are few): row i has flags[flag_offsets[i] .. [i + 1]).
  struct raised { flag_id flag; rule_id rule; };
  std::vector<std::uint32_t> flag_offsets{0};
  std::vector<raised> flags;
  std::vector<std::uint8_t> grouped;  ///< per compiled rule: 1 when it is in a group
};

/// The whole compiled knowledge base: data only, immutable after compile(). Per-case state lives in
/// detail::scratch_state, and how inference runs over it in detail::chain_tuning.
struct compiled_kb {
  model m;
  kb_info info;
  std::vector<std::string> test_locations;  ///< "path:line" of each model test
  std::vector<std::string> file_paths;      ///< path of each source file, by file_id (for rule_location)

  /// The large arrays are huge_vectors (support/huge_pages.hpp): cheaper to fill at the scale of DXplain.
  support::huge_vector<compiled_rule> rules;  ///< rule_schedule (compile.hpp): after every asserter of the facts it reads
  support::huge_vector<hot_rule> hot;         ///< same order as `rules`: ops, effects and level of each
  support::huge_vector<rule_id> rule_of_model;  ///< model rule index -> compiled rule index
  support::huge_vector<expr_op> ops;
  support::huge_vector<hot_effect> hot_effects;  ///< every rule's effects, rule by rule ([effect_begin, effect_end) of each)
  std::uint32_t level_count = 0;

  csr finding_readers;  ///< finding -> rules whose `when` reads it
  /// Finding ids only, in their own small table: what resolving a case looks up. `m.names` holds every name of
  /// a large knowledge base (hundreds of thousands), so a lookup there is a cache miss or two per id.
  interner finding_names;
  literal_groups groups;        ///< one-finding evidence rules by finding state
  csr general_finding_readers;  ///< finding_readers without the grouped rules (what inference schedules)
  /// Per item of general_finding_readers, what scheduling needs from the rule's hot_rule, so that a finding's
  /// readers are scheduled from two streaming arrays and only the rule's slot is a random access.
  /// A pair rule's `when` reads exactly two distinct findings and nothing else (`f and g`, `f and not g`, `f or g`).
  /// It joins its level's bucket when the first of them is set (threshold 1) or the second (threshold 2), so its gate
  /// holds the other finding instead of a threshold (which is 1 + needs_both), and scheduling can read that finding's
  /// slot (a small array) instead of counting known inputs in the rule's slot (a random access into an array of every
  /// rule; chain_tuning::pair_gates).
  struct reader_gate {
    std::uint32_t threshold = 1;      ///< hot_rule::threshold; for a pair rule, the other finding
    std::uint32_t level : 29 = 0;     ///< hot_rule::level
    std::uint32_t one_finding : 1 = 0;  ///< hot_rule::literal != general
    std::uint32_t pair : 1 = 0;       ///< a pair rule: `threshold` is the other finding
    std::uint32_t needs_both : 1 = 0;  ///< a pair rule of threshold 2 (else 1)
  };
  static_assert(sizeof(reader_gate) == 8);
  std::vector<reader_gate> general_reader_gates;
  csr value_readers;
  csr fact_readers;
  std::vector<std::uint32_t> fact_asserter_count;
  csr condition_rules;      ///< condition -> rules with a for/against effect on it (compiled order)
  csr condition_questions;  ///< condition -> findings its rules read, directly or through facts (by id)
  /// Per compiled rule, 1 when its effects can reach a score: a for/against, or a fact that such a rule reads (in its
  /// `when` or `unless`). The question search weighs scores only, so it follows these rules alone
  /// (rank/next_question_fast.cpp); a red-flag rule, or the asserter of a fact only flag rules read, reaches none.
  std::vector<std::uint8_t> rule_reaches_score;
  /// Per finding, 1 when the `unless` of a rule that reaches a score reads it, directly or through the facts it reads;
  /// empty when no such rule has an `unless`. Knowing such a finding can turn a rule that fired false (its `unless`
  /// becomes true), which the next-question search from the case's state cannot follow.
  std::vector<std::uint8_t> unless_findings;

  std::vector<double> log_prior;   ///< per condition
  std::vector<double> prior_mass;  ///< per condition: exp(log_prior), so Z costs one exp per touched condition
  double log_other_prior = 0;
  /// Some condition declares an urgency, so triage looks at the supported conditions' levels (rank/triage.cpp).
  bool conditions_have_urgency = false;
  double base_z = 1;               ///< exp(log_other_prior) + sum of exp(log_prior) over every condition
  std::vector<std::uint32_t> condition_order;  ///< rank of each condition's id in id order (tie-break)
  std::vector<std::uint32_t> flag_order;
  std::vector<std::uint32_t> finding_order;

  /// End of compiled rule `r`'s ops (every rule has a `when`, so at least one op: the root's size is the count).
  std::uint32_t op_end(rule_id r) const { return hot[r].op_begin + ops[hot[r].op_begin].size; }
  /// The model rule (id, text, span, sources) of compiled rule `r`.
  const model_rule& model_rule_of(rule_id r) const { return m.rules[rules[r].model_index]; }
  std::string_view rule_id_of(rule_id r) const { return model_rule_of(r).id; }
  /// The model effect (weight as written, span) of effect `e` of compiled rule `r` (hot[r].effect_begin <= e).
  const model_effect& model_effect_of(rule_id r, std::uint32_t e) const {
    return model_rule_of(r).effects[e - hot[r].effect_begin];
  }
  /// "path:line" of compiled rule `r`'s `rule` keyword.
  std::string rule_location(rule_id r) const;

  /// The network as a graph (engine/compile/graph.cpp). Inference never reads it, only renderings and dumps do,
  /// so it is built from the arrays above on first use (once, thread-safe), not by compile().
  const network_graph& graph() const;

 private:
  mutable std::once_flag graph_once_;
  mutable network_graph graph_;
};

}  // namespace ddx::engine
