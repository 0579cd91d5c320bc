// engine/compile/steps.hpp: the steps of compile() that live in their own files (internal to engine/compile).
#pragma once

#include <cstdint>
#include <vector>

#include "engine/compile/compile.hpp"
#include "grammar/source.hpp"

namespace ddx::engine::detail {

/// Fills kb.rules, hot, rule_of_model, ops, effects, hot_effects, level_count, fact_asserter_count and the reader
/// tables (finding, value, fact readers; condition_rules), rules in `s.order` (engine/compile/rules.cpp).
void compile_rules(compiled_kb& kb, const grammar::source_manager& sources, const rule_schedule& s);

/// Fills kb.condition_questions from the compiled rules and kb.finding_order (engine/compile/questions.cpp).
void compile_questions(compiled_kb& kb);

/// The network graph of the compiled rules (engine/compile/graph.cpp), what compiled_kb::graph builds on first use.
network_graph build_graph(const compiled_kb& kb);

}  // namespace ddx::engine::detail
