// engine/rank/next_question.hpp: which unknown finding best separates the leading candidates.
#pragma once

#include <functional>
#include <vector>

#include "engine/infer/chain.hpp"
#include "engine/rank/ranking.hpp"

namespace ddx::engine::detail {

/// How many leading candidates the question search looks at.
inline constexpr std::size_t question_leaders = 5;

/// What the question search did: answers found from the case's state, and answers simulated by the rerun because
/// Z overflowed the linear domain there (tests read it to know the fallback really ran).
struct question_search_stats {
  std::size_t from_state = 0;
  std::size_t rerun = 0;
};

/// Expected information gain (bits) of each unknown finding read by the leaders' rules, best first, ties by
/// id, at most `max` (docs/scoring.md "Next question"). `ranking` is the case's uncut ranking. Uses `s`
/// for the simulations, so its case state is overwritten. Each answer's effect is found from the case's state by
/// following only the rules and facts the finding reaches (next_question_fast.cpp).
std::vector<next_question> next_questions(const compiled_kb& kb, const resolved_case& c, const raw_ranking& ranking,
                                          scratch_state& s, std::size_t max, question_search_stats* stats = nullptr);

/// The plain reference next_questions is tested against: each answer simulated by running the whole case again with
/// the finding added (next_question_rerun.cpp). The same questions and gains to the last printed digit.
std::vector<next_question> next_questions_rerun(const compiled_kb& kb, const resolved_case& c,
                                                const raw_ranking& ranking, scratch_state& s, std::size_t max);

/// The leaders' log scores and posterior (the rest of the mass last) in one state of the case.
struct question_outcome {
  std::vector<double> p;
  std::vector<double> log_scores;
};

/// The leaders' outcome from their log scores and ln Z.
void fill_outcome(const std::vector<double>& log_scores, double log_z, question_outcome& out);

/// Fills `out` with the outcome of the case with finding `f` answered present (true) or absent (false).
using what_if = std::function<void(finding_id f, bool present, question_outcome& out)>;

/// The search both versions share: `now` is the case's outcome, `simulate` gives each answer's.
std::vector<next_question> rank_questions(const compiled_kb& kb, const resolved_case& c,
                                          const std::vector<condition_id>& leaders, const question_outcome& now,
                                          std::size_t max, const what_if& simulate);

/// The first question_leaders conditions of `ranking`.
std::vector<condition_id> question_leaders_of(const raw_ranking& ranking);

}  // namespace ddx::engine::detail
