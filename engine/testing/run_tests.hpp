// engine/testing/run_tests.hpp: run the knowledge base's `test` declarations and report coverage.
#pragma once

#include <string_view>
#include <vector>

#include "engine/case.hpp"
#include "engine/infer/chain.hpp"
#include "engine/testing/outcome.hpp"

namespace ddx::engine::detail {

/// The case a test declares, resolved (findings and values sorted by index).
resolved_case case_of(const model_test& t);

/// Runs every test whose id contains `filter`, one after another in `s`; fills `coverage` (rules fired by at least
/// one of them).
std::vector<test_outcome> run_tests(const compiled_kb& kb, scratch_state& s, std::string_view filter,
                                    coverage_report* coverage);

}  // namespace ddx::engine::detail
