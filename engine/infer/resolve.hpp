// engine/infer/resolve.hpp: a case as given (ids as strings) resolved to the dense indices inference runs on.
#pragma once

#include <vector>

#include "engine/case.hpp"

namespace ddx::engine {
struct compiled_kb;
}

namespace ddx::engine::detail {

/// Resolves `input` into `out` (whose vectors keep their capacity): findings and values sorted by index, repeats
/// dropped (a value given twice keeps its last number). False on any error, each appended to `errors` with the field
/// it names; `out` is then unspecified.
bool resolve_case(const compiled_kb& kb, const case_input& input, resolved_case& out, std::vector<case_error>& errors);

}  // namespace ddx::engine::detail
