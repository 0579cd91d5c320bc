// tests/grammar/rules_test.cpp: the grammar has no rule that can loop without consuming input.
#include <doctest/doctest.h>

#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/rules.hpp"

TEST_SUITE("grammar.rules") {

TEST_CASE("the file grammar has no rule that loops without consuming input") {
  CHECK(tao::pegtl::analyze<ddx::grammar::rules::file>(-1) == 0);
}

TEST_CASE("keywords end at a character that cannot continue an identifier") {
  namespace pg = tao::pegtl;
  namespace r = ddx::grammar::rules;
  struct row {
    const char* input;
    bool keyword;
  };
  const row rows[] = {{"flag", true},        {"flag.calf", false}, {"flags", false}, {"flag_x", false},
                      {"when(", true},       {"when ", true},      {"rule2", false}, {"ruleX", true},
                      {"knowledge_base", true}};
  for (const row& row : rows) {
    CAPTURE(row.input);
    pg::memory_input in(row.input, "");
    CHECK(pg::parse<r::keyword>(in) == row.keyword);
  }
}

}
