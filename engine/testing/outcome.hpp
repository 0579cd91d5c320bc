// engine/testing/outcome.hpp: what running a knowledge base's `test` declarations reports.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/result.hpp"

namespace ddx::engine {

/// Outcome of one `test` declaration.
struct test_outcome {
  std::string id;
  std::string label;
  std::string location;                 ///< "kb/knee.ddx:120"
  bool passed = false;
  std::vector<std::string> failures;    ///< one line per failed expectation, with expected vs actual
  diagnosis_result result;              ///< what the engine returned for the test's case
};

/// Which rules the tests made fire.
struct coverage_report {
  std::size_t rules = 0;
  std::size_t fired = 0;
  std::vector<std::string> never_fired;  ///< "kb/knee.ddx:40 itbs_lateral_builds"
};

}  // namespace ddx::engine
