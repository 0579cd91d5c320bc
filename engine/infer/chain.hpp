// engine/infer/chain.hpp: forward chaining for one case: per-case scratch state and the worklist run.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/case.hpp"
#include "engine/deadline.hpp"
#include "engine/compile/network.hpp"
#include "engine/infer/tuning.hpp"

namespace ddx::engine::detail {

/// Everything one case changes. Arrays are sized to the knowledge base once (bind) and tagged with the
/// generation of the case that wrote them, so nothing KB-sized is cleared between cases.
struct scratch_state {
  const compiled_kb* owner = nullptr;
  std::uint32_t gen = 0;

  struct finding_slot { std::uint32_t gen = 0; std::uint8_t value = k_unknown; };
  struct value_slot { std::uint32_t gen = 0; double number = 0; };
  struct fact_slot { std::uint32_t gen = 0; std::uint8_t value = k_unknown; std::uint32_t false_count = 0; };
  /// `known` counts the rule's inputs known so far; `value` is set once the rule was evaluated.
  struct rule_slot { std::uint32_t gen = 0; std::uint8_t value = k_unknown; std::uint32_t known = 0; };
  /// `log_score` is ln(prior) + the sum of ln(lr); `linear` is prior x the product of lr, the same number out of
  /// the log domain, so the normaliser Z needs no exp per touched condition (rank/score.cpp).
  struct condition_slot { std::uint32_t gen = 0; bool has_for = false; double log_score = 0; double linear = 0; };
  struct flag_slot { std::uint32_t gen = 0; std::uint32_t rule = 0; };

  std::vector<finding_slot> findings;
  std::vector<value_slot> values;
  std::vector<fact_slot> facts;
  std::vector<rule_slot> rules;  ///< gen == current: at least one input known
  std::vector<condition_slot> conditions;
  std::vector<flag_slot> flags;

  std::vector<std::vector<rule_id>> buckets;  ///< scheduled rules per level
  bool record_steps = false;                  ///< fill `evaluated` (only `--trace` reads it)
  std::vector<rule_id> evaluated;             ///< evaluation order, when record_steps
  engine::deadline deadline;                  ///< the running diagnosis's (diagnose_options::deadline); unset between calls
  std::vector<rule_id> fired;                 ///< rules whose `when` was true, evaluation order (rank_case moves it out)
  /// The conditions whose slot this case set, in first-touch order: the first `touched_count` entries of
  /// `touched_buffer`, which has room for every condition plus one, so that recording a touch is a store whose
  /// count advances only on a first touch. With chain_tuning::dense_conditions, every condition.
  std::vector<condition_id> touched_buffer;
  std::uint32_t touched_count = 0;
  std::span<const condition_id> touched_conditions() const { return {touched_buffer.data(), touched_count}; }
  /// The prior mass of the conditions no evidence touched: base_z minus every touched condition's prior mass, or
  /// exp(log_other_prior) with chain_tuning::dense_conditions (rank/score.cpp).
  double untouched_mass = 0;
  double other_mass = 0;  ///< exp(log_other_prior): the untouched mass when every condition is touched
  /// Which speed tricks run (bind chooses them by the knowledge base's size).
  chain_tuning tuning;
  /// Sets `tuning` (after bind: bind chooses anew); with dense_conditions, every condition is touched from the start.
  void tune(const chain_tuning& t);
  /// `for` and `against` effects applied this case: at least the number of conditions with evidence, so that
  /// ranking can tell a case with few candidates from one with many before looking at them.
  std::uint32_t evidence_applied = 0;
  std::vector<flag_id> raised_flags;
  std::vector<fact_id> true_facts;
  /// Per condition, the last simulated answer that changed it (rank/next_question_fast.cpp; sized there on first use).
  std::vector<std::uint32_t> question_marks;
  /// Per rule, the inputs the last simulated answer that reached it made known: {epoch, count} (the same file).
  struct question_count { std::uint32_t epoch = 0, added = 0; };
  std::vector<question_count> question_counts;
  std::uint32_t question_epoch = 0;

  /// Sizes the arrays for `kb` and chooses the tuning for it (only when bound to another knowledge base).
  void bind(const compiled_kb& kb);
  /// Starts a new case: bumps the generation and empties the touched lists.
  void begin_case();

  std::uint8_t finding(finding_id f) const { return findings[f].gen == gen ? findings[f].value : k_unknown; }
  std::uint8_t fact(fact_id f) const { return facts[f].gen == gen ? facts[f].value : k_unknown; }
  bool has_value(value_id v) const { return values[v].gen == gen; }
  /// A rule's value in this case. A one-finding rule's value is its finding's (grouped rules are never
  /// evaluated one by one, so their slot is not written).
  std::uint8_t rule(rule_id r) const {
    if (rules[r].gen == gen) return rules[r].value;
    const std::uint32_t literal = owner->hot[r].literal;
    if (literal == hot_rule::general) return k_unknown;
    const std::uint8_t f = finding(literal & hot_rule::finding_mask);
    return (literal & hot_rule::negated) ? static_cast<std::uint8_t>(k_true - f) : f;
  }
};

/// Three-valued value of the expression rooted at ops[at] under the current case state.
std::uint8_t evaluate(const compiled_kb& kb, const scratch_state& s, std::uint32_t at);

/// Runs forward chaining for `c`: seeds from its findings and values only, evaluates reached rules level by
/// level (topological order), and leaves the outcome in `s`.
void run_chain(const compiled_kb& kb, const resolved_case& c, scratch_state& s);

}  // namespace ddx::engine::detail
