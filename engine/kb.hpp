// engine/kb.hpp: the library's front door: load (parse -> check -> compile) and query a knowledge base.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/case.hpp"
#include "engine/result.hpp"
#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace ddx::engine {

struct compiled_kb;  // engine/compile/network.hpp

/// One entry of `ddx vocab`.
struct vocab_entry {
  std::string id;
  std::string kind;   ///< finding kind (location, symptom, ...), or value, condition, fact, flag
  std::string label;
  std::string region;
  std::string unit;
  std::optional<double> low, high;  ///< values only
};

struct diagnose_options {
  bool trace = false;           ///< fill diagnosis_result::trace
  bool next_questions = true;   ///< compute next_questions (costs extra inference runs)
  std::size_t max_next_questions = 3;
  std::optional<std::size_t> top;  ///< keep only the first N of the differential
};

/// Outcome of one `test` declaration.
struct test_outcome {
  std::string id;
  std::string label;
  std::string location;                 ///< "kb/knee.ddx:120"
  bool passed = false;
  std::vector<std::string> failures;    ///< one line per failed expectation, with expected vs actual
  diagnosis_result result;              ///< what the engine returned for the test's case
};

struct coverage_report {
  std::size_t rules = 0;
  std::size_t fired = 0;
  std::vector<std::string> never_fired;  ///< "kb/knee.ddx:40 itbs_lateral_builds"
};

/// A compiled knowledge base: immutable, safe to query from many threads at once.
class knowledge_base {
 public:
  explicit knowledge_base(std::shared_ptr<const compiled_kb> impl);

  const kb_info& info() const;
  const std::string& disclaimer() const;
  std::vector<vocab_entry> vocabulary() const;

  /// Resolves ids; on any error returns nullopt and fills `errors` (nothing is computed).
  std::optional<resolved_case> resolve(const case_input& input, std::vector<case_error>& errors) const;
  diagnosis_result diagnose(const resolved_case& c, const diagnose_options& options = {}) const;
  /// nullopt when `condition_id` is not a condition of this knowledge base.
  std::optional<explanation> explain(const resolved_case& c, std::string_view condition_id) const;

  /// Runs the `test` declarations whose id contains `filter` (all when empty).
  std::vector<test_outcome> run_tests(std::string_view filter = {}, coverage_report* coverage = nullptr) const;

  const compiled_kb& impl() const { return *impl_; }

 private:
  std::shared_ptr<const compiled_kb> impl_;
};

struct load_options {
  bool lints = true;  ///< run the W4xx lint passes
};

/// Everything a load produced. `kb` is empty when any error was reported.
struct load_result {
  grammar::source_manager sources;
  grammar::diagnostics diags;
  std::vector<grammar::ast::file> files;
  std::optional<knowledge_base> kb;
};

/// Loads files and directories (every `*.ddx` below a directory, in sorted path order).
/// Unreadable paths are reported as diagnostics (code E001), not thrown.
load_result load(const std::vector<std::string>& paths, const load_options& options = {});
/// Loads in-memory texts as (path, text) pairs; used by tests, the server and fuzzers.
load_result load_texts(const std::vector<std::pair<std::string, std::string>>& files,
                       const load_options& options = {});

}  // namespace ddx::engine
