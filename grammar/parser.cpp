// grammar/parser.cpp: parse_each(source_file) -> declarations one by one; parse() keeps them as an ast::file.
#include "grammar/parser.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>

#include "grammar/builder.hpp"
#include "grammar/errors.hpp"
#include "support/huge_pages.hpp"

namespace ddx::grammar {
namespace {

/// `word` at `at`, followed by none of [a-z0-9_.] (the grammar's key_tail).
bool starts_with_word(std::string_view text, std::size_t at, std::string_view word) {
  if (text.compare(at, word.size(), word) != 0) return false;
  const std::size_t end = at + word.size();
  return end == text.size() || !(rules::is_ident_char(text[end]) || text[end] == '.');
}

/// In the order of the alternatives of ast::declaration.
constexpr std::string_view declaration_words[] = {"knowledge_base", "finding", "value", "condition",
                                                  "fact", "flag", "rule", "test"};
static_assert(std::size(declaration_words) == std::variant_size_v<ast::declaration>);

/// The index in declaration_words of the keyword that the line at `at` starts with, or npos. Every keyword starts
/// with a lower-case letter, so most lines (clauses are indented) are passed over by their first character.
std::size_t declaration_word_at(std::string_view text, std::size_t at) {
  if (at >= text.size() || text[at] < 'a' || text[at] > 'z') return std::string_view::npos;
  for (std::size_t w = 0; w < std::size(declaration_words); ++w)
    if (declaration_words[w][0] == text[at] && starts_with_word(text, at, declaration_words[w])) return w;
  return std::string_view::npos;
}

/// The start of the line after the one holding `at`, or text.size() when there is none.
std::size_t next_line(std::string_view text, std::size_t at) {
  const std::size_t end = text.find('\n', at);
  return end == std::string_view::npos ? text.size() : end + 1;
}

}  // namespace

declaration_counts count_declaration_lines(std::string_view text) {
  declaration_counts n{};
  for (std::size_t at = 0; at < text.size(); at = next_line(text, at))
    if (const std::size_t w = declaration_word_at(text, at); w != std::string_view::npos) ++n[w];
  return n;
}

std::size_t declaration_line_from(std::string_view text, std::size_t at) {
  if (at > 0 && at <= text.size() && text[at - 1] != '\n') at = next_line(text, at);  // not a line start
  for (; at < text.size(); at = next_line(text, at))
    if (declaration_word_at(text, at) != std::string_view::npos) return at;
  return std::string_view::npos;
}

std::vector<ast::comment> parse_each(const source_manager& sources, file_id id, diagnostics& diags,
                                     const declaration_sink& sink) {
  const rule_sink rules = [&](ast::rule_decl& r) { sink(ast::declaration(std::move(r))); };
  return parse_each(sources, id, diags, sink, rules);
}

std::vector<ast::comment> parse_each(const source_manager& sources, file_id id, diagnostics& diags,
                                     const declaration_sink& sink, const rule_sink& rules,
                                     const rule_name_hint& hint) {
  return parse_each(sources, id, 0, sources.file(id).text().size(), diags, sink, rules, hint);
}

std::vector<ast::comment> parse_each(const source_manager& sources, file_id id, std::size_t begin, std::size_t end,
                                     diagnostics& diags, const declaration_sink& sink, const rule_sink& rules,
                                     const rule_name_hint& hint) {
  const source_file& f = sources.file(id);
  end = std::min(end, f.text().size());
  begin = std::min(begin, end);
  // The builder measures spans from the start of the whole text, so a piece's spans are the file's.
  detail::builder b(f.text(), id, diags, sink, rules, hint);
  // Lazy tracking: positions are never read from the input (diagnostics use byte offsets), so
  // skip counting lines and columns on every character.
  tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy> in(f.text().data() + begin, f.text().data() + end, f.path());
  try {
    tao::pegtl::parse<rules::file, detail::action, detail::control>(in, b);
  } catch (const tao::pegtl::parse_error& e) {
    // Only reachable for a failure outside any declaration; report it where it happened (the input counts bytes
    // from `begin`).
    std::uint32_t at = static_cast<std::uint32_t>(begin + (e.positions().empty() ? 0 : e.positions().front().byte));
    if (b.error) {
      diags.report(std::move(*b.error));
    } else {
      diags.error("E101", {id, at, at}, "this file could not be read as declarations");
    }
  }
  return b.take_comments();
}

ast::file parse(const source_manager& sources, file_id id, diagnostics& diags) {
  ast::file out;
  out.id = id;
  // At most one declaration per 32 bytes, so a file of broken one-word lines cannot reserve far
  // more than it could ever hold (a shortfall only means the vector grows as before).
  const std::string& text = sources.file(id).text();
  const auto counts = count_declaration_lines(text);
  std::size_t total = 0;
  for (auto n : counts) total += n;
  support::reserve_on_huge_pages(out.decls, std::min(total, text.size() / 32 + 1));
  out.comments = parse_each(sources, id, diags, [&](ast::declaration&& d) { out.decls.push_back(std::move(d)); });
  return out;
}

}  // namespace ddx::grammar
