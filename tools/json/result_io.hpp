// tools/json/result_io.hpp: result, explanation, diagnostics and test outcomes -> JSON in the contract's key order.
#pragma once

#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "engine/kb.hpp"
#include "engine/result.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"
#include "tools/json/case_io.hpp"

namespace ddx::tools {

/// "true" / "false" / "unknown".
const char* truth_name(engine::truth t);

/// A diagnosis result (docs/json-contracts.md, "Result"); `trace` only when `with_trace`.
nlohmann::ordered_json result_json(const engine::diagnosis_result& r, bool with_trace = false);

/// One step of a result's `trace` (docs/json-contracts.md, "Trace step"); `ddx explain --trace` lists some.
nlohmann::ordered_json trace_step_json(const engine::trace_step& s);

/// The same result as one line of compact JSON appended to `out`, written without building a DOM: the bytes of
/// dump_json(result_json(r, with_trace), false) (result_writer.cpp; batch and HTTP write results this way).
void write_result(fmt::memory_buffer& out, const engine::diagnosis_result& r, bool with_trace = false);

/// A rejected case in a batch as one compact line, `{"line": N, "error": {...}}` (where = "line") or `{"index": ...}`.
void write_case_error_line(fmt::memory_buffer& out, const char* where, std::size_t n, const case_issue& issue);

/// Why a condition ranks where it does (docs/json-contracts.md, "Explanation").
nlohmann::ordered_json explanation_json(const engine::explanation& e, const std::string& case_id,
                                        const engine::kb_info& kb);

/// One diagnostic {file, line, column, severity, code, message, hint, notes}.
nlohmann::ordered_json diagnostic_json(const grammar::diagnostic& d, const grammar::source_manager& sources);
/// {"diagnostics": [...], "errors": N, "warnings": N}.
nlohmann::ordered_json diagnostics_json(const grammar::diagnostics& ds, const grammar::source_manager& sources);

/// {"tests": [...], "passed": N, "failed": N[, "coverage": {...}]}.
nlohmann::ordered_json test_outcomes_json(const std::vector<engine::test_outcome>& outcomes,
                                          const engine::coverage_report* coverage);

/// The whole knowledge base vocabulary as {"entries": [...]}.
nlohmann::ordered_json vocabulary_json(const std::vector<engine::vocab_entry>& entries);

}  // namespace ddx::tools
