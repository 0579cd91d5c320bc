// engine/rank/next_question_rerun.cpp: the plain reference for the next questions: each answer simulated by running
// the whole case again with the finding added. Twice per candidate, so it costs a case's inference times twice the
// candidates; next_question_fast.cpp gives the same answers from the case's state, and is tested against this.
#include <algorithm>

#include "engine/rank/next_question.hpp"
#include "engine/rank/score.hpp"

namespace ddx::engine::detail {
namespace {

void outcome_of(const compiled_kb& kb, const scratch_state& s, const std::vector<condition_id>& leaders,
                question_outcome& out) {
  std::vector<double> log_scores;
  for (auto l : leaders) log_scores.push_back(log_score(kb, s, l));
  fill_outcome(log_scores, log_normaliser(s), out);
}

}  // namespace

std::vector<next_question> next_questions_rerun(const compiled_kb& kb, const resolved_case& c,
                                                const raw_ranking& ranking, scratch_state& s, std::size_t max) {
  const auto leaders = question_leaders_of(ranking);
  if (leaders.empty() || max == 0) return {};
  run_chain(kb, c, s);
  question_outcome now;
  outcome_of(kb, s, leaders, now);
  return rank_questions(kb, c, leaders, now, max, [&](finding_id f, bool present, question_outcome& out) {
    check_deadline(s.deadline);
    resolved_case what_if = c;
    (present ? what_if.present : what_if.absent).push_back(f);
    run_chain(kb, what_if, s);
    outcome_of(kb, s, leaders, out);
  });
}

}  // namespace ddx::engine::detail
