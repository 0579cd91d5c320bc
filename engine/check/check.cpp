// engine/check/check.cpp: the pass pipeline: declarations as they arrive, then the error passes in order, then the
// lint passes on a complete model.
#include "engine/check/check.hpp"

namespace ddx::engine::check {

const std::vector<pass>& semantic_passes() {
  static const std::vector<pass> passes{
      {"check_header", check_header},    // E301-E303, E312
      {"resolve_names", resolve_names},  // E201, E203-E208
      {"check_values", check_values},    // E303-E311, E316
      {"check_tests", check_tests},      // E313, E314, E317
      {"check_cycles", check_cycles},    // E315
  };
  return passes;
}

const std::vector<pass>& lint_passes() {
  // W4xx lints: one engine/check/lint_<bad_thing>.cpp per warning, declared in check.hpp and listed here in the
  // order they run, e.g. {"unused_findings", warn_about_unused_findings}. They see a complete, error-free model.
  static const std::vector<pass> passes{
      {"unused_findings", warn_about_unused_findings},                                // W401
      {"unsupported_conditions", warn_about_unsupported_conditions},                  // W402
      {"untested_conditions", warn_about_untested_conditions},                        // W403
      {"unfireable_rules", warn_about_unfireable_rules},                              // W404
      {"duplicate_rules", warn_about_duplicate_rules},                                // W405
      {"subsumed_rules", warn_about_subsumed_rules},                                  // W406
      {"missing_sources", warn_about_missing_sources},                                // W407
      {"red_flag_sources_without_flag", warn_about_red_flag_sources_without_flag},    // W408
      {"unraised_flags", warn_about_unraised_flags},                                  // W409
      {"unused_facts", warn_about_unused_facts},                                      // W410
      {"conditions_without_urgency", warn_about_conditions_without_urgency},          // W411
      {"urgency_threshold", warn_about_urgency_threshold},                            // W412
      {"unlowerable_urgency_ranges", warn_about_unlowerable_urgency_ranges},          // W413
  };
  return passes;
}

checker::checker(const grammar::source_manager& sources, grammar::diagnostics& diags)
    : out_(diags), cx_(sources, own_) {}

std::optional<model> checker::finish(bool lints) {
  if (out_.has_errors()) return std::nullopt;
  for (const pass& p : semantic_passes()) p.run(cx_);
  const bool ok = !own_.has_errors();
  if (ok && lints)
    for (const pass& p : lint_passes()) p.run(cx_);
  for (const auto& d : own_.all()) out_.report(d);
  if (!ok) return std::nullopt;
  cx_.m.source_files = cx_.sources.share();  // the rules' views point into them
  return std::move(cx_.m);
}

std::optional<model> check(const grammar::source_manager& sources, const std::vector<grammar::ast::file>& files,
                           grammar::diagnostics& diags, bool lints) {
  checker c(sources, diags);
  for (const auto& f : files)
    for (const auto& d : f.decls) c.add(d);
  return c.finish(lints);
}

}  // namespace ddx::engine::check
