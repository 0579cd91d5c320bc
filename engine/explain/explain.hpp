// engine/explain/explain.hpp: why / why not for one condition, as data.
#pragma once

#include <optional>
#include <string_view>

#include "engine/infer/chain.hpp"
#include "engine/result.hpp"

namespace ddx::engine::detail {

/// Every rule with a for/against effect on `condition`, fired first (then declaration order), each with what
/// holds, what blocks it and what it waits for; plus rank, score and a one-sentence summary.
explanation explain_condition(const compiled_kb& kb, const resolved_case& c, condition_id condition, scratch_state& s);

}  // namespace ddx::engine::detail
