// <ddx/ddx.hpp>: ddx as a library. Load a knowledge base once, then diagnose, explain and ask for the next
// questions from any number of threads. Results come as C++ values (<ddx/result.hpp>) or as the JSON of
// docs/json-contracts.md, byte for byte what `ddx diagnose --format json` and `ddx explain --format json` print.
// Link with the CMake target ddx::ddx (find_package(ddx)); docs/library.md is the guide.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <ddx/case.hpp>
#include <ddx/result.hpp>
#include <ddx/vocabulary.hpp>

namespace ddx {

// The value types are the engine's own; these names are the library's spelling of them.
using engine::case_input;          ///< a case: id, present and absent finding ids, numeric values
using engine::diagnosis_result;    ///< a ranked differential with triage, evidence and next questions
using engine::evidence_item;
using engine::explanation;         ///< why one condition ranks where it does, rule by rule
using engine::kb_info;             ///< name, version, digest ("sha256:<hex>")
using engine::next_question;       ///< an unknown finding worth asking about, with its information gain
using engine::raised_flag;
using engine::ranked_condition;
using engine::triage_level;
using engine::triage_name;         ///< "self_care", ..., "emergency"
using engine::vocab_entry;

/// The library's version ("0.1.0"), the same as `ddx --version`.
const char* version();

/// One problem in knowledge-base source text (docs/diagnostics.md lists every code).
struct diagnostic {
  std::string file;
  std::uint32_t line = 0, column = 0;  ///< 1-based; column counts code points
  std::string severity;                ///< "error", "warning" or "note"
  std::string code;                    ///< "E201", "W405", ...
  std::string message;
  std::string hint;                    ///< "" when there is none
};

/// Thrown when a knowledge base has errors (or a path cannot be read): nothing was loaded.
class load_error : public std::runtime_error {
 public:
  load_error(std::vector<diagnostic> diagnostics, std::string text, std::string json);
  const std::vector<diagnostic>& diagnostics() const { return diagnostics_; }
  /// The diagnostics as `ddx check` prints them: `file:line:col: error: ...`, the source line and a caret.
  const std::string& text() const { return text_; }
  /// {"diagnostics": [...], "errors": N, "warnings": N} (docs/json-contracts.md, "Diagnostics"), compact.
  const std::string& json() const { return json_; }

 private:
  std::vector<diagnostic> diagnostics_;
  std::string text_, json_;
};

/// One reason a case (or a request on it) was rejected: the fields of the JSON error contract.
struct case_issue {
  std::string code;                       ///< "case.unknown_finding", "explain.unknown_condition", ...
  std::string message;
  std::string field;                      ///< "present[0]", "values.age"; "" for the whole document
  std::vector<std::string> suggestions;   ///< closest known names, best first (at most 3)
  std::optional<std::uint32_t> line, column;  ///< malformed JSON only (1-based)
};

/// Thrown when a case is rejected: every issue found, nothing computed. what() is the first issue's message.
class case_error : public std::invalid_argument {
 public:
  case_error(std::vector<case_issue> issues, std::string json);
  const std::vector<case_issue>& issues() const { return issues_; }
  /// {"error": first, "errors": [all]}, pretty-printed: what `ddx diagnose --format json` prints for the case.
  const std::string& json() const { return json_; }

 private:
  std::vector<case_issue> issues_;
  std::string json_;
};

struct load_options {
  /// Run the W4xx lint passes and keep their warnings in knowledge_base::warnings() (as `ddx check` does).
  /// Off by default, as for `ddx diagnose`.
  bool lints = false;
};

struct diagnose_options {
  std::optional<std::size_t> top;   ///< keep only the first N conditions of the differential (N >= 1)
  bool trace = false;               ///< fill diagnosis_result::trace (and add "trace" to the JSON)
  bool next_questions = true;       ///< compute next_questions (costs extra inference runs)
  std::size_t max_next_questions = 3;
};

/// JSON layout: `pretty` is the CLI's two-space indentation, `compact` one line (the HTTP API, `--cases` lines).
enum class json_style { pretty, compact };

/// A compiled knowledge base. Immutable once loaded; every member function is const and safe to call from many
/// threads at once. Copies are cheap and share the compiled network.
class knowledge_base {
 public:
  /// Loads `*.ddx` files and directories (every `*.ddx` below a directory, in sorted path order).
  /// Throws load_error with the diagnostics when anything is wrong; warnings never throw.
  static knowledge_base load(const std::vector<std::string>& paths, const load_options& options = {});
  /// Loads in-memory sources as (path, text) pairs; paths are used only in diagnostics and rule locations.
  static knowledge_base from_strings(const std::vector<std::pair<std::string, std::string>>& files,
                                     const load_options& options = {});

  const kb_info& info() const;
  const std::string& disclaimer() const;
  /// Every finding, value, condition, fact and flag, sorted by id (`ddx vocab`).
  std::vector<vocab_entry> vocabulary() const;
  /// Warnings of the load (lints only with load_options::lints).
  const std::vector<diagnostic>& warnings() const;

  /// Parses and checks case JSON (docs/json-contracts.md, "Case"). Throws case_error listing every issue.
  case_input read_case(std::string_view json) const;

  /// The ranked differential for a case. Throws case_error when the case names unknown ids, repeats one, gives a
  /// value out of range, ...: the same checks and codes as for JSON.
  diagnosis_result diagnose(const case_input& c, const diagnose_options& options = {}) const;
  /// Why `condition` ranks where it does for the case (or why it is not listed). Throws case_error, with code
  /// explain.unknown_condition when the condition does not exist.
  explanation explain(const case_input& c, std::string_view condition) const;
  /// The unknown findings that best separate the leading candidates, best first, at most `max`.
  std::vector<next_question> next_questions(const case_input& c, std::size_t max = 3) const;

  /// Case JSON in, result JSON out: the bytes `ddx diagnose --format json` prints (pretty), without its final
  /// newline. Throws case_error (whose json() is what the CLI prints for a bad case).
  std::string diagnose_json(std::string_view case_json, const diagnose_options& options = {},
                            json_style style = json_style::pretty) const;
  /// The bytes `ddx explain CASE --condition ID --format json` prints, without the final newline.
  std::string explain_json(std::string_view case_json, std::string_view condition,
                           json_style style = json_style::pretty) const;

  /// `ddx diagnose --cases`: for each non-blank line of JSON-lines text, one output line (ending in a newline): the
  /// compact result, or {"line": N, "error": {...}} for a rejected case, N counting from `first_line` (blank lines
  /// included). The bytes the command line writes for the same lines; `rejected`, when given, counts the bad ones.
  std::string diagnose_jsonl(std::string_view lines, const diagnose_options& options = {}, std::size_t first_line = 1,
                             std::size_t* rejected = nullptr) const;

  /// A result as contract JSON; "trace" is written when the result has one.
  static std::string to_json(const diagnosis_result& r, json_style style = json_style::pretty);
  /// An explanation as contract JSON; `case_id` is echoed as "case" (null when empty).
  std::string to_json(const explanation& e, std::string_view case_id, json_style style = json_style::pretty) const;

  struct state;  ///< defined in tools/lib/ddx.cpp

 private:
  explicit knowledge_base(std::shared_ptr<const state> s);
  std::shared_ptr<const state> s_;
};

}  // namespace ddx
