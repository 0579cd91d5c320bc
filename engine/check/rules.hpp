// engine/check/rules.hpp: a rule declaration -> its model rule, before any name is resolved.
#pragma once

#include "engine/check/check.hpp"

namespace ddx::engine::check {

/// The model rule of `d`: id, text, sources, spans, its `when` with names left for the resolve pass (as spans
/// into the source), its effects with their weights. Reports what needs no other declaration: a missing `when` or
/// `then` (E303), a missing or bad weight (E303, E306, E307).
model_rule model_rule_of(context& cx, const grammar::ast::rule_decl& d);

}  // namespace ddx::engine::check
