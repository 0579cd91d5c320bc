// tests/engine/sample.hpp: helpers for the engine tests: the sample KB, small in-memory KBs, case building.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/kb.hpp"
#include "grammar/diagnostic.hpp"

namespace ddx::engine::testing {

/// The sample knowledge base of tests/data/sample (loaded once).
inline const knowledge_base& sample_kb() {
  static const load_result loaded = load({DDX_TEST_DATA_DIR "/sample"});
  return *loaded.kb;
}

/// A small valid preamble; tests append declarations in a second file `t.ddx`.
inline const char* preamble = R"(knowledge_base "t"
  version "1"
  regions knee
value pain_score "Pain"
  range 0 to 10
finding loc.lateral_knee location "Outer knee"
finding loc.anterior_knee location "Front of knee"
condition itbs "ITBS"
  region knee
  prior common
fact load_spike "Load spike"
flag dvt "Clot"
  level urgent_care
)";

/// Loads the preamble plus `text` as `t.ddx`.
inline load_result load_with(const std::string& text) {
  return load_texts({{"a.ddx", preamble}, {"t.ddx", text}});
}

/// Rendered diagnostics of the preamble plus `text`.
inline std::string diagnostics_of(const std::string& text) {
  const auto r = load_with(text);
  return grammar::format_diagnostics(r.diags, r.sources);
}

/// Resolves a case against `kb`; fails the test when the case is rejected.
inline resolved_case make_case(const knowledge_base& kb, std::vector<std::string> present, std::vector<std::string> absent = {},
                               std::vector<std::pair<std::string, double>> values = {}) {
  case_input in{std::string("case"), std::move(present), std::move(absent), std::move(values)};
  std::vector<case_error> errors;
  auto c = kb.resolve(in, errors);
  return c ? *c : resolved_case{};
}

}  // namespace ddx::engine::testing
