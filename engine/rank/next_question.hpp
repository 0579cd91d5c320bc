// engine/rank/next_question.hpp: which unknown finding best separates the leading candidates.
#pragma once

#include <vector>

#include "engine/infer/chain.hpp"
#include "engine/rank/ranking.hpp"

namespace ddx::engine::detail {

/// How many leading candidates the question search looks at.
inline constexpr std::size_t question_leaders = 5;

/// Expected information gain (bits) of each unknown finding read by the leaders' rules, best first, ties by
/// id, at most `max` (docs/scoring.md "Next question"). `ranking` is the case's uncut ranking. Uses `s`
/// for the simulations, so its case state is overwritten.
std::vector<next_question> next_questions(const compiled_kb& kb, const resolved_case& c, const raw_ranking& ranking,
                                          scratch_state& s, std::size_t max);

}  // namespace ddx::engine::detail
