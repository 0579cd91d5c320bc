// engine/rank/score.hpp: the scoring model (docs/scoring.md): log scores, the normaliser Z, the differential.
#pragma once

#include <optional>

#include "engine/infer/chain.hpp"
#include "engine/rank/ranking.hpp"

namespace ddx::engine::detail {

/// log_prior + sum of fired evidence weights of condition `c` in the current case.
double log_score(const compiled_kb& kb, const scratch_state& s, condition_id c);

/// Fills `out.differential` (best first, ties by id, cut to `top`), `supported`, `log_z`, `other_score`
/// and `unlisted_score` from the state run_chain left. Cost: the conditions the case touched.
void score_conditions(const compiled_kb& kb, const scratch_state& s, std::optional<std::size_t> top, raw_ranking& out);

}  // namespace ddx::engine::detail

namespace ddx::engine::detail {

/// ln Z for the current case state (docs/scoring.md section 3).
double log_normaliser(const scratch_state& s);
/// The same from the sum of the touched conditions' linear scores, already added in touched order.
double log_normaliser(const scratch_state& s, double touched_linear);
/// The same ln Z from the log scores alone (one exp per touched condition, shifted by the largest log score so
/// that it cannot overflow); log_normaliser falls back to it when a linear-domain score overflowed.
double shifted_log_normaliser(const scratch_state& s);

/// run_chain + score_conditions + triage_case: the whole fast path into `out`. The fired rules are moved from
/// `s.fired` into `out.fired_rules`: read them there afterwards.
void rank_case(const compiled_kb& kb, const resolved_case& c, scratch_state& s, std::optional<std::size_t> top,
               raw_ranking& out);

}  // namespace ddx::engine::detail
