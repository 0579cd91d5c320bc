// engine/rank/next_question_fast.cpp: the next questions found from the case's state. Rerunning the case for each
// answer (next_question_rerun.cpp, the reference this is tested against) costs two whole inferences per candidate
// finding, most of them redoing what the case already settled. Here each answer is applied to the settled state and
// followed only where it reaches: the rules that read the finding, the facts those rules decide, the rules that read
// those facts, level by level; then every change is undone. Why that gives the rerun's answers:
// - Kleene evaluation is monotone: a rule or fact known in the case keeps its value when one more finding is known,
//   so only rules the case left unknown can change, and only if they read something that changed.
// - A rule the case never evaluated (fewer known inputs than hot_rule::threshold) cannot have become true, nor, if
//   it asserts a fact, false; evaluating it here gives unknown, as not evaluating it in the rerun does.
// - A rule is evaluated after every rule of a lower level, as in run_chain, so it reads its facts' final values.
// The leaders' log scores and Z are the case's plus the new evidence: the same sums added in another order, equal to
// the rerun's to the last printed digit (tests/engine/next_question_test.cpp). Should Z overflow, the candidate is
// simulated by the rerun instead.
#include <algorithm>
#include <cmath>
#include <functional>

#include "engine/rank/next_question.hpp"
#include "engine/rank/score.hpp"

namespace ddx::engine::detail {
namespace {

/// One answer applied to the case's settled state, and undone.
class answer_simulator {
 public:
  answer_simulator(const compiled_kb& kb, scratch_state& s) : kb_(kb), s_(s) {
    if (s.question_marks.size() != kb.m.conditions.size()) s.question_marks.assign(kb.m.conditions.size(), 0);
    for (auto c : s.touched_conditions()) touched_linear_ += s.conditions[c].linear;
  }

  /// The leaders' log scores and ln Z with `f` answered; false when Z cannot be formed this way (overflow).
  bool run(finding_id f, bool present, const std::vector<condition_id>& leaders, std::vector<double>& log_scores,
           double& log_z) {
    next_epoch();
    const std::uint8_t value = present ? k_true : k_false;
    const auto old_finding = s_.findings[f];
    s_.findings[f] = {s_.gen, value};
    untouched_ = s_.untouched_mass;
    delta_linear_ = 0;
    for (rule_id r : kb_.finding_readers.row(f)) push(r);
    settle_pending();
    log_scores.clear();
    for (auto l : leaders) log_scores.push_back(log_score(kb_, s_, l));
    const double z = std::max(0.0, untouched_) + (touched_linear_ + delta_linear_);
    const bool ok = std::isfinite(z) && z > 0;
    if (ok) log_z = std::log(z);
    undo();
    s_.findings[f] = old_finding;
    return ok;
  }

 private:
  void next_epoch() {
    if (++s_.question_epoch == 0) {
      std::fill(s_.question_marks.begin(), s_.question_marks.end(), 0);
      s_.question_epoch = 1;
    }
  }

  void push(rule_id r) {
    pending_.emplace_back(kb_.hot[r].level, r);
    std::push_heap(pending_.begin(), pending_.end(), std::greater<>{});
  }

  /// The case's value of rule `r`, before the answer: a one-finding rule reached here reads the answered finding,
  /// which the case left unknown.
  std::uint8_t value_before(rule_id r) const {
    if (kb_.hot[r].literal != hot_rule::general) return k_unknown;
    return s_.rules[r].gen == s_.gen ? s_.rules[r].value : k_unknown;
  }

  /// Lowest level first; a rule pushed twice (two of its inputs changed) is popped twice in a row and settled once.
  void settle_pending() {
    rule_id last = no_id;
    while (!pending_.empty()) {
      std::pop_heap(pending_.begin(), pending_.end(), std::greater<>{});
      const rule_id r = pending_.back().second;
      pending_.pop_back();
      if (r == last) continue;
      last = r;
      if (value_before(r) != k_unknown) continue;
      const hot_rule& h = kb_.hot[r];
      std::uint8_t v;
      switch (h.literal & ~hot_rule::finding_mask) {
        case hot_rule::positive: v = s_.finding(h.literal & hot_rule::finding_mask); break;
        case hot_rule::negated: v = static_cast<std::uint8_t>(k_true - s_.finding(h.literal & hot_rule::finding_mask)); break;
        default: v = evaluate(kb_, s_, h.op_begin); break;
      }
      if (v == k_unknown) continue;
      for (std::uint32_t e = h.effect_begin; e < h.effect_end; ++e) apply(kb_.hot_effects[e], v == k_true);
    }
  }

  void apply(const hot_effect& e, bool fired) {
    switch (e.k) {
      case model_effect::kind::support:
      case model_effect::kind::oppose:
        if (fired) add_evidence(e);
        break;
      case model_effect::kind::assert_fact: {
        auto& slot = fact(e.target);
        if (fired) {
          if (slot.value != k_true) set_fact(e.target, slot, k_true);
        } else if (++slot.false_count == kb_.fact_asserter_count[e.target] && slot.value == k_unknown) {
          set_fact(e.target, slot, k_false);
        }
        break;
      }
      case model_effect::kind::raise_flag: break;  // flags change triage, not the scores the gain reads
    }
  }

  scratch_state::fact_slot& fact(fact_id f) {
    auto& slot = s_.facts[f];
    fact_undo_.emplace_back(f, slot);
    if (slot.gen != s_.gen) slot = {s_.gen, k_unknown, 0};
    return slot;
  }

  void set_fact(fact_id f, scratch_state::fact_slot& slot, std::uint8_t value) {
    slot.value = value;
    for (rule_id r : kb_.fact_readers.row(f)) push(r);
  }

  void add_evidence(const hot_effect& e) {
    const condition_id t = e.target;
    auto& slot = s_.conditions[t];
    if (s_.question_marks[t] != s_.question_epoch) {
      s_.question_marks[t] = s_.question_epoch;
      condition_undo_.emplace_back(t, slot);
      if (slot.gen != s_.gen) {  // first touch: from its prior, which leaves the untouched mass
        slot = {s_.gen, false, kb_.log_prior[t], kb_.prior_mass[t]};
        untouched_ -= kb_.prior_mass[t];
        delta_linear_ += kb_.prior_mass[t];
      }
    }
    delta_linear_ -= slot.linear;
    slot.log_score += e.weight;
    slot.linear *= e.factor;
    slot.has_for |= e.k == model_effect::kind::support;
    delta_linear_ += slot.linear;
  }

  void undo() {
    for (auto it = fact_undo_.rbegin(); it != fact_undo_.rend(); ++it) s_.facts[it->first] = it->second;
    for (auto it = condition_undo_.rbegin(); it != condition_undo_.rend(); ++it) s_.conditions[it->first] = it->second;
    fact_undo_.clear();
    condition_undo_.clear();
  }

  const compiled_kb& kb_;
  scratch_state& s_;
  double touched_linear_ = 0, untouched_ = 0, delta_linear_ = 0;
  std::vector<std::pair<std::uint32_t, rule_id>> pending_;  ///< (level, rule), a min-heap
  std::vector<std::pair<fact_id, scratch_state::fact_slot>> fact_undo_;
  std::vector<std::pair<condition_id, scratch_state::condition_slot>> condition_undo_;
};

}  // namespace

std::vector<next_question> next_questions(const compiled_kb& kb, const resolved_case& c, const raw_ranking& ranking,
                                          scratch_state& s, std::size_t max) {
  const auto leaders = question_leaders_of(ranking);
  if (leaders.empty() || max == 0) return {};
  run_chain(kb, c, s);
  std::vector<double> log_scores;
  for (auto l : leaders) log_scores.push_back(log_score(kb, s, l));
  question_outcome now;
  fill_outcome(log_scores, log_normaliser(s), now);
  answer_simulator simulator(kb, s);
  bool settled = true;  // s holds the case's state (a rerun below overwrites it)
  return rank_questions(kb, c, leaders, now, max, [&](finding_id f, bool present, question_outcome& out) {
    check_deadline(s.deadline);  // s holds a whole state here: settled, or a rerun's
    double log_z = 0;
    if (!settled) {
      run_chain(kb, c, s);
      settled = true;
    }
    if (simulator.run(f, present, leaders, log_scores, log_z)) return fill_outcome(log_scores, log_z, out);
    resolved_case what_if = c;  // Z overflowed: the plain way, which sums in the log domain then
    (present ? what_if.present : what_if.absent).push_back(f);
    run_chain(kb, what_if, s);
    log_scores.clear();
    for (auto l : leaders) log_scores.push_back(log_score(kb, s, l));
    fill_outcome(log_scores, log_normaliser(s), out);
    settled = false;
  });
}

}  // namespace ddx::engine::detail
