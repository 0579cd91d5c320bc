// engine/check/validate.hpp: meaning checks other passes share (missing clauses, weights) and number formatting.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/check/check.hpp"
#include "grammar/ast.hpp"

namespace ddx::engine::check {

/// E303: `what` (e.g. "rule `r1`") has no `clause`.
/// E303 at `at`; with `add` (the clause as the fix writes it), a fix adding it on its own line at the end of `decl`.
void missing(context& cx, source_span at, std::string_view what, std::string_view clause, std::string hint,
             std::optional<source_span> decl = std::nullopt, std::string_view add = {});
/// The likelihood ratio and text of a `for`/`against` effect's weight into `out` (E303, E306, E307).
void check_weight(context& cx, const grammar::ast::effect& e, model_effect& out);
/// Shortest spelling of a number: 10, 0.5, 1e-05.
std::string format_number(double x);
/// ">=", "<", ...
const char* op_text(grammar::ast::cmp_op op);

}  // namespace ddx::engine::check
