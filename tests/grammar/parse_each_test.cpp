// tests/grammar/parse_each_test.cpp: declarations handed over one by one, and the declaration-line estimate.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "grammar/ast_print.hpp"
#include "grammar/parser.hpp"

namespace ddx::grammar {

namespace {

constexpr const char* text = R"(# a small file with one broken declaration
knowledge_base "k"
  version "1"
  regions knee
finding knee.pain symptom "knee pain"
condition itbs "ITBS"
  region knee
  prior common
rule r1 "broken: no then"
  when knee.pain
rule r2 "ok"
  when knee.pain and not knee.swelling
  then for itbs lr 3
  source "seed.md"
test t1
  present knee.pain
  expect itbs first
)";

}  // namespace

TEST_SUITE("grammar.parse_each") {
  TEST_CASE("declarations arrive in file order, broken ones are reported and not handed over") {
    source_manager sources;
    const auto id = sources.add("k.ddx", text);
    diagnostics diags;
    std::vector<std::string> seen;
    const auto comments = parse_each(sources, id, diags, [&](ast::declaration&& d) {
      const ast::ident* name = ast::id_of(d);
      seen.emplace_back(name ? name->name : "knowledge_base");
    });
    CHECK(seen == std::vector<std::string>{"knowledge_base", "knee.pain", "itbs", "r2", "t1"});
    REQUIRE(comments.size() == 1);
    CHECK(comments[0].text == " a small file with one broken declaration");
    REQUIRE(diags.all().size() == 1);
    CHECK(diags.all()[0].code == "E113");
  }

  TEST_CASE("parse keeps exactly what parse_each hands over, with the same diagnostics") {
    source_manager sources;
    const auto id = sources.add("k.ddx", text);
    diagnostics each_diags, whole_diags;
    ast::file each;
    each.id = id;
    each.comments = parse_each(sources, id, each_diags, [&](ast::declaration&& d) { each.decls.push_back(std::move(d)); });
    const ast::file whole = parse(sources, id, whole_diags);
    CHECK(print(whole) == print(each));
    CHECK(whole.comments.size() == each.comments.size());
    CHECK(whole_diags.all().size() == each_diags.all().size());
  }

  TEST_CASE("declaration lines are counted by kind from the first column") {
    const auto n = count_declaration_lines(text);
    CAPTURE(std::string(text));
    CHECK(n[0] == 1);  // knowledge_base
    CHECK(n[1] == 1);  // finding
    CHECK(n[3] == 1);  // condition
    CHECK(n[6] == 2);  // rule
    CHECK(n[7] == 1);  // test
    CHECK(count_declaration_lines("")[6] == 0);
    CHECK(count_declaration_lines("  rule r \"x\"\n")[6] == 0);  // indented: an estimate, not a parse
    CHECK(count_declaration_lines("rules r \"x\"\nrule")[6] == 1);  // `rules` is not `rule`
  }
  TEST_CASE("declaration_line_from finds the next line that starts with a declaration keyword") {
    const std::string_view t = text;
    const std::size_t finding = t.find("finding knee.pain"), condition = t.find("condition itbs"), r1 = t.find("rule r1");
    CHECK(declaration_line_from(t, 0) == t.find("knowledge_base"));
    CHECK(declaration_line_from(t, finding) == finding);          // at a declaration line: that line
    CHECK(declaration_line_from(t, finding + 1) == condition);    // inside one: the next
    CHECK(declaration_line_from(t, condition + 20) == r1);        // past `  region knee`, `  prior common`
    CHECK(declaration_line_from(t, t.find("expect itbs")) == std::string_view::npos);  // no declaration after
    CHECK(declaration_line_from(t, t.size()) == std::string_view::npos);
    CHECK(declaration_line_from("x\n  rule r\nrules\nrule s", 0) == 17);  // indented and `rules` are not starts
  }

  TEST_CASE("parsing a file in pieces cut at declaration lines hands over what parsing it whole does") {
    source_manager sources;
    const std::string valid = std::string(text).replace(std::string_view(text).find("rule r1"),
                                                        std::string_view("rule r1 \"broken: no then\"\n  when knee.pain\n").size(), "");
    const auto id = sources.add("k.ddx", valid);
    diagnostics whole_diags;
    ast::file whole;
    whole.id = id;
    parse_each(sources, id, whole_diags, [&](ast::declaration&& d) { whole.decls.push_back(std::move(d)); });
    REQUIRE_FALSE(whole_diags.has_errors());
    for (std::size_t at = 0; at <= valid.size(); ++at) {
      const std::size_t cut = std::min(declaration_line_from(valid, at), valid.size());
      CAPTURE(cut);
      diagnostics diags;
      ast::file pieces;
      pieces.id = id;
      const auto keep = [&](ast::declaration&& d) { pieces.decls.push_back(std::move(d)); };
      const auto keep_rule = [&](ast::rule_decl& r) { pieces.decls.emplace_back(std::move(r)); };
      parse_each(sources, id, 0, cut, diags, keep, keep_rule);
      parse_each(sources, id, cut, valid.size(), diags, keep, keep_rule);
      CHECK_FALSE(diags.has_errors());
      CHECK(print(pieces) == print(whole));  // spans count from the start of the file in both
      REQUIRE(pieces.decls.size() == whole.decls.size());
      CHECK(std::get<ast::rule_decl>(pieces.decls[3]).span == std::get<ast::rule_decl>(whole.decls[3]).span);
    }
  }

  TEST_CASE("a syntax error in a piece is reported at its place in the file") {
    source_manager sources;
    const auto id = sources.add("k.ddx", text);
    const std::size_t r1 = std::string_view(text).find("rule r1");
    diagnostics whole_diags, piece_diags;
    parse_each(sources, id, whole_diags, [](ast::declaration&&) {});
    parse_each(sources, id, r1, std::string_view(text).size(), piece_diags, [](ast::declaration&&) {},
               [](ast::rule_decl&) {});
    REQUIRE(whole_diags.all().size() == 1);
    REQUIRE(piece_diags.all().size() == 1);
    CHECK(piece_diags.all()[0].code == whole_diags.all()[0].code);
    CHECK(piece_diags.all()[0].span == whole_diags.all()[0].span);
  }
}

}  // namespace ddx::grammar
