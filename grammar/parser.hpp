// grammar/parser.hpp: parse one source file into an AST, reporting every syntax error as a diagnostic.
#pragma once

#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace ddx::grammar {

/// Parses file `id` of `sources`. Never throws for bad input: each broken declaration becomes one
/// diagnostic (E1xx) and parsing resumes at the next declaration keyword that starts a line.
ast::file parse(const source_manager& sources, file_id id, diagnostics& diags);

}  // namespace ddx::grammar
