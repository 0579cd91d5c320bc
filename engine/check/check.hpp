// engine/check/check.hpp: the semantic checker as an ordered list of named passes over the parsed files.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/model.hpp"
#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace ddx::engine::check {

/// Shared state of one check run. The AST pointers are aligned with the model's vectors
/// (`finding_decls[i]` declared `m.findings[i]`), so later passes can read clauses the model does not keep.
struct context {
  const grammar::source_manager& sources;
  const std::vector<grammar::ast::file>& files;
  grammar::diagnostics& diags;
  model m;
  const grammar::ast::knowledge_base_decl* header = nullptr;
  std::vector<const grammar::ast::finding_decl*> finding_decls;
  std::vector<const grammar::ast::value_decl*> value_decls;
  std::vector<const grammar::ast::condition_decl*> condition_decls;
  std::vector<const grammar::ast::fact_decl*> fact_decls;
  std::vector<const grammar::ast::flag_decl*> flag_decls;
  std::vector<const grammar::ast::rule_decl*> rule_decls;
  std::vector<const grammar::ast::test_decl*> test_decls;
  std::vector<source_span> region_spans;  ///< aligned with m.regions
};

/// One named pass. Lint passes only report warnings and run after every error pass, on a complete model.
struct pass {
  const char* name;
  void (*run)(context&);
};

/// Error passes (E2xx, E3xx) in the order they run.
const std::vector<pass>& semantic_passes();
/// Warning passes (W4xx, engine/check/lint_*.cpp) in the order they run.
const std::vector<pass>& lint_passes();

/// Runs every pass; the model is returned only when no error was reported.
std::optional<model> check(const grammar::source_manager& sources, const std::vector<grammar::ast::file>& files,
                           grammar::diagnostics& diags, bool lints);

// The passes (one stage each; see check.cpp for the order).
void declare_names(context& cx);      ///< symbols.cpp: every declaration gets its name (E202)
void check_header(context& cx);       ///< validate.cpp: exactly one knowledge_base, required clauses (E301-E303, E312)
void resolve_names(context& cx);      ///< resolve.cpp: references -> ids, wrong kinds (E201, E203-E208)
void check_values(context& cx);       ///< validate.cpp: priors, weights, levels, ranges (E303-E311, E316)
void check_tests(context& cx);        ///< validate.cpp: test cases (E313, E314)
void check_cycles(context& cx);       ///< cycles.cpp: derived facts that depend on themselves (E315)

}  // namespace ddx::engine::check
