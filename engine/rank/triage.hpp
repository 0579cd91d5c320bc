// engine/rank/triage.hpp: triage level from the raised flags and the level the supported conditions need.
#pragma once

#include <vector>

#include "engine/infer/chain.hpp"
#include "engine/rank/ranking.hpp"

namespace ddx::engine::detail {

/// Fills `out.flags` (most urgent first, ties by id), the conditions' level with its shares and
/// `out.urgent_conditions` (raw_ranking; docs/scoring.md "Triage"), `out.triage` (the most urgent of the flags and the
/// conditions' level, self_care when neither gives one) and `out.set_by`. Needs the scores: runs after
/// score_conditions, and reads `out.log_z`, `out.differential` and `out.supported`.
void triage_case(const compiled_kb& kb, const scratch_state& s, raw_ranking& out);

/// Whether the raised flag that overrides (raw.overridden_by) lowers condition `c` to the lower end of its urgency
/// range: it declares a range whose upper end is at most the flag's `overrides` level. Needs triage_case first.
bool lowered_by_override(const compiled_kb& kb, const raw_ranking& raw, condition_id c);
/// The level condition `c`'s urgency counts at in this case: the lower end of its range when lowered_by_override,
/// else its declared urgency (its only level, or a range's upper end). `c` must declare an urgency.
triage_level counted_urgency(const compiled_kb& kb, const raw_ranking& raw, condition_id c);

/// The flag or condition that set `raw.triage`, with its id, label and level.
triage_setter setter_of(const compiled_kb& kb, const raw_ranking& raw);
/// `raw.urgent_conditions` with ids, names and urgencies.
std::vector<condition_urgency> urgencies_of(const compiled_kb& kb, const raw_ranking& raw);

}  // namespace ddx::engine::detail
