// grammar/parser.hpp: parse one source file, declaration by declaration, reporting every syntax error as a diagnostic.
#pragma once

#include <array>
#include <functional>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace ddx::grammar {

/// Takes each declaration as soon as it is parsed: complete, with no syntax error. It may keep it (by moving from
/// it) or read what it needs and let it go.
using declaration_sink = std::function<void(ast::declaration&&)>;
/// Takes each rule as soon as it is parsed, complete and with no syntax error. The rule is the parser's own and is
/// valid only during the call: the next rule reuses its storage (a sink that keeps it moves from it).
using rule_sink = std::function<void(ast::rule_decl&)>;
/// Told each rule's id as soon as the rule's head is read, before its clauses: a hint for a sink that will look the
/// name up when the rule arrives (the checker fetches its slot of the name table meanwhile). A rule whose clauses
/// then fail to parse was hinted all the same, so a hint must change nothing.
using rule_name_hint = std::function<void(std::string_view)>;

/// Parses file `id` of `sources`, handing each declaration to `sink` in file order as soon as it is complete, so a
/// large file is never held as one tree; returns the file's comments. Never throws for bad input: each broken
/// declaration becomes one diagnostic (E1xx), is not handed over, and parsing resumes at the next declaration
/// keyword that starts a line.
std::vector<ast::comment> parse_each(const source_manager& sources, file_id id, diagnostics& diags,
                                     const declaration_sink& sink);
/// The same, with rules handed to `rules` instead (by reference: for a sink that reads a rule and lets it go,
/// such as the checker, no rule tree is allocated or copied per rule).
std::vector<ast::comment> parse_each(const source_manager& sources, file_id id, diagnostics& diags,
                                     const declaration_sink& sink, const rule_sink& rules,
                                     const rule_name_hint& hint = {});

/// parse_each over bytes [begin, end) of file `id` only (spans and diagnostics still count from the start of the
/// file). Where `begin` and `end` are each the end of the file or the start of a line that starts with a declaration
/// keyword (declaration_line_from), a valid file parsed in such pieces hands over exactly the declarations that
/// parsing it whole does, in the same order: every declaration ends before the next line that starts with a
/// declaration keyword, since strings and comments end with their line and a keyword is never a name.
std::vector<ast::comment> parse_each(const source_manager& sources, file_id id, std::size_t begin, std::size_t end,
                                     diagnostics& diags, const declaration_sink& sink, const rule_sink& rules,
                                     const rule_name_hint& hint = {});

/// The offset of the first line of `text` that starts at or after `at` with a declaration keyword in its first
/// column (where `ddx fmt` puts declarations), or std::string_view::npos when there is none.
std::size_t declaration_line_from(std::string_view text, std::size_t at);

/// How many declarations of each kind `text` seems to hold, indexed like the alternatives of ast::declaration,
/// from one quick scan counting the lines that start with each declaration keyword in the first column (where
/// `ddx fmt` puts them). An estimate for reserving memory before a large file is parsed, nothing more.
using declaration_counts = std::array<std::size_t, std::variant_size_v<ast::declaration>>;
/// The position of `T` among the alternatives of ast::declaration (its index in declaration_counts).
template <typename T, std::size_t I = 0>
constexpr std::size_t declaration_index() {
  if constexpr (std::is_same_v<std::variant_alternative_t<I, ast::declaration>, T>) return I;
  else return declaration_index<T, I + 1>();
}
declaration_counts count_declaration_lines(std::string_view text);

/// Parses file `id` of `sources` into one tree (parse_each, keeping every declaration).
ast::file parse(const source_manager& sources, file_id id, diagnostics& diags);

}  // namespace ddx::grammar
