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

// The lint passes (warnings only; one engine/check/lint_<bad_thing>.cpp each).
void warn_about_unused_findings(context& cx);                ///< W401: a finding no rule reads
void warn_about_unsupported_conditions(context& cx);         ///< W402: a condition no rule supports
void warn_about_untested_conditions(context& cx);            ///< W403: a condition no test expects to find
void warn_about_unfireable_rules(context& cx);               ///< W404: a `when` that can never be true
void warn_about_duplicate_rules(context& cx);                ///< W405: same `when`, same effects
void warn_about_subsumed_rules(context& cx);                 ///< W406: same effects, narrower `when`
void warn_about_missing_sources(context& cx);                ///< W407: a rule or condition without `source`
void warn_about_red_flag_sources_without_flag(context& cx);  ///< W408: red flags in a source, no flag rule
void warn_about_unraised_flags(context& cx);                 ///< W409: a flag no rule raises
void warn_about_unused_facts(context& cx);                   ///< W410: a fact no rule reads

}  // namespace ddx::engine::check
