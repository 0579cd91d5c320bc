// engine/rank/triage.hpp: triage level and flag order from the raised flags.
#pragma once

#include "engine/infer/chain.hpp"
#include "engine/rank/ranking.hpp"

namespace ddx::engine::detail {

/// Fills `out.flags` (most urgent first, ties by id) and `out.triage` (self_care when none was raised).
void triage_flags(const compiled_kb& kb, const scratch_state& s, raw_ranking& out);

}  // namespace ddx::engine::detail
