// engine/load/parse_check.cpp: parse_each feeding the checker; above load_options::parse_on_two_threads_from bytes the
// files are cut in two at a declaration line and the later part is parsed on a second thread.
#include "engine/load/parse_check.hpp"

#include <algorithm>
#include <exception>
#include <string_view>
#include <system_error>
#include <thread>

#include "engine/check/check.hpp"
#include "grammar/parser.hpp"

namespace ddx::engine::detail {
namespace {

/// What the parser is told of each rule as soon as its head is read (grammar::rule_name_hint): the rule's slot of the
/// checker's name table is fetched into the cache while the parser reads the rule's clauses, so declaring the rule
/// does not wait for memory (the table of a large knowledge base is megabytes, each new name a random slot). A hint
/// only: a rule whose clauses fail to parse was fetched for nothing.
grammar::rule_name_hint fetch_name_slot(const check::checker& checker) {
  return [&names = checker.names()](std::string_view rule_id) { names.prefetch(rule_id); };
}

bool skipped(const std::vector<grammar::file_id>& skip, grammar::file_id i) {
  return std::find(skip.begin(), skip.end(), i) != skip.end();
}

/// Bytes [begin, end) of a file.
struct piece {
  grammar::file_id file;
  std::size_t begin, end;
};

/// How many declarations of each kind `pieces` seem to hold (grammar::count_declaration_lines): an estimate to
/// reserve from. A declaration takes 32 bytes or more (well, nearly), so a file of broken one-word lines cannot make
/// the checker reserve far more than it could ever hold.
grammar::declaration_counts expected_declarations(const grammar::source_manager& sources, const std::vector<piece>& pieces) {
  grammar::declaration_counts expected{};
  for (const piece& p : pieces) {
    const std::string_view text = std::string_view(sources.file(p.file).text()).substr(p.begin, p.end - p.begin);
    const auto counts = grammar::count_declaration_lines(text);
    for (std::size_t k = 0; k < counts.size(); ++k) expected[k] += std::min(counts[k], text.size() / 32 + 1);
  }
  return expected;
}

/// The readable files in two runs, in order, the first with about `first_share` of their bytes: a file across that
/// point is cut at the first line that starts a declaration from there on (grammar::declaration_line_from), or else
/// after it. Empty when there are fewer than `min_bytes` in all or nothing to put in the second run.
std::optional<std::pair<std::vector<piece>, std::vector<piece>>> two_parts(const grammar::source_manager& sources,
                                                                       const std::vector<grammar::file_id>& skip,
                                                                       std::size_t min_bytes, double first_share) {
  std::size_t total = 0;
  for (grammar::file_id i = 0; i < sources.size(); ++i)
    if (!skipped(skip, i)) total += sources.file(i).text().size();
  if (total < min_bytes || total < 2) return std::nullopt;
  const auto first_bytes = static_cast<std::size_t>(static_cast<double>(total) * first_share);
  std::pair<std::vector<piece>, std::vector<piece>> out;
  std::size_t before = 0;  // bytes of the readable files before file i
  bool cut_done = false;
  for (grammar::file_id i = 0; i < sources.size(); ++i) {
    if (skipped(skip, i)) continue;
    const std::string& text = sources.file(i).text();
    if (cut_done) {
      out.second.push_back({i, 0, text.size()});
    } else if (before + text.size() <= first_bytes) {
      out.first.push_back({i, 0, text.size()});
    } else {  // the cut is in this file
      std::size_t cut = grammar::declaration_line_from(text, first_bytes - before);
      if (cut == std::string_view::npos) cut = text.size();
      if (cut > 0) out.first.push_back({i, 0, cut});
      if (cut < text.size()) out.second.push_back({i, cut, text.size()});
      cut_done = true;
    }
    before += text.size();
  }
  if (out.second.empty()) return std::nullopt;
  return out;
}

/// parse_and_check with the later part of the files parsed on a second thread (load_options::
/// parse_on_two_threads_from). Nothing (and no change to `r`) when the files are too small to cut, a thread cannot be
/// started, or either part has a syntax error: a broken declaration next to the cut could be reported differently
/// from a whole-file parse, so such files are parsed again whole.
std::optional<std::optional<model>> parse_and_check_on_two_threads(load_result& r, const load_options& options,
                                                              const std::vector<grammar::file_id>& skip) {
  // The first part's declarations are declared as they come (their names interned: a random slot of a large table
  // each), the second's only parsed and turned into model rules until checker::absorb interns their names after
  // the join; so a byte of the first part costs the main thread about twice what a byte of the second costs the
  // other (0.14 s against 0.07 s for equal halves of the DXplain-scale benchmark file), and 2/5 evens them out.
  constexpr double first_share = 0.4;
  const auto cut = two_parts(r.sources, skip, options.parse_on_two_threads_from, first_share);
  if (!cut) return std::nullopt;
  const std::vector<piece>& first = cut->first;
  const std::vector<piece>& second = cut->second;
  const auto expected_first = expected_declarations(r.sources, first);
  const auto expected_second = expected_declarations(r.sources, second);
  auto expected_all = expected_first;
  for (std::size_t k = 0; k < expected_all.size(); ++k) expected_all[k] += expected_second[k];
  constexpr std::size_t rule_kind = grammar::declaration_index<grammar::ast::rule_decl>();
  check::checker checker(r.sources, r.diags);
  checker.reserve(expected_all, expected_first[rule_kind]);  // every rule and name here; the later rules' parts there
  check::later_declarations later(r.sources);
  later.reserve(expected_second);
  grammar::diagnostics first_syntax, second_syntax;
  std::exception_ptr failed;
  {
    std::jthread other;
    try {
      other = std::jthread([&] {
        try {
          for (const piece& p : second)
            grammar::parse_each(
                r.sources, p.file, p.begin, p.end, second_syntax,
                [&](grammar::ast::declaration&& d) { later.add(std::move(d)); },
                [&](const grammar::ast::rule_decl& d) { later.add_rule(d); });
        } catch (...) {
          failed = std::current_exception();
        }
      });
    } catch (const std::system_error&) {
      return std::nullopt;  // no second thread: one thread it is
    }
    for (const piece& p : first)
      grammar::parse_each(
          r.sources, p.file, p.begin, p.end, first_syntax, [&](grammar::ast::declaration&& d) { checker.add(std::move(d)); },
          [&](const grammar::ast::rule_decl& d) { checker.add_rule(d); },
          fetch_name_slot(checker));
  }  // joins the second thread
  if (failed) std::rethrow_exception(failed);
  if (first_syntax.has_errors() || second_syntax.has_errors()) return std::nullopt;
  for (const auto* syntax : {&first_syntax, &second_syntax})
    for (const auto& d : syntax->all()) r.diags.report(d);
  checker.absorb(std::move(later));
  r.parse_threads = 2;
  return checker.finish(options.lints);
}

}  // namespace

std::optional<model> parse_and_check(load_result& r, const load_options& options, const std::vector<grammar::file_id>& skip) {
  if (!options.keep_syntax_trees)
    if (auto done = parse_and_check_on_two_threads(r, options, skip)) return std::move(*done);
  check::checker checker(r.sources, r.diags);
  std::vector<piece> all;
  for (grammar::file_id i = 0; i < r.sources.size(); ++i) all.push_back({i, 0, r.sources.file(i).text().size()});
  checker.reserve(expected_declarations(r.sources, all));
  for (grammar::file_id i = 0; i < r.sources.size(); ++i) {
    if (skipped(skip, i)) continue;
    if (options.keep_syntax_trees) {
      r.files.push_back(grammar::parse(r.sources, i, r.diags));
    } else {
      grammar::parse_each(
          r.sources, i, r.diags, [&](grammar::ast::declaration&& d) { checker.add(std::move(d)); },
          [&](const grammar::ast::rule_decl& d) { checker.add_rule(d); },
          fetch_name_slot(checker));
    }
  }
  for (const auto& f : r.files)  // kept trees: r.files is complete, so the declarations stay where they are
    for (const auto& d : f.decls) checker.add(d);
  // Syntax errors stop here (finish() checks nothing more): a declaration that failed to parse would only
  // cascade into unknown-name errors.
  return checker.finish(options.lints);
}

}  // namespace ddx::engine::detail
