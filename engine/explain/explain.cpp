// engine/explain/explain.cpp: rule statuses (satisfied / blocking / waiting_for) and the summary sentence.
#include "engine/explain/explain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/infer/trace.hpp"
#include "engine/rank/score.hpp"
#include "engine/rank/triage.hpp"

namespace ddx::engine::detail {
namespace {

rule_status status_of(const compiled_kb& kb, const scratch_state& s, rule_id r, const hot_effect& e) {
  const hot_rule& rule = kb.hot[r];
  rule_status st;
  st.rule = kb.rule_location(r);
  st.rule_id = kb.model_rule_of(r).id;
  st.text = kb.model_rule_of(r).text;
  st.supports = e.k == model_effect::kind::support;
  st.weight = e.weight;
  // Rules below their threshold were never evaluated; their value under the final state is still well defined.
  st.outcome = to_truth(evaluate(kb, s, rule.op_begin));
  sort_leaves(kb, s, rule.op_begin, true, st.satisfied, st.blocking, st.blocking_absent, st.waiting_for);
  unless_held(kb, s, r, st.blocked_by_unless, st.blocked_by_unless_absent);
  // Stopped by its `unless`: what its `when` still waits for cannot make it fire, so it is not listed as waiting.
  if (!st.blocked_by_unless.empty()) st.waiting_for.clear();
  return st;
}

std::string plural(std::size_t n, const char* word) { return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s"); }

std::string summary(const explanation& x, std::size_t listed) {
  std::size_t for_fired = 0, against_fired = 0, waiting = 0, blocked = 0;
  for (const auto& r : x.rules) {
    if (r.outcome == truth::truth_) ++(r.supports ? for_fired : against_fired);
    if (r.outcome == truth::unknown && !r.waiting_for.empty()) ++waiting;
    blocked += !r.blocked_by_unless.empty();
  }
  const std::string head = x.rank ? fmt::format("`{}` is ranked {} of {} with score {:.2f}", x.condition, *x.rank, listed, x.score)
                                  : fmt::format("`{}` is not in the differential", x.condition);
  std::string out = fmt::format("{}: {} for it and {} against it fired, and {} {} waiting for unknown findings", head,
                                plural(for_fired, "rule"), plural(against_fired, "rule"), waiting,
                                waiting == 1 ? "is" : "are");
  if (blocked > 0) out += fmt::format("; {} {} stopped by {} `unless`", plural(blocked, "rule"), blocked == 1 ? "is" : "are",
                                      blocked == 1 ? "its" : "their");
  return out;
}

std::string level_name(triage_level l) { return fmt::format("`{}`", triage_name(l)); }

/// The condition's part in triage, then what set the level: "Its urgency `modify_training` counts toward triage: it
/// holds 0.62 of the supported conditions' summed score, and those counting at `modify_training` or above hold 0.90,
/// above the threshold 0.5. Triage is `stop_and_assess`, set by flag `red_flag_limp`." A range says the level it counts at, and
/// which flag lowered it to the range's lower end.
std::string triage_summary(const explanation& x, const raw_ranking& raw, double threshold, const model_flag* overriding,
                           std::optional<triage_level> counted) {
  std::string out;
  std::string declared;  // "`modify_training`", or a range "`self_care` to `modify_training`"
  if (x.urgency) declared = x.urgency_low ? fmt::format("{} to {}", level_name(*x.urgency_low), level_name(*x.urgency))
                                          : level_name(*x.urgency);
  const double share = raw.supported_score > 0 ? x.score / raw.supported_score : 0.0;
  const auto held = [&](triage_level l) { return raw.share_at_least[static_cast<std::size_t>(l)]; };
  if (!x.urgency) {
    out = "It declares no urgency, so it never sets triage.";
  } else if (x.counts_for_triage && raw.condition_level) {
    const triage_level level = *raw.condition_level;
    const std::string base = fmt::format(
        "it holds {:.2f} of the supported conditions' summed score, and those counting at {} or above hold {:.2f}, "
        "above the threshold {}",
        share, level_name(level), held(level), threshold);
    if (x.counted_urgency && *x.counted_urgency > level)
      out = fmt::format("Its urgency {} counts toward triage as one of the conditions counting at {} or above, which "
                        "hold {:.2f} of the supported conditions' summed score, above the threshold {}; it holds {:.2f}, "
                        "and those counting at {} or above {:.2f}, not above the threshold.",
                        declared, level_name(level), held(level), threshold, share, level_name(*x.counted_urgency),
                        held(*x.counted_urgency));
    else if (x.counted_urgency && *x.counted_urgency < *x.urgency && overriding)
      out = fmt::format("Its urgency {} counts toward triage at {}: flag `{}` overrides urgencies up to {}, so it counts "
                        "at the lower end of its range; {}.",
                        declared, level_name(*x.counted_urgency), overriding->id, level_name(*overriding->overrides),
                        base);
    else
      out = fmt::format("Its urgency {} counts toward triage{}: {}.", declared,
                        x.urgency_low ? fmt::format(" at {}", level_name(*x.counted_urgency)) : std::string(), base);
  } else if (!counted) {
    out = fmt::format("Its urgency {} does not count toward triage: no rule for it fired.", declared);
  } else if (raw.condition_level && *counted < *raw.condition_level) {
    out = fmt::format("Its urgency {} does not count toward triage: the supported conditions counting at {} or above "
                      "hold {:.2f} of their summed score, above the threshold {}, so that more urgent level applies.",
                      declared, level_name(*raw.condition_level), held(*raw.condition_level), threshold);
  } else {
    const triage_level level = *counted;
    out = fmt::format("Its urgency {} does not count toward triage: the supported conditions counting at {} or above "
                      "hold {:.2f} of their summed score, not above the threshold {}.",
                      declared, level_name(level), held(level), threshold);
  }
  const auto& by = x.triage_set_by;
  if (by.k == triage_setter::kind::default_level)
    return out + fmt::format(" Triage is {} by default: no flag was raised and no supported condition needs more.",
                             level_name(x.triage));
  return out + fmt::format(" Triage is {}, set by {} `{}`.", level_name(x.triage), setter_kind_name(by.k), by.id);
}

}  // namespace

explanation explain_condition(const compiled_kb& kb, const resolved_case& c, condition_id condition, scratch_state& s) {
  raw_ranking raw;
  rank_case(kb, c, s, std::nullopt, raw);
  explanation x;
  x.condition = kb.m.conditions[condition].id;
  x.name = kb.m.conditions[condition].name;
  x.log_prior = kb.log_prior[condition];
  x.log_score = log_score(kb, s, condition);
  x.score = std::exp(x.log_score - raw.log_z);
  for (std::size_t i = 0; i < raw.differential.size(); ++i)
    if (raw.differential[i].condition == condition) x.rank = static_cast<std::uint32_t>(i + 1);
  std::vector<rule_id> rules(kb.condition_rules.row(condition).begin(), kb.condition_rules.row(condition).end());
  std::sort(rules.begin(), rules.end(), [&](rule_id a, rule_id b) {
    const bool fa = s.rule(a) == k_true, fb = s.rule(b) == k_true;  // only evaluated rules can have fired
    if (fa != fb) return fa;
    return kb.rules[a].model_index < kb.rules[b].model_index;
  });
  for (rule_id r : rules)
    for (std::uint32_t e = kb.hot[r].effect_begin; e < kb.hot[r].effect_end; ++e)
      if (kb.hot_effects[e].target == condition &&
          (kb.hot_effects[e].k == model_effect::kind::support || kb.hot_effects[e].k == model_effect::kind::oppose))
        x.rules.push_back(status_of(kb, s, r, kb.hot_effects[e]));
  x.summary = summary(x, raw.differential.size());
  x.urgency = kb.m.conditions[condition].urgency;
  x.urgency_low = kb.m.conditions[condition].urgency_low;
  x.counts_for_triage = std::any_of(raw.urgent_conditions.begin(), raw.urgent_conditions.end(),
                                    [&](const raw_ranking::candidate& u) { return u.condition == condition; });
  if (x.counts_for_triage) x.counted_urgency = counted_urgency(kb, raw, condition);
  x.triage = raw.triage;
  x.triage_set_by = setter_of(kb, raw);
  const model_flag* overriding =
      raw.overridden_by == raw_ranking::no_overriding_flag ? nullptr : &kb.m.flags[raw.overridden_by];
  const bool supported = s.conditions[condition].gen == s.gen && s.conditions[condition].has_for;
  const std::optional<triage_level> counted =
      supported && x.urgency ? std::optional<triage_level>(counted_urgency(kb, raw, condition)) : std::nullopt;
  x.triage_summary = triage_summary(x, raw, kb.m.urgency_threshold, overriding, counted);
  return x;
}

}  // namespace ddx::engine::detail
