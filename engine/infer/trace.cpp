// engine/infer/trace.cpp: `because` leaves from the final case state, rendered effects, trace steps.
#include "engine/infer/trace.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace ddx::engine::detail {
namespace {

struct collector {
  const compiled_kb& kb;
  const scratch_state& s;
  std::vector<std::string>& because;
  std::vector<std::string>& absent;

  void add(const std::string& name, bool by_absence) {
    if (std::find(because.begin(), because.end(), name) == because.end()) because.push_back(name);
    if (by_absence && std::find(absent.begin(), absent.end(), name) == absent.end()) absent.push_back(name);
  }

  /// Adds the leaves that make ops[at] evaluate to `want` (the caller knows it does).
  void collect(std::uint32_t at, std::uint8_t want) {
    const expr_op& op = kb.ops[at];
    switch (op.k) {
      case expr_op::finding:
      case expr_op::fact:
      case expr_op::compare:
        if (evaluate(kb, s, at) == want) add(leaf_name(kb, op), want == k_false && op.k != expr_op::compare);
        return;
      case expr_op::not_: return collect(at + 1, static_cast<std::uint8_t>(k_true - want));
      case expr_op::unless_: {  // true: the `when` made it (an `unless` that is not true adds nothing)
        const std::uint32_t unless = at + 1 + kb.ops[at + 1].size;
        if (want == k_false && evaluate(kb, s, unless) == k_true) return collect(unless, k_true);
        return collect(at + 1, want);
      }
      default: break;
    }
    // and/true and or/false need every child; otherwise the children that agree with `want` decide.
    const bool every = (op.k == expr_op::and_ && want == k_true) || (op.k == expr_op::or_ && want == k_false);
    for (std::uint32_t c = at + 1; c < at + op.size; c += kb.ops[c].size)
      if (every || evaluate(kb, s, c) == want) collect(c, want);
  }
};

}  // namespace

truth to_truth(std::uint8_t v) {
  return v == k_true ? truth::truth_ : v == k_false ? truth::falsehood : truth::unknown;
}

const std::string& leaf_name(const compiled_kb& kb, const expr_op& op) {
  if (op.k == expr_op::finding) return kb.m.findings[op.arg].id;
  if (op.k == expr_op::fact) return kb.m.facts[op.arg].id;
  return kb.m.values[op.arg].id;
}

void because_of(const compiled_kb& kb, const scratch_state& s, rule_id r, std::vector<std::string>& because,
                std::vector<std::string>& absent) {
  collector{kb, s, because, absent}.collect(kb.hot[r].op_begin, k_true);
}

void unless_held(const compiled_kb& kb, const scratch_state& s, rule_id r, std::vector<std::string>& held,
                 std::vector<std::string>& absent) {
  const std::uint32_t root = kb.hot[r].op_begin;
  if (kb.ops[root].k != expr_op::unless_) return;
  const std::uint32_t unless = root + 1 + kb.ops[root + 1].size;
  if (evaluate(kb, s, unless) == k_true) collector{kb, s, held, absent}.collect(unless, k_true);
}

std::string render_effect(const compiled_kb& kb, rule_id r, std::uint32_t effect) {
  const hot_effect& e = kb.hot_effects[effect];
  const std::string_view weight_text = kb.model_effect_of(r, effect).weight_text;
  switch (e.k) {
    case model_effect::kind::support:
      return fmt::format("for {} {} ({:+.3f})", kb.m.conditions[e.target].id, weight_text, e.weight);
    case model_effect::kind::oppose:
      return fmt::format("against {} {} ({:+.3f})", kb.m.conditions[e.target].id, weight_text, e.weight);
    case model_effect::kind::assert_fact: return "assert " + kb.m.facts[e.target].id;
    case model_effect::kind::raise_flag: return "raise " + kb.m.flags[e.target].id;
  }
  return {};
}

void sort_leaves(const compiled_kb& kb, const scratch_state& s, std::uint32_t at, bool positive,
                 std::vector<std::string>& satisfied, std::vector<std::string>& blocking,
                 std::vector<std::string>& blocking_absent, std::vector<std::string>& waiting) {
  const expr_op& op = kb.ops[at];
  if (op.k == expr_op::not_) return sort_leaves(kb, s, at + 1, !positive, satisfied, blocking, blocking_absent, waiting);
  if (op.k == expr_op::unless_) return sort_leaves(kb, s, at + 1, positive, satisfied, blocking, blocking_absent, waiting);
  if (op.k == expr_op::finding || op.k == expr_op::fact || op.k == expr_op::compare) {
    const auto v = evaluate(kb, s, at);
    auto& into = v == k_unknown ? waiting : (v == k_true) == positive ? satisfied : blocking;
    const std::string& name = leaf_name(kb, op);
    if (std::find(into.begin(), into.end(), name) != into.end()) return;
    into.push_back(name);
    if (&into == &blocking && v == k_false && op.k != expr_op::compare) blocking_absent.push_back(name);
    return;
  }
  for (std::uint32_t c = at + 1; c < at + op.size; c += kb.ops[c].size)
    sort_leaves(kb, s, c, positive, satisfied, blocking, blocking_absent, waiting);
}

std::vector<trace_step> build_trace(const compiled_kb& kb, const scratch_state& s) {
  // The scores are replayed in trace order from the priors: the same sums the chain made (docs/scoring.md), so
  // after the last step every share is the final one. Linear masses as in rank/score.cpp; a normaliser that
  // overflows (evidence beyond e^709) gives score_after 0 rather than a wrong share.
  std::vector<double> log_score(kb.log_prior.begin(), kb.log_prior.end());
  double z = kb.base_z;
  std::vector<trace_step> steps;
  for (rule_id r : s.evaluated) {
    const hot_rule& rule = kb.hot[r];
    trace_step step;
    step.step = static_cast<std::uint32_t>(steps.size() + 1);
    step.rule = kb.rule_location(r);
    step.rule_id = kb.rule_id_of(r);
    step.outcome = to_truth(s.rule(r));
    const bool fired = step.outcome == truth::truth_;
    if (fired) {
      because_of(kb, s, r, step.because, step.because_absent);
      for (std::uint32_t e = rule.effect_begin; e < rule.effect_end; ++e) step.effects.push_back(render_effect(kb, r, e));
    } else {
      std::vector<std::string> satisfied, blocking, blocking_absent, waiting;
      sort_leaves(kb, s, rule.op_begin, true, satisfied, blocking, blocking_absent, waiting);
      if (step.outcome == truth::falsehood) {
        step.blocking = std::move(blocking);
        step.blocking_absent = std::move(blocking_absent);
        unless_held(kb, s, r, step.blocked_by_unless, step.blocked_by_unless_absent);
      } else {
        step.waiting_for = std::move(waiting);
      }
    }
    for (std::uint32_t e = rule.effect_begin; e < rule.effect_end; ++e) {
      const hot_effect& eff = kb.hot_effects[e];
      switch (eff.k) {
        case model_effect::kind::assert_fact: step.asserts.push_back(kb.m.facts[eff.target].id); break;
        case model_effect::kind::raise_flag: step.raises.push_back(kb.m.flags[eff.target].id); break;
        case model_effect::kind::support:
        case model_effect::kind::oppose: {
          trace_change c{kb.m.conditions[eff.target].id, eff.k == model_effect::kind::support, eff.factor, eff.weight, 0};
          if (fired) {
            const double before = std::exp(log_score[eff.target]);
            log_score[eff.target] += eff.weight;
            z += std::exp(log_score[eff.target]) - before;
            c.score_after = std::isfinite(z) && z > 0 ? std::exp(log_score[eff.target] - std::log(z)) : 0.0;
          }
          step.changes.push_back(std::move(c));
          break;
        }
      }
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace ddx::engine::detail
