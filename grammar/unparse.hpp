// grammar/unparse.hpp: AST plus kept comments -> canonical source text (what `ddx fmt` writes).
#pragma once

#include <string>

#include "grammar/ast.hpp"
#include "grammar/source.hpp"

namespace ddx::grammar {

/// Canonical layout of a parsed file, with every comment of `f.comments` kept where it was
/// (own-line comments before the declaration/clause that follows them, trailing comments on their line).
/// Formatting the output again gives the same text; parsing it gives the same AST (spans aside).
std::string unparse(const ast::file& f, const source_file& text);

}  // namespace ddx::grammar
