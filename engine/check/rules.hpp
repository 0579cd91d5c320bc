// engine/check/rules.hpp: a rule declaration -> its model rule, before any name is resolved.
#pragma once

#include "engine/check/check.hpp"

namespace ddx::engine::check {

/// Fills `r` (a new, empty model rule, e.g. just appended to the model) as the model rule of `d`: id, text,
/// sources, spans, its `when` with names left for the resolve pass (as spans into the source), its effects with
/// their weights. Reports what needs no other declaration: a missing `when` or `then` (E303), a missing or bad
/// weight (E303, E306, E307).
void model_rule_of(context& cx, const grammar::ast::rule_decl& d, model_rule& r);

}  // namespace ddx::engine::check
