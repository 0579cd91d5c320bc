// tests/support/parse_text.hpp: parse a text in memory and get its AST, AST dump and rendered diagnostics.
#pragma once

#include <string>

#include "grammar/ast_print.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/parser.hpp"
#include "grammar/source.hpp"

namespace ddx::test {

struct parsed_text {
  grammar::source_manager sources;
  grammar::diagnostics diags;
  grammar::ast::file file;
  std::string dump;      ///< grammar::print of the AST
  std::string rendered;  ///< every diagnostic in text form, sorted
};

inline parsed_text parse_text(const std::string& text, const std::string& path = "test.ddx") {
  parsed_text p;
  grammar::file_id id = p.sources.add(path, text);
  p.file = grammar::parse(p.sources, id, p.diags);
  p.diags.sort_and_dedup(p.sources);
  p.dump = grammar::print(p.file);
  p.rendered = grammar::format_diagnostics(p.diags, p.sources);
  return p;
}

}  // namespace ddx::test
