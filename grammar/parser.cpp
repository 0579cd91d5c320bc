// grammar/parser.cpp: parse(source_file) -> ast::file; one diagnostic per broken declaration, parse_error kept inside.
#include "grammar/parser.hpp"

#include "grammar/builder.hpp"
#include "grammar/errors.hpp"

namespace ddx::grammar {

ast::file parse(const source_manager& sources, file_id id, diagnostics& diags) {
  const source_file& f = sources.file(id);
  detail::builder b(f.text(), id, diags);
  // Lazy tracking: positions are never read from the input (diagnostics use byte offsets), so
  // skip counting lines and columns on every character.
  tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy> in(f.text().data(), f.text().size(), f.path());
  try {
    tao::pegtl::parse<rules::file, detail::action, detail::control>(in, b);
  } catch (const tao::pegtl::parse_error& e) {
    // Only reachable for a failure outside any declaration; report it where it happened.
    std::uint32_t at = e.positions().empty() ? 0 : static_cast<std::uint32_t>(e.positions().front().byte);
    if (b.error) {
      diags.report(std::move(*b.error));
    } else {
      diags.error("E101", {id, at, at}, "this file could not be read as declarations");
    }
  }
  return b.take_file();
}

}  // namespace ddx::grammar
