// engine/check/validate.hpp: helpers the meaning checks share (number formatting, comparisons on ranges).
#pragma once

#include <string>

#include "grammar/ast.hpp"

namespace ddx::engine::check {

/// Shortest spelling of a number: 10, 0.5, 1e-05.
std::string format_number(double x);
/// ">=", "<", ...
const char* op_text(grammar::ast::cmp_op op);

}  // namespace ddx::engine::check
