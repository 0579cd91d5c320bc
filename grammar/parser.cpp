// grammar/parser.cpp: parse(source_file) -> ast::file (temporary stub until the PEGTL grammar lands).
#include "grammar/parser.hpp"

namespace ddx::grammar {

ast::file parse(const source_manager& sources, file_id id, diagnostics& diags) {
  (void)sources;
  diags.error("E100", {id, 0, 0}, "the parser is not implemented yet");
  return ast::file{id, {}, {}};
}

}  // namespace ddx::grammar
