// engine/rank/next_question_fast.cpp: the next questions found from the case's state. Rerunning the case for each
// answer (next_question_rerun.cpp, the reference this is tested against) costs two whole inferences per candidate
// finding, most of them redoing what the case already settled. Here each answer is applied to the settled state and
// followed only where it reaches: the finding's group of one-finding evidence rules (applied at once, as run_chain
// does), the other rules that read the finding, the facts those rules decide, the rules that read those facts, level
// by level; then every change is undone. Why that gives the rerun's answers:
// - Kleene evaluation is monotone: a rule or fact known in the case keeps its value when one more finding is known,
//   so only rules the case left unknown can change, and only if they read something that changed.
// - A rule is evaluated only when its known inputs (the case's count, as run_chain counted them, plus those the
//   answer made known) reach hot_rule::threshold, as the rerun would; below it the rerun leaves it unknown. Most
//   readers of a finding are conjunctions that one more known finding does not bring to their threshold: counting
//   instead of evaluating them cut the evaluations of a bundled case's questions by three quarters.
// - A rule is evaluated after every rule of a lower level, as in run_chain, so it reads its facts' final values; a
//   reader of level 0 reads no fact and is settled at once.
// The leaders' log scores and Z are the case's plus the new evidence: the same sums added in another order, equal to
// the rerun's to the last printed digit (tests/engine/next_question_test.cpp). An answer that adds no evidence leaves
// the case's outcome as it is (no exp taken again). Should Z overflow, the candidate is simulated by the rerun
// instead (the test "an answer whose Z overflows..." takes that path and counts it, question_search_stats).
// So is a finding that the `unless` of a rule reaching a score reads (directly or through facts,
// compiled_kb::unless_findings): knowing it can make that `unless` true and a rule the case fired false, which breaks
// the monotonicity above. A rule that reaches no score (compiled_kb::rule_reaches_score: it only raises flags, or
// asserts facts only flag rules read) is not followed here at all.
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
    if (s.question_counts.size() != kb.rules.size()) s.question_counts.assign(kb.rules.size(), {});
    for (auto c : s.touched_conditions()) touched_linear_ += s.conditions[c].linear;
  }

  enum class outcome { unchanged, found, overflow };

  /// The leaders' log scores and ln Z with `f` answered. `unchanged` when the answer adds no evidence at all (the
  /// case's outcome stands, log_scores and log_z are not written); `overflow` when Z cannot be formed this way.
  outcome run(finding_id f, bool present, const std::vector<condition_id>& leaders, std::vector<double>& log_scores,
           double& log_z) {
    next_epoch();
    const std::uint8_t value = present ? k_true : k_false;
    const auto old_finding = s_.findings[f];
    s_.findings[f] = {s_.gen, value};
    untouched_ = s_.untouched_mass;
    delta_linear_ = 0;
    // The finding's one-finding evidence rules, all true or all false with it: their group's effects at once, as
    // run_chain's set_finding applies them (flags are left out: they change triage, not the gain).
    const std::uint32_t row = 2 * f + (present ? 0 : 1);
    for (std::uint32_t e = kb_.groups.effect_offsets[row]; e < kb_.groups.effect_offsets[row + 1]; ++e)
      add_evidence(kb_.groups.effects[e]);
    reach_finding_readers(f);
    settle_pending();
    outcome result = outcome::unchanged;
    if (!condition_undo_.empty()) {
      log_scores.clear();
      for (auto l : leaders) log_scores.push_back(log_score(kb_, s_, l));
      const double z = std::max(0.0, untouched_) + (touched_linear_ + delta_linear_);
      result = std::isfinite(z) && z > 0 ? outcome::found : outcome::overflow;
      if (result == outcome::found) log_z = std::log(z);
    }
    undo();
    s_.findings[f] = old_finding;
    return result;
  }

 private:
  void next_epoch() {
    if (++s_.question_epoch == 0) {
      std::fill(s_.question_marks.begin(), s_.question_marks.end(), 0);
      std::fill(s_.question_counts.begin(), s_.question_counts.end(), scratch_state::question_count{});
      s_.question_epoch = 1;
    }
  }

  void push(rule_id r) {
    pending_.emplace_back(kb_.hot[r].level, r);
    std::push_heap(pending_.begin(), pending_.end(), std::greater<>{});
  }

  /// The other readers of the answered finding, with the gates run_chain schedules them by. A rule the case left
  /// with fewer known inputs than its threshold stays unknown in the rerun unless the answer brings it to the
  /// threshold, and is not evaluated here either (most readers: a conjunction one more finding does not decide).
  /// Readers of level 0 read no fact, so nothing later in the answer changes their inputs: they are settled at once,
  /// in compiled order (the heap's order for them), and only rules reading a fact the answer decided wait in the heap.
  void reach_finding_readers(finding_id f) {
    const auto readers = kb_.general_finding_readers.row(f);
    const auto* gates = kb_.general_reader_gates.data() + kb_.general_finding_readers.offsets[f];
    for (std::size_t i = 0; i < readers.size(); ++i) {
      const auto& gate = gates[i];
      const rule_id r = readers[i];
      if (gate.one_finding) {  // `when f` asserting a fact: decided by the answer
        settle(r);
      } else if (gate.pair) {  // two findings and nothing else: the other one's state gives the count
        if (!gate.needs_both || s_.findings[gate.threshold].gen == s_.gen) settle(r);
      } else if (gate.level == 0) {  // the case's count plus this finding; no fact can add to it
        const auto& slot = s_.rules[r];
        if ((slot.gen == s_.gen ? slot.known : 0) + 1 >= gate.threshold) settle(r);
      } else {
        reach(r, gate.threshold);
      }
    }
  }

  /// One more input of rule `r` known: the case's count (its slot, as run_chain counted) plus the inputs this answer
  /// made known so far (question_counts, tagged with the answer's epoch, so nothing is undone); scheduled once the
  /// sum reaches the threshold.
  void reach(rule_id r, std::uint32_t threshold) {
    auto& added = s_.question_counts[r];
    if (added.epoch != s_.question_epoch) added = {s_.question_epoch, 0};
    const auto& slot = s_.rules[r];
    if ((slot.gen == s_.gen ? slot.known : 0) + ++added.added >= threshold) push(r);
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
      settle(r);
    }
  }

  /// Evaluates rule `r` (unless the case decided it) and applies its effects.
  void settle(rule_id r) {
    if (value_before(r) != k_unknown) return;
    // A rule that reaches no score changes triage at most, not the scores the gain reads: it is not evaluated (a
    // red-flag rule reads several findings and is reached by many answers).
    if (!kb_.rule_reaches_score[r]) return;
    const hot_rule& h = kb_.hot[r];
    std::uint8_t v;
    switch (h.literal & ~hot_rule::finding_mask) {
      case hot_rule::positive: v = s_.finding(h.literal & hot_rule::finding_mask); break;
      case hot_rule::negated: v = static_cast<std::uint8_t>(k_true - s_.finding(h.literal & hot_rule::finding_mask)); break;
      default: v = evaluate(kb_, s_, h.op_begin); break;
    }
    if (v == k_unknown) return;
    for (std::uint32_t e = h.effect_begin; e < h.effect_end; ++e) apply(kb_.hot_effects[e], v == k_true);
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
    for (rule_id r : kb_.fact_readers.row(f)) reach(r, kb_.hot[r].threshold);
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
                                          scratch_state& s, std::size_t max, question_search_stats* stats) {
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
    const bool monotone = kb.unless_findings.empty() || kb.unless_findings[f] == 0;
    const auto result =
        monotone ? simulator.run(f, present, leaders, log_scores, log_z) : answer_simulator::outcome::overflow;
    if (result != answer_simulator::outcome::overflow && stats != nullptr) ++stats->from_state;
    if (result == answer_simulator::outcome::unchanged) {  // no evidence: the same numbers, no exp to take again
      out = now;
      return;
    }
    if (result == answer_simulator::outcome::found) return fill_outcome(log_scores, log_z, out);
    if (stats != nullptr) ++stats->rerun;
    resolved_case what_if = c;  // Z overflowed, or an `unless` reads f: the plain way (it sums in the log domain)
    (present ? what_if.present : what_if.absent).push_back(f);
    run_chain(kb, what_if, s);
    log_scores.clear();
    for (auto l : leaders) log_scores.push_back(log_score(kb, s, l));
    fill_outcome(log_scores, log_normaliser(s), out);
    settled = false;
  });
}

}  // namespace ddx::engine::detail
