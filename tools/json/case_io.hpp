// tools/json/case_io.hpp: case JSON -> engine case, each error with code, field, line:col and suggestions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/case.hpp"
#include "engine/kb.hpp"

namespace ddx::tools {

/// One reason a case was rejected (see docs/json-contracts.md, "Errors").
struct case_issue {
  std::string code;     ///< "case.unknown_finding", "case.malformed_json", ...
  std::string message;  ///< rustc style, self-contained: "unknown finding `x` in present[0]"
  std::string field;    ///< "present[0]", "values.age"; empty for the whole document
  std::vector<std::string> suggestions;  ///< closest known names, best first
  std::optional<std::uint32_t> line, column;  ///< malformed JSON only (1-based)
};

/// What reading a case produced: a resolved case, or the errors (never both).
struct case_read {
  engine::case_input input;
  std::optional<engine::resolved_case> resolved;
  std::vector<case_issue> errors;
};

/// Parses JSON text; a syntax error becomes one `case.malformed_json` issue with line and column.
std::optional<nlohmann::json> parse_json(std::string_view text, std::vector<case_issue>& errors);

/// Text -> validated, resolved case: the JSON's shape is checked here, ids, ranges and present-and-absent by
/// knowledge_base::resolve, whose errors are worded by the engine (engine/case.hpp). A well-formed case is read
/// straight from the parser's events (case_reader_fast.cpp); anything else, and every case with an error, by
/// read_case_reference, so the result is always that function's.
case_read read_case(std::string_view text, const engine::knowledge_base& kb);
/// The plain reference read_case is tested against: the whole document parsed, then its shape checked.
case_read read_case_reference(std::string_view text, const engine::knowledge_base& kb);
/// The fast path alone: the case when `text` is a well-formed case that resolves without error, else nothing (the
/// caller then reads it with read_case_reference, which words the errors).
std::optional<case_read> read_case_fast(std::string_view text, const engine::knowledge_base& kb);
/// Already parsed JSON (batch requests) -> validated, resolved case.
case_read read_case_json(const nlohmann::json& doc, const engine::knowledge_base& kb);

/// Text form for people: `FILE[:LINE:COL]: error: MESSAGE` then `hint: did you mean ...?`.
std::string format_case_issues(std::string_view file, const std::vector<case_issue>& issues);
/// One issue as a JSON object {code, message, field, [line, column,] suggestions}.
nlohmann::ordered_json case_issue_json(const case_issue& issue);
/// {"error": first, "errors": [all]}.
nlohmann::ordered_json case_issues_json(const std::vector<case_issue>& issues);

}  // namespace ddx::tools
