// engine/compile/compile.hpp: checked model -> compiled network (Boost.Graph, topological order, dense arrays).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/compile/network.hpp"
#include "grammar/source.hpp"

namespace ddx::engine {

/// Builds the network from a checked, error-free model (cycles were already reported by check_cycles).
std::shared_ptr<compiled_kb> compile(model m, const grammar::source_manager& sources, kb_info info);

/// The evaluation order of the rules and what compile needs to know of each rule before compiling it.
struct rule_schedule {
  /// Model indices in evaluation order. Level-major: a rule's level is 0 when its `when` reads no fact, else 1 +
  /// the highest level among the asserters of the facts it reads, so every asserter of a fact comes before its
  /// readers (a topological order of the network). Within a level, by the smallest finding index the rule reads
  /// directly (rules reading no finding after those), then by model index: the readers of one finding are
  /// contiguous in compiled_kb::rules, hot, ops and effects.
  support::huge_vector<std::uint32_t> order;
  support::huge_vector<std::uint32_t> level;         ///< per model rule: its level (hot_rule::level)
  support::huge_vector<std::uint32_t> op_count;      ///< per model rule: the nodes of its `when` (its ops once compiled)
  support::huge_vector<std::uint32_t> effect_count;  ///< per model rule: its effects
};

/// The schedule of the rules of `m`, from one walk of each `when` (engine/compile/rule_order.cpp).
rule_schedule schedule_rules(const model& m);

/// Fills kb.groups and kb.general_finding_readers from the compiled rules (engine/compile/literal_groups.cpp).
void compile_literal_groups(compiled_kb& kb);

}  // namespace ddx::engine
