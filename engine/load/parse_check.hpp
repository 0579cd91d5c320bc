// engine/load/parse_check.hpp: the files parsed and their declarations checked as they are parsed, on one thread or two.
#pragma once

#include <optional>
#include <vector>

#include "engine/kb.hpp"
#include "engine/model.hpp"

namespace ddx::engine::detail {

/// Parses each readable file of `r.sources` (those not in `unreadable`) and checks its declarations as they are
/// parsed: the checker keeps what it needs of each, so a large knowledge base is never held as one syntax tree
/// (unless load_options::keep_syntax_trees). Large knowledge bases are parsed on two threads
/// (load_options::parse_on_two_threads_from). Diagnostics go to `r.diags`; the model when none is an error.
std::optional<model> parse_and_check(load_result& r, const load_options& options,
                                     const std::vector<grammar::file_id>& unreadable);

}  // namespace ddx::engine::detail
