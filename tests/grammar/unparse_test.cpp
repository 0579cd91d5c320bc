// tests/grammar/unparse_test.cpp: canonical layout, comments kept, idempotence, same AST after a round trip.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "grammar/unparse.hpp"
#include "support/parse_text.hpp"

namespace {

std::string format(const std::string& text) {
  auto p = ddx::test::parse_text(text);
  return ddx::grammar::unparse(p.file, p.sources.file(0));
}

/// Formatting is idempotent and keeps the AST and the number of comments.
void check_round_trip(const std::string& text) {
  auto before = ddx::test::parse_text(text);
  REQUIRE(before.rendered == "");
  std::string once = ddx::grammar::unparse(before.file, before.sources.file(0));
  auto after = ddx::test::parse_text(once);
  CHECK(after.rendered == "");
  CHECK(after.dump == before.dump);
  CHECK(after.file.comments.size() == before.file.comments.size());
  CHECK(ddx::grammar::unparse(after.file, after.sources.file(0)) == once);
}

}  // namespace

TEST_SUITE("grammar.unparse") {

TEST_CASE("declarations get the canonical layout with comments where they were") {
  const std::string input = R"ddx(# Outer-knee pain

# ITBS
condition itbs "Iliotibial band syndrome" region knee   prior common
  source "002: ITBS"   # the seed
rule itbs_lateral "Outer knee"
  # why this rule
  when loc.lateral_knee and (trig.downhill_running or time.worsens_as_run_continues)
  then for itbs strong,against pfps lr 0.5
test t "Typical" present a.b,c.d values age 34 expect itbs first expect triage at most modify_training
)ddx";
  const std::string expected = R"ddx(# Outer-knee pain

# ITBS
condition itbs "Iliotibial band syndrome"
  region knee
  prior common
  source "002: ITBS"  # the seed

rule itbs_lateral "Outer knee"
  # why this rule
  when loc.lateral_knee and (trig.downhill_running or time.worsens_as_run_continues)
  then for itbs strong, against pfps lr 0.5

test t "Typical"
  present a.b, c.d
  values age 34
  expect itbs first
  expect triage at most modify_training
)ddx";
  CHECK(format(input) == expected);
}

TEST_CASE("expressions keep their tree with the fewest parentheses, and the author's when mixing and/or") {
  struct row {
    std::string when;
    std::string expected;
  };
  const row rows[] = {
      {"a.b and c.d and e.f", "a.b and c.d and e.f"},
      {"(a.b and c.d) or e.f", "(a.b and c.d) or e.f"},
      {"a.b and c.d or e.f", "a.b and c.d or e.f"},
      {"a.b and (c.d or e.f)", "a.b and (c.d or e.f)"},
      {"a.b and (c.d and e.f)", "a.b and (c.d and e.f)"},
      {"((a.b))", "a.b"},
      {"not (a.b or c.d)", "not (a.b or c.d)"},
      {"not (not a.b)", "not not a.b"},
      {"at least 2 of ((a.b), c.d or e.f, age>=4)", "at least 2 of (a.b, c.d or e.f, age >= 4)"},
      {"age!=-1.50", "age != -1.50"},
  };
  for (const row& r : rows) {
    CAPTURE(r.when);
    CHECK(format("rule r \"x\"\n  when " + r.when + "\n  then for c weak\n") ==
          "rule r \"x\"\n  when " + r.expected + "\n  then for c weak\n");
  }
}

TEST_CASE("strings are escaped again and numbers keep their spelling") {
  CHECK(format("fact s \"a\\\"b\\\\c\\td\\ne\"\n") == "fact s \"a\\\"b\\\\c\\td\\ne\"\n");
  CHECK(format("value v \"V\" range -1.0 to 10.50\n") == "value v \"V\"\n  range -1.0 to 10.50\n");
  CHECK(format("condition c \"C\" prior 0.020 region knee\n") == "condition c \"C\"\n  prior 0.020\n  region knee\n");
  CHECK(format("knowledge_base \"k\" urgency_threshold 0.30 version \"1\" regions knee\n") ==
        "knowledge_base \"k\"\n  urgency_threshold 0.30\n  version \"1\"\n  regions knee\n");
  CHECK(format("flag g \"G\" overrides modify_training level self_care\n") ==
        "flag g \"G\"\n  overrides modify_training\n  level self_care\n");
  CHECK(format("condition c \"C\" urgency modify_training region knee prior common\n") ==
        "condition c \"C\"\n  urgency modify_training\n  region knee\n  prior common\n");
  CHECK(format("condition c \"C\" urgency self_care   to  modify_training region knee prior common\n") ==
        "condition c \"C\"\n  urgency self_care to modify_training\n  region knee\n  prior common\n");
}

TEST_CASE("formatting is idempotent and keeps the AST for inputs with comments") {
  const char* inputs[] = {
      "# only a comment\n",
      "",
      "fact a \"A\" fact b \"B\" # tail of b\n# end\n",
      "rule r \"x\" # head\n  when a.b and # mid\n    c.d # end\n  then raise f\n",
      "\n\n# a\n\n\n# b\nfact a \"A\"\r\n  source \"s\"\r\n\r\n# c\n",
      "test t\n  expect no flag f\n  expect c not in top 3\n  expect triage at least self_care\n",
      "knowledge_base \"k\" version \"1\" urgency_threshold 0.30 regions knee\n"
      "condition c \"C\" region knee urgency stop_and_assess  # why\n  prior common\n",
      "condition c \"C\"\n  urgency self_care  # not a range\n  # to\n  region knee\n  prior common\n",
      "condition c \"C\"\n  urgency self_care to # mid\n  modify_training\n  region knee\n  prior common\n",
  };
  for (const char* input : inputs) {
    CAPTURE(input);
    check_round_trip(input);
  }
}

TEST_CASE("a rule's unless goes right after its when, with its comments") {
  // Written before `source` and `when`: moved after `when` (the other clauses keep the author's order), with the
  // comment before it and the one at its end; the comment before `source` stays before `source`.
  const std::string input = R"ddx(rule r "Bruising"
  then raise red_flag_bruising  # the flag
  # the exception
  unless   minor_toe_bruise or(sym.nail_black  and not sym.pain_severe)  # known only
  # where from
  source "s"
  when sym.bruising
)ddx";
  const std::string expected = R"ddx(rule r "Bruising"
  then raise red_flag_bruising  # the flag
  # where from
  source "s"
  when sym.bruising
  # the exception
  unless minor_toe_bruise or (sym.nail_black and not sym.pain_severe)  # known only
)ddx";
  CHECK(format(input) == expected);
  CHECK(format(expected) == expected);
  check_round_trip(input);
  // Already right after `when`, or before it: the same layout.
  CHECK(format("rule r \"x\"\n  unless c.d\n  when a.b\n  then for c weak\n") ==
        "rule r \"x\"\n  when a.b\n  unless c.d\n  then for c weak\n");
  CHECK(format("rule r \"x\" when a.b unless c.d then for c weak\nrule s \"y\" then for c weak when e.f\n") ==
        "rule r \"x\"\n  when a.b\n  unless c.d\n  then for c weak\n\nrule s \"y\"\n  then for c weak\n  when e.f\n");
  check_round_trip("rule r \"x\" # head\n  unless c.d # u\n  # before when\n  when a.b\n  then for c weak\n# end\n");
}

TEST_CASE("every bundled knowledge base file formats idempotently to the same AST") {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(DDX_SOURCE_DIR "/kb")) {
    if (entry.path().extension() != ".ddx") continue;
    ++files;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    CAPTURE(entry.path().string());
    check_round_trip(text.str());
  }
  CHECK(files > 0);
}

}
