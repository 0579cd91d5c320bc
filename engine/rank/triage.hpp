// engine/rank/triage.hpp: triage level from the raised flags and the urgency of the likely conditions.
#pragma once

#include <vector>

#include "engine/infer/chain.hpp"
#include "engine/rank/ranking.hpp"

namespace ddx::engine::detail {

/// Fills `out.flags` (most urgent first, ties by id), `out.urgent_conditions` (the supported conditions whose score
/// reaches the urgency threshold and that declare an urgency; most urgent first, then by score, ties by id),
/// `out.triage` (the most urgent of both, self_care when neither gives one) and `out.set_by`. Needs the scores:
/// runs after score_conditions, and reads `out.log_z`, `out.differential` and `out.supported`.
void triage_case(const compiled_kb& kb, const scratch_state& s, raw_ranking& out);

/// The flag or condition that set `raw.triage`, with its id, label and level.
triage_setter setter_of(const compiled_kb& kb, const raw_ranking& raw);
/// `raw.urgent_conditions` with ids, names and urgencies.
std::vector<condition_urgency> urgencies_of(const compiled_kb& kb, const raw_ranking& raw);

}  // namespace ddx::engine::detail
