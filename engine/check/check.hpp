// engine/check/check.hpp: the semantic checker as an ordered list of named passes over the parsed files.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model.hpp"
#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/parser.hpp"
#include "grammar/source.hpp"

namespace ddx::engine::check {

/// Shared state of one check run. Declarations arrive one at a time (declare). The declaration pointers are aligned
/// with the model's vectors (`finding_decls[i]` declared `m.findings[i]`), so later passes can read clauses the
/// model does not keep. Rules, by far the most numerous declarations, are not kept: declare turns each into its
/// model rule at once, with everything the later passes need (names as spans into the source).
struct context {
  context(const grammar::source_manager& sources, grammar::diagnostics& diags) : sources(sources), diags(diags) {}
  const grammar::source_manager& sources;
  grammar::diagnostics& diags;
  model m;
  const grammar::ast::knowledge_base_decl* header = nullptr;
  std::vector<const grammar::ast::finding_decl*> finding_decls;
  std::vector<const grammar::ast::value_decl*> value_decls;
  std::vector<const grammar::ast::condition_decl*> condition_decls;
  std::vector<const grammar::ast::fact_decl*> fact_decls;
  std::vector<const grammar::ast::flag_decl*> flag_decls;
  std::vector<const grammar::ast::test_decl*> test_decls;
  std::vector<source_span> region_spans;  ///< aligned with m.regions
  std::deque<grammar::ast::declaration> kept;  ///< declarations handed over by value (never rules)

  /// The source text of `span` (a name, as written).
  std::string_view text(source_span span) const {
    return std::string_view(sources.file(span.file).text()).substr(span.begin, span.end - span.begin);
  }
};

/// One named pass. Lint passes only report warnings and run after every error pass, on a complete model.
struct pass {
  const char* name;
  void (*run)(context&);
};

/// Declares one declaration (symbols.cpp): its name (E202), its model entry; a rule becomes its model rule at once,
/// with the checks that need no other declaration (rules.cpp: E303 missing clauses, E306/E307 weights). The first
/// form keeps `d` (moved into context::kept) unless it is a rule; the second reads `d`, which must outlive `cx`.
void declare(context& cx, grammar::ast::declaration&& d);
void declare(context& cx, const grammar::ast::declaration& d);
/// Declares rule `d` (its model rule) without keeping it: `d` may be reused or dropped after the call.
void declare_rule(context& cx, const grammar::ast::rule_decl& d);
/// Room for `counts` more declarations (say, grammar::count_declaration_lines of the files to come), so declaring
/// a large knowledge base moves nothing and rehashes no name; a shortfall only means growing as usual.
/// `rule_parts_for` is how many of the rules will have their parts stored here (all of them unless some come from
/// a later_declarations, which stores its own).
void reserve(context& cx, const grammar::declaration_counts& counts,
             std::optional<std::size_t> rule_parts_for = std::nullopt);

/// The declarations of a later part of a knowledge base (the end of a large file, say), taken on another
/// thread while a checker takes the earlier part: each rule becomes its model rule at once, with the checks that
/// need no other declaration, in storage of its own; every other declaration is kept as it is, in order. Names are
/// not looked at: checker::absorb declares them all, as if they had arrived at the checker after its own.
class later_declarations {
 public:
  explicit later_declarations(const grammar::source_manager& sources) : cx_(sources, diags_) {}
  later_declarations(const later_declarations&) = delete;
  later_declarations& operator=(const later_declarations&) = delete;
  /// Room for `counts` declarations (as check::reserve).
  void reserve(const grammar::declaration_counts& counts);
  void add(grammar::ast::declaration&& d);
  /// A rule, read at once and not kept (what grammar::parse_each's rule sink hands over).
  void add_rule(const grammar::ast::rule_decl& d);

 private:
  friend class checker;
  struct kept {
    std::size_t rules_before;  ///< how many rules arrived before it
    grammar::ast::declaration d;
  };
  grammar::diagnostics diags_;  ///< what turning rules into model rules reported (E303, E306, E307)
  context cx_;                  ///< its model holds the rules and their parts, and nothing else
  std::vector<kept> others_;
};

/// Error passes (E2xx, E3xx) in the order they run once every declaration is declared.
const std::vector<pass>& semantic_passes();
/// Warning passes (W4xx, engine/check/lint_*.cpp) in the order they run.
const std::vector<pass>& lint_passes();

/// Checks a knowledge base as its declarations arrive, so that engine::load can feed it straight from the parser
/// and a large knowledge base is never held as one syntax tree: add() declares, finish() resolves references and
/// runs the other passes once every name is known.
class checker {
 public:
  /// Reports go to `diags` when finish() runs the passes.
  checker(const grammar::source_manager& sources, grammar::diagnostics& diags);
  void reserve(const grammar::declaration_counts& counts, std::optional<std::size_t> rule_parts_for = std::nullopt) {
    check::reserve(cx_, counts, rule_parts_for);
  }
  void add(grammar::ast::declaration&& d) { declare(cx_, std::move(d)); }
  /// `d` must outlive the checker.
  void add(const grammar::ast::declaration& d) { declare(cx_, d); }
  /// A rule, read at once and not kept (what grammar::parse_each's rule sink hands over).
  void add_rule(const grammar::ast::rule_decl& d) { declare_rule(cx_, d); }
  /// Every name declared so far.
  const interner& names() const { return cx_.m.names; }
  /// Declares everything `later` took, in its order, after what this checker has: the same names, model, indices
  /// and reports as if each of those declarations had been added here.
  void absorb(later_declarations&& later);
  /// Runs the semantic passes, then the lints when `lints` and no error was found; the model when there was no
  /// error. When `diags` already held an error (a syntax error, an unreadable file) nothing more is checked or
  /// reported: a declaration that failed to parse would only cascade into unknown-name errors.
  std::optional<model> finish(bool lints);

 private:
  grammar::diagnostics& out_;
  grammar::diagnostics own_;  ///< what declaring reported, kept until finish() knows whether to pass it on
  context cx_;
};

/// Runs every pass on parsed files (a checker fed with their declarations); the model when no error was reported.
std::optional<model> check(const grammar::source_manager& sources, const std::vector<grammar::ast::file>& files,
                           grammar::diagnostics& diags, bool lints);

// The passes (one stage each; see check.cpp for the order).
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
void warn_about_conditions_without_urgency(context& cx);     ///< W411: a condition without `urgency` (when urgency is used)
void warn_about_urgency_threshold(context& cx);              ///< W412: `urgency_threshold` outside (0, 1)

}  // namespace ddx::engine::check
