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

/// The names a case may use, taken from knowledge_base::vocabulary().
struct case_vocabulary {
  struct range {
    std::string id;
    std::optional<double> low, high;
  };
  std::vector<std::string> findings;  ///< sorted
  std::vector<range> values;          ///< sorted by id
  std::vector<std::pair<std::string, std::string>> others;  ///< (id, kind) of conditions, facts, flags; sorted
  static case_vocabulary from(const std::vector<engine::vocab_entry>& entries);
};

/// Checks the shape of a parsed JSON document and every id in it; fills `input` as far as it is valid.
std::vector<case_issue> validate_case(const nlohmann::json& doc, const case_vocabulary& vocab,
                                      engine::case_input& input);

/// Parses JSON text; a syntax error becomes one `case.malformed_json` issue with line and column.
std::optional<nlohmann::json> parse_json(std::string_view text, std::vector<case_issue>& errors);

/// Text -> validated, resolved case (knowledge_base::resolve is the last step).
case_read read_case(std::string_view text, const engine::knowledge_base& kb);
/// Already parsed JSON (batch requests) -> validated, resolved case.
case_read read_case_json(const nlohmann::json& doc, const engine::knowledge_base& kb);

/// Text form for people: `FILE[:LINE:COL]: error: MESSAGE` then `hint: did you mean ...?`.
std::string format_case_issues(std::string_view file, const std::vector<case_issue>& issues);
/// One issue as a JSON object {code, message, field, [line, column,] suggestions}.
nlohmann::ordered_json case_issue_json(const case_issue& issue);
/// {"error": first, "errors": [all]}.
nlohmann::ordered_json case_issues_json(const std::vector<case_issue>& issues);

}  // namespace ddx::tools
