// engine/compile/compile.hpp: checked model -> compiled network (Boost.Graph, topological order, dense arrays).
#pragma once

#include <memory>

#include "engine/compile/network.hpp"
#include "grammar/source.hpp"

namespace ddx::engine {

/// Builds the network from a checked, error-free model (cycles were already reported by check_cycles).
std::shared_ptr<compiled_kb> compile(model m, const grammar::source_manager& sources, kb_info info);

/// Fills kb.groups and kb.general_finding_readers from the compiled rules (engine/compile/literal_groups.cpp).
void compile_literal_groups(compiled_kb& kb);

}  // namespace ddx::engine
