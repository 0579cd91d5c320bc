// engine/kb.hpp: the library's front door: load a knowledge base (parse -> check -> compile, engine/load/) into an
// immutable object, and query it (each query is one stage's call: engine/kb.cpp).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/case.hpp"
#include "engine/infer/scratch.hpp"
#include "engine/rank/ranking.hpp"
#include "engine/result.hpp"
#include "engine/testing/outcome.hpp"
#include "engine/vocabulary.hpp"
#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace ddx::engine {

struct compiled_kb;  // engine/compile/network.hpp
namespace detail {
class scratch_pool;  // engine/infer/pool.hpp
}

/// A compiled knowledge base: immutable, safe to query from many threads at once. Copies share the compiled network
/// and the scratch states kept for reuse by diagnose, explain and run_tests.
class knowledge_base {
 public:
  explicit knowledge_base(std::shared_ptr<const compiled_kb> impl);

  const kb_info& info() const;
  const std::string& disclaimer() const;
  std::vector<vocab_entry> vocabulary() const;

  /// Resolves ids; on any error returns nullopt and fills `errors` (nothing is computed).
  std::optional<resolved_case> resolve(const case_input& input, std::vector<case_error>& errors) const;
  /// The same into `out`, whose vectors keep their capacity (for callers that resolve case after case, such as an
  /// interview re-ranking after every answer). False on any error; `out` is then unspecified.
  bool resolve(const case_input& input, resolved_case& out, std::vector<case_error>& errors) const;
  diagnosis_result diagnose(const resolved_case& c, const diagnose_options& options = {}) const;
  /// nullopt when `condition_id` is not a condition of this knowledge base.
  std::optional<explanation> explain(const resolved_case& c, std::string_view condition_id) const;

  /// Runs the `test` declarations whose id contains `filter` (all when empty).
  std::vector<test_outcome> run_tests(std::string_view filter = {}, coverage_report* coverage = nullptr) const;

  /// The compiled network (engine/compile/network.hpp), for renderers and tests inside this project.
  const compiled_kb& impl() const { return *impl_; }

  /// Fast path (additive): inference + ranking into dense indices, no strings built. `scratch` is the
  /// calling thread's; `out` is overwritten (its vectors keep their capacity). `top` cuts the differential.
  void rank(const resolved_case& c, inference_scratch& scratch, raw_ranking& out,
            std::optional<std::size_t> top = std::nullopt) const;

  /// Index spaces used by resolved_case and raw_ranking (additive): present/absent hold finding indices,
  /// values hold value indices, raw_ranking holds condition, flag and compiled rule indices.
  std::size_t condition_count() const;
  const std::string& condition_id(std::uint32_t condition) const;
  std::size_t finding_count() const;
  const std::string& finding_id(std::uint32_t finding) const;
  std::optional<std::uint32_t> finding_index(std::string_view id) const;
  std::optional<std::uint32_t> value_index(std::string_view id) const;
  std::size_t rule_count() const;
  std::string rule_location(std::uint32_t rule) const;  ///< "path:line" of a compiled rule index (built on demand)

 private:
  std::shared_ptr<const compiled_kb> impl_;
  std::shared_ptr<detail::scratch_pool> pool_;
};

struct load_options {
  bool lints = true;  ///< run the W4xx lint passes
  /// Keep the parsed files in load_result::files. Off by default: each declaration is checked as it is parsed and
  /// only what the knowledge base needs of it is kept, so a load never holds the whole syntax tree (it would be the
  /// biggest part of a large load's memory, and nothing after the checks reads it).
  bool keep_syntax_trees = false;
  /// Knowledge bases of at least this many bytes are parsed on two threads: the files are cut in two at a line that
  /// starts a declaration, the later part is parsed on a second thread while this one parses and declares the
  /// earlier, and the two are joined in file order. The same result, diagnostics and all, as on one thread, in about
  /// nine tenths of the time (docs/performance.md). A syntax error in either part makes the load parse everything
  /// again on one thread, so broken files are reported exactly as before. 0: wherever a cut is possible; SIZE_MAX:
  /// never. Not used with keep_syntax_trees.
  std::size_t parse_on_two_threads_from = std::size_t{1} << 20;
};

/// Everything a load produced. `kb` is empty when any error was reported.
struct load_result {
  grammar::source_manager sources;
  grammar::diagnostics diags;
  std::vector<grammar::ast::file> files;  ///< the parsed files; empty unless load_options::keep_syntax_trees
  std::optional<knowledge_base> kb;
  /// 2 when the files were parsed on two threads (load_options::parse_on_two_threads_from), else 1.
  unsigned parse_threads = 1;
};

/// Loads files and directories (every `*.ddx` below a directory, in sorted path order).
/// Unreadable paths are reported as diagnostics (code E001), not thrown.
load_result load(const std::vector<std::string>& paths, const load_options& options = {});
/// Loads in-memory texts as (path, text) pairs; used by tests, the server and fuzzers.
load_result load_texts(const std::vector<std::pair<std::string, std::string>>& files,
                       const load_options& options = {});

}  // namespace ddx::engine
