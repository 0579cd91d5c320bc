// tests/engine/check_test.cpp: semantic errors (E2xx names, E3xx meaning) as exact rendered text.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "sample.hpp"

namespace ddx::engine::testing {
namespace {

struct row {
  const char* input;
  const char* expected;
};

void check_rows(const std::vector<row>& rows) {
  for (const auto& r : rows) {
    CAPTURE(r.input);
    CHECK(diagnostics_of(r.input) == r.expected);
    CHECK_FALSE(load_with(r.input).kb.has_value());
  }
}

TEST_SUITE("engine.check") {
  TEST_CASE("the sample knowledge base loads without errors") {
    // The sample is deliberately small (unsourced rules, untested conditions): its lints are not the point here.
    const auto r = load({DDX_TEST_DATA_DIR "/sample"}, {.lints = false});
    CHECK(grammar::format_diagnostics(r.diags, r.sources) == "");
    REQUIRE(r.kb.has_value());
    CHECK(r.kb->info().name == "sample-knee");
    CHECK(r.kb->info().digest.rfind("sha256:", 0) == 0);
    CHECK(r.kb->info().digest.size() == 7 + 64);
  }

  TEST_CASE("unknown names suggest the closest declared name of the right kind") {
    check_rows({
        {"rule r \"x\"\n  when loc.lateral_kne\n  then for itbs strong\n",
         "t.ddx:2:8: error: unknown finding `loc.lateral_kne` [E201]\n"
         "  when loc.lateral_kne\n"
         "       ^~~~~~~~~~~~~~~\n"
         "hint: did you mean `loc.lateral_knee`?\n"},
        {"rule r \"x\"\n  when load_spik\n  then assert load_spike\n",
         "t.ddx:2:8: error: unknown fact `load_spik` [E203]\n"
         "  when load_spik\n"
         "       ^~~~~~~~~\n"
         "hint: did you mean `load_spike`?\n"},
        {"rule r \"x\"\n  when pain_scor >= 3\n  then for itb strong\n",
         "t.ddx:2:8: error: unknown value `pain_scor` [E206]\n"
         "  when pain_scor >= 3\n"
         "       ^~~~~~~~~\n"
         "hint: did you mean `pain_score`?\n"
         "t.ddx:3:12: error: unknown condition `itb` [E204]\n"
         "  then for itb strong\n"
         "           ^~~\n"
         "hint: did you mean `itbs`?\n"},
        {"rule r \"x\"\n  when loc.lateral_knee\n  then raise dvtt\n",
         "t.ddx:3:14: error: unknown flag `dvtt` [E205]\n"
         "  then raise dvtt\n"
         "             ^~~~\n"
         "hint: did you mean `dvt`?\n"},
        {"condition pfps \"P\"\n  region kne\n  prior comon\n",
         "t.ddx:2:10: error: unknown region `kne` [E207]\n"
         "  region kne\n"
         "         ^~~\n"
         "hint: did you mean `knee`?\n"
         "t.ddx:3:9: error: unknown prior class `comon` [E304]\n"
         "  prior comon\n"
         "        ^~~~~\n"
         "hint: did you mean `common`?\n"},
    });
  }

  TEST_CASE("a second declaration of a name points at the first") {
    check_rows({
        {"condition itbs \"again\"\n  region knee\n  prior common\n",
         "t.ddx:1:11: error: `itbs` is already declared as a condition [E202]\n"
         "condition itbs \"again\"\n"
         "          ^~~~\n"
         "hint: rename one of the two declarations\n"
         "a.ddx:8:11: note: first declared here\n"},
        {"knowledge_base \"again\"\n  version \"2\"\n  regions knee\n",
         "t.ddx:1:16: error: more than one `knowledge_base` declaration [E302]\n"
         "knowledge_base \"again\"\n"
         "               ^~~~~~~\n"
         "hint: keep exactly one `knowledge_base` across all files\n"
         "a.ddx:1:16: note: first declared here\n"},
    });
  }

  TEST_CASE("a name of the wrong kind says what it is and what was expected") {
    check_rows({
        {"rule r \"x\"\n  when itbs\n  then for itbs strong\n",
         "t.ddx:2:8: error: `itbs` is a condition, not a finding or fact [E208]\n"
         "  when itbs\n"
         "       ^~~~\n"
         "hint: write `for itbs WEIGHT` to give evidence for a condition\n"},
        {"rule r \"x\"\n  when loc.lateral_knee\n  then for load_spike strong\n",
         "t.ddx:3:12: error: `load_spike` is a fact, not a condition [E208]\n"
         "  then for load_spike strong\n"
         "           ^~~~~~~~~~\n"
         "hint: write `assert load_spike` to assert a fact\n"},
        {"rule r \"x\"\n  when loc.lateral_knee\n  then raise itbs\n",
         "t.ddx:3:14: error: `itbs` is a condition, not a flag [E208]\n"
         "  then raise itbs\n"
         "             ^~~~\n"
         "hint: write `for itbs WEIGHT` to give evidence for a condition\n"},
        {"rule r \"x\"\n  when loc.lateral_knee > 3\n  then for itbs strong\n",
         "t.ddx:2:8: error: `loc.lateral_knee` is a finding, not a value; only values can be compared [E208]\n"
         "  when loc.lateral_knee > 3\n"
         "       ^~~~~~~~~~~~~~~~\n"
         "hint: test it without a comparison: `loc.lateral_knee` or `not loc.lateral_knee`\n"},
        {"rule r \"x\"\n  when pain_score\n  then for itbs strong\n",
         "t.ddx:2:8: error: `pain_score` is a value, not a finding or fact [E208]\n"
         "  when pain_score\n"
         "       ^~~~~~~~~~\n"
         "hint: compare it with a number, e.g. `pain_score >= 1`\n"},
    });
  }

  TEST_CASE("numbers outside their allowed ranges are errors with the allowed range as hint") {
    check_rows({
        {"condition pfps \"P\"\n  region knee\n  prior 1.5\n",
         "t.ddx:3:9: error: prior probability `1.5` is outside (0, 1) [E305]\n"
         "  prior 1.5\n"
         "        ^~~\n"
         "hint: use a probability between 0 and 1, both excluded, e.g. `prior 0.02`\n"},
        {"rule r \"x\"\n  when loc.lateral_knee\n  then for itbs lr 0.5\n",
         "t.ddx:3:20: error: `lr 0.5` must be greater than 1 for `for` [E307]\n"
         "  then for itbs lr 0.5\n"
         "                   ^~~\n"
         "hint: use an `lr` above 1, or `against` with an `lr` in (0, 1) for evidence against\n"},
        {"rule r \"x\"\n  when loc.lateral_knee\n  then against itbs lr 3\n",
         "t.ddx:3:24: error: `lr 3` must be in (0, 1) for `against` [E307]\n"
         "  then against itbs lr 3\n"
         "                       ^\n"
         "hint: use an `lr` between 0 and 1, e.g. `lr 0.5`, or `for` with an `lr` above 1\n"},
        {"flag f \"F\"\n  level urgent\n",
         "t.ddx:2:9: error: unknown triage level `urgent` [E308]\n"
         "  level urgent\n"
         "        ^~~~~~\n"
         "hint: did you mean `urgent_care`?\n"},
        {"flag g \"G\"\n  level self_care\n  overrides modify\n",
         "t.ddx:3:13: error: unknown triage level `modify` [E308]\n"
         "  overrides modify\n"
         "            ^~~~~~\n"
         "hint: did you mean `modify_training`?\n"},
        {"condition c \"C\"\n  region knee\n  prior common\n  urgency modify\n",
         "t.ddx:4:11: error: unknown triage level `modify` [E308]\n"
         "  urgency modify\n"
         "          ^~~~~~\n"
         "hint: did you mean `modify_training`?\n"},
        {"value v \"V\"\n  range 10 to 0\n",
         "t.ddx:2:9: error: empty range `10 to 0`: the low end must be below the high end [E309]\n"
         "  range 10 to 0\n"
         "        ^~~~~~~\n"
         "hint: write `range 0 to 10`\n"},
        {"rule r \"x\"\n  when at least 3 of (loc.lateral_knee, loc.anterior_knee)\n  then for itbs strong\n",
         "t.ddx:2:17: error: `at least 3` can never hold with 2 items [E310]\n"
         "  when at least 3 of (loc.lateral_knee, loc.anterior_knee)\n"
         "                ^\n"
         "hint: use a number from 1 to 2\n"},
        {"rule r \"x\"\n  when pain_score > 12\n  then for itbs strong\n",
         "t.ddx:2:21: error: `12` is outside the range of `pain_score` (0 to 10) [E311]\n"
         "  when pain_score > 12\n"
         "                    ^~\n"
         "hint: the comparison is never true; compare with a number from 0 to 10\n"},
        {"finding loc.x symtom \"X\"\n",
         "t.ddx:1:15: error: unknown finding kind `symtom` [E316]\n"
         "finding loc.x symtom \"X\"\n"
         "              ^~~~~~\n"
         "hint: did you mean `symptom`?\n"},
    });
  }

  TEST_CASE("a test case is checked like a case: both lists, ranges and every id") {
    check_rows({
        {"test t1 \"T\"\n  present loc.lateral_knee\n  absent loc.lateral_knee\n  values pain_score 11\n  expect itbs first\n",
         "t.ddx:3:10: error: `loc.lateral_knee` is both present and absent [E313]\n"
         "  absent loc.lateral_knee\n"
         "         ^~~~~~~~~~~~~~~~\n"
         "hint: keep it in one of the two lists\n"
         "t.ddx:2:11: note: listed as present here\n"
         "t.ddx:4:21: error: `11` is outside the range of `pain_score` (0 to 10) [E314]\n"
         "  values pain_score 11\n"
         "                    ^~\n"
         "hint: use a number from 0 to 10\n"},
        {"test t1 \"T\"\n  present loc.lateral_kne\n  expect pfps first\n  expect no flag dvtt\n  expect triage urgent\n",
         "t.ddx:2:11: error: unknown finding `loc.lateral_kne` [E201]\n"
         "  present loc.lateral_kne\n"
         "          ^~~~~~~~~~~~~~~\n"
         "hint: did you mean `loc.lateral_knee`?\n"
         "t.ddx:3:10: error: unknown condition `pfps` [E204]\n"
         "  expect pfps first\n"
         "         ^~~~\n"
         "t.ddx:4:18: error: unknown flag `dvtt` [E205]\n"
         "  expect no flag dvtt\n"
         "                 ^~~~\n"
         "hint: did you mean `dvt`?\n"
         "t.ddx:5:17: error: unknown triage level `urgent` [E308]\n"
         "  expect triage urgent\n"
         "                ^~~~~~\n"
         "hint: did you mean `urgent_care`?\n"},
    });
  }

  TEST_CASE("a cycle among derived facts is reported once with its whole path and a note per rule") {
    check_rows({
        {"fact a \"A\"\nfact b \"B\"\nrule r1 \"x\"\n  when a\n  then assert b\nrule r2 \"y\"\n  when b and loc.lateral_knee\n  then assert a\n",
         "t.ddx:1:6: error: derived facts depend on themselves: `a -> b -> a` [E315]\n"
         "fact a \"A\"\n"
         "     ^\n"
         "hint: a fact cannot be asserted from itself, directly or through other facts; remove one link of the cycle\n"
         "t.ddx:3:6: note: `r1` asserts `b` from `a`\n"
         "t.ddx:6:6: note: `r2` asserts `a` from `b`\n"},
    });
  }

  TEST_CASE("the knowledge_base header is required once, with other_prior in (0, 1)") {
    auto r = load_texts({{"t.ddx", "knowledge_base \"t\"\n  version \"1\"\n  other_prior 1.2\n  regions knee\n"}});
    CHECK(grammar::format_diagnostics(r.diags, r.sources) ==
          "t.ddx:3:15: error: `other_prior 1.2` is outside (0, 1) [E312]\n"
          "  other_prior 1.2\n"
          "              ^~~\n"
          "hint: use a probability between 0 and 1, both excluded; the default is 0.1\n");
    r = load_texts({{"u.ddx", "finding loc.a location \"A\"\n"}});
    CHECK(grammar::format_diagnostics(r.diags, r.sources) ==
          "u.ddx:1:1: error: no `knowledge_base` declaration [E301]\n"
          "finding loc.a location \"A\"\n"
          "^\n"
          "hint: add `knowledge_base \"name\"` with `version` and `regions` to one file\n");
    CHECK_FALSE(r.kb.has_value());
  }

  TEST_CASE("an unreadable path is diagnostic E001, not an exception") {
    const auto r = load({"/nonexistent/x.ddx"});
    CHECK(grammar::format_diagnostics(r.diags, r.sources) ==
          "/nonexistent/x.ddx:1:1: error: cannot read `/nonexistent/x.ddx`: no such file or directory [E001]\n"
          "hint: check the path and its permissions\n");
    CHECK_FALSE(r.kb.has_value());
  }

  TEST_CASE("a directory with no rule file below it is E001, not an empty knowledge base") {
    // An empty knowledge base would answer every case `self_care` with no flag checked: a mistyped --kb must fail.
    char dir[] = "/tmp/ddx-empty-kb-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    const std::string empty = dir;
    std::ofstream(empty + "/notes.txt") << "not a rule file\n";
    const auto r = load({empty});
    CHECK(grammar::format_diagnostics(r.diags, r.sources) ==
          empty + ":1:1: error: no `*.ddx` file below `" + empty + "` [E001]\n"
          "hint: give a directory that holds rule files, or a rule file\n");
    CHECK_FALSE(r.kb.has_value());
    std::filesystem::remove_all(empty);
  }

  TEST_CASE("the digest depends on the text of the sources, not on the order they were given in") {
    const auto a = load_texts({{"a.ddx", preamble}, {"t.ddx", "fact f \"F\"\n"}});
    const auto b = load_texts({{"t.ddx", "fact f \"F\"\n"}, {"a.ddx", preamble}});
    const auto c = load_texts({{"a.ddx", preamble}, {"t.ddx", "fact g \"G\"\n"}});
    REQUIRE(a.kb);
    REQUIRE(b.kb);
    REQUIRE(c.kb);
    CHECK(a.kb->info().digest == b.kb->info().digest);
    CHECK(a.kb->info().digest != c.kb->info().digest);
  }
}

}  // namespace
}  // namespace ddx::engine::testing
