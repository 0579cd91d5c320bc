// engine/rank/diagnosis.hpp: the string-rich diagnosis_result built from a raw ranking and the case state.
#pragma once

#include "engine/infer/chain.hpp"
#include "engine/rank/ranking.hpp"

namespace ddx::engine::detail {

/// Runs the case in `s` and builds the full result; `raw` keeps the uncut dense ranking (for coverage).
diagnosis_result diagnose_case(const compiled_kb& kb, const resolved_case& c, const diagnose_options& options,
                               scratch_state& s, raw_ranking& raw);

/// The evidence item of rule `r`'s effect `e` (a for/against effect), with its `because` from the state.
evidence_item evidence_of(const compiled_kb& kb, const scratch_state& s, rule_id r, const hot_effect& e);

}  // namespace ddx::engine::detail
