// grammar/ast_print.hpp: canonical S-expression dump of an AST (for tests and `--dump-ast`); spans are left out.
#pragma once

#include <string>

#include "grammar/ast.hpp"

namespace ddx::grammar {

/// One line per declaration, e.g. `(rule r "text" (when (and a.b (>= age 40))) (then (for c strong)) (source "s"))`.
std::string print(const ast::file& f);
std::string print(const ast::declaration& d);
std::string print(const ast::expr& e);

}  // namespace ddx::grammar
