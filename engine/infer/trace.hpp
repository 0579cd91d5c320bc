// engine/infer/trace.hpp: why a rule came out as it did (`because` leaves) and the step-by-step trace.
#pragma once

#include <string>
#include <vector>

#include "engine/infer/chain.hpp"
#include "engine/result.hpp"

namespace ddx::engine::detail {

/// Name of a leaf op: finding, fact or value id.
const std::string& leaf_name(const compiled_kb& kb, const expr_op& op);

/// The leaves that made rule `r` true, in expression order without repeats; `absent` gets those that held
/// by being absent (or, for facts, false).
void because_of(const compiled_kb& kb, const scratch_state& s, rule_id r, std::vector<std::string>& because,
                std::vector<std::string>& absent);

/// When rule `r` has an `unless` that is true in `s`: the leaves that make it true (as because_of lists them) and
/// those of them that held by being absent. Nothing when it has none or it is not true.
void unless_held(const compiled_kb& kb, const scratch_state& s, rule_id r, std::vector<std::string>& held,
                 std::vector<std::string>& absent);

/// Effect `e` of compiled rule `r`: "for itbs strong (+2.303)", "assert load_spike", "raise possible_dvt".
std::string render_effect(const compiled_kb& kb, rule_id r, std::uint32_t e);

/// Sorts the leaves under ops[at] by whether their state helps the rule fire (`positive` flips under `not`):
/// satisfied, blocking (known and against it), waiting (unknown). Each name once. Under a rule's `unless_` root only
/// its `when` is sorted (unless_held tells about the `unless`). `blocking_absent` gets the blocking
/// findings and facts that are known false (a value's comparison never counts as absent).
void sort_leaves(const compiled_kb& kb, const scratch_state& s, std::uint32_t at, bool positive,
                 std::vector<std::string>& satisfied, std::vector<std::string>& blocking,
                 std::vector<std::string>& blocking_absent, std::vector<std::string>& waiting);

/// One step per evaluated rule, in evaluation order, with each fired `for`/`against` effect's score after it.
std::vector<trace_step> build_trace(const compiled_kb& kb, const scratch_state& s);

truth to_truth(std::uint8_t v);

}  // namespace ddx::engine::detail
