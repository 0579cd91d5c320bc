// tools/render/dot.hpp: the rule network (and, with a case, the part that fired) as Graphviz DOT.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/case.hpp"
#include "engine/kb.hpp"
#include "engine/result.hpp"

namespace ddx::tools {

/// What a case made of the network: given findings, fired rules, true facts, raised flags, listed conditions.
struct dot_marks {
  const engine::case_input* input = nullptr;       ///< present / absent findings
  const engine::diagnosis_result* result = nullptr;  ///< needs a trace for the fired rules
};

/// Which part of the network to draw (the whole network is too big to read: a class needs a part).
struct dot_scope {
  /// Only what can reach this condition: the rules with an effect on it, their inputs, the rules that assert
  /// those facts, and so on back to findings and values. Empty: every condition.
  std::string condition;
  /// Only the rules the case fired (dot_marks::result with a trace), with their inputs and targets.
  bool fired_only = false;
};

/// The vertices `scope` keeps, as a mask over the compiled graph's vertices; nullopt when `scope.condition` names
/// no condition.
std::optional<std::vector<bool>> scope_mask(const engine::knowledge_base& kb, const dot_marks& marks, const dot_scope& scope);

/// Findings, values, facts, rules, conditions and flags as nodes; edges are dependencies
/// (input -> rule -> effect target). Nodes nothing depends on and that depend on nothing are left out.
/// With a scope, only the vertices scope_mask keeps and the edges between them; the caller checks the condition
/// first (an unknown condition draws an empty graph).
std::string render_dot(const engine::knowledge_base& kb, const dot_marks& marks = {}, const dot_scope& scope = {});

}  // namespace ddx::tools
