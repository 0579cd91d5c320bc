// tools/render/dot.hpp: the rule network (and, with a case, the part that fired) as Graphviz DOT.
#pragma once

#include <string>

#include "engine/case.hpp"
#include "engine/kb.hpp"
#include "engine/result.hpp"

namespace ddx::tools {

/// What a case made of the network: given findings, fired rules, true facts, raised flags, listed conditions.
struct dot_marks {
  const engine::case_input* input = nullptr;       ///< present / absent findings
  const engine::diagnosis_result* result = nullptr;  ///< needs a trace for the fired rules
};

/// Findings, values, facts, rules, conditions and flags as nodes; edges are dependencies
/// (input -> rule -> effect target). Nodes nothing depends on and that depend on nothing are left out.
std::string render_dot(const engine::knowledge_base& kb, const dot_marks& marks = {});

}  // namespace ddx::tools
