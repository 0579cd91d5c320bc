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
}

}  // namespace ddx::grammar
