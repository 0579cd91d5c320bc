// engine/compile/dump.hpp: a deterministic text dump of a compiled network (no spans, no paths), for tests that
// compare two compilations, e.g. a knowledge base before and after `ddx fmt`.
#pragma once

#include <string>

#include "engine/compile/network.hpp"

namespace ddx::engine {

/// Every node (with its declared attributes), every compiled rule in evaluation order (expression ops, level,
/// threshold, effects with weights), every edge of the graph and every test, named by id. Source spans, file
/// paths and the source digest are left out, so layout-only edits do not change the dump.
std::string dump_network(const compiled_kb& kb);

}  // namespace ddx::engine
