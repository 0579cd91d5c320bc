// tests/engine/mistakes_test.cpp: the mistakes clinicians make most when editing rules, each with the exact
// message, position, caret and hint it gets (parser and checker together, as `ddx check` shows them).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/kb.hpp"
#include "grammar/diagnostic.hpp"
#include "engine/small_kb.hpp"

namespace ddx::engine::testing {
namespace {

const char* const base = small_kb;

struct mistake {
  const char* name;
  const char* input;
  const char* expected;
};

TEST_SUITE("engine.mistakes") {
  TEST_CASE("the base knowledge base is correct") {
    const auto r = load_texts({{"a.ddx", base}});
    CHECK(grammar::format_diagnostics(r.diags, r.sources) == "");
    CHECK(r.kb.has_value());
  }

  TEST_CASE("each common mistake gets one error with its position, caret and a hint") {
    const std::vector<mistake> rows{
        {"misspelled finding",
         "rule r \"x\"\n"
         "  when loc.lateral_kne and trig.downhill\n"
         "  then for itbs strong\n"
         "  source \"s: x\"\n",
         "t.ddx:2:8: error: unknown finding `loc.lateral_kne` [E201]\n"
         "  when loc.lateral_kne and trig.downhill\n"
         "       ^~~~~~~~~~~~~~~\n"
         "hint: did you mean `loc.lateral_knee`?\n"},
        {"misspelled condition in `for`",
         "rule r \"x\"\n"
         "  when loc.lateral_knee\n"
         "  then for itbs_ strong\n"
         "  source \"s: x\"\n",
         "t.ddx:3:12: error: unknown condition `itbs_` [E204]\n"
         "  then for itbs_ strong\n"
         "           ^~~~~\n"
         "hint: did you mean `itbs`?\n"},
        {"misspelled fact",
         "rule r \"x\"\n"
         "  when load_spik\n"
         "  then for itbs strong\n"
         "  source \"s: x\"\n",
         "t.ddx:2:8: error: unknown fact `load_spik` [E203]\n"
         "  when load_spik\n"
         "       ^~~~~~~~~\n"
         "hint: did you mean `load_spike`?\n"},
        {"misspelled flag in `raise`",
         "rule r \"x\"\n"
         "  when loc.lateral_knee\n"
         "  then raise dvtt\n"
         "  source \"s: x\"\n",
         "t.ddx:3:14: error: unknown flag `dvtt` [E205]\n"
         "  then raise dvtt\n"
         "             ^~~~\n"
         "hint: did you mean `dvt`?\n"},
        {"missing `then`",
         "rule r \"x\"\n"
         "  when loc.lateral_knee\n"
         "  for itbs strong\n"
         "  source \"s: x\"\n",
         "t.ddx:3:3: error: `for` is not a clause of `rule` [E102]\n"
         "  for itbs strong\n"
         "  ^~~\n"
         "hint: the clauses of `rule` are `when`, `unless`, `then` and `source`; effects follow `then`, separated by `,`\n"},
        {"missing `when`",
         "rule r \"x\"\n"
         "  then for itbs strong\n"
         "  source \"s: x\"\n",
         "t.ddx:1:6: error: rule `r` has no `when` clause [E113]\n"
         "rule r \"x\"\n"
         "     ^\n"
         "hint: add `when` with the expression that makes the rule fire\n"},
        {"unbalanced parenthesis",
         "rule r \"x\"\n"
         "  when (loc.lateral_knee and trig.downhill\n"
         "  then for itbs strong\n"
         "  source \"s: x\"\n",
         "t.ddx:2:8: error: unclosed `(` [E111]\n"
         "  when (loc.lateral_knee and trig.downhill\n"
         "       ^\n"
         "hint: expected `)` before `then`\n"},
        {"unterminated string",
         "rule r \"Outer knee pain\n"
         "  when loc.lateral_knee\n"
         "  then for itbs strong\n"
         "  source \"s: x\"\n",
         "t.ddx:1:8: error: unterminated string [E107]\n"
         "rule r \"Outer knee pain\n"
         "       ^\n"
         "hint: close the string with `\"` on the same line\n"},
        {"misspelled weight word",
         "rule r \"x\"\n"
         "  when loc.lateral_knee\n"
         "  then for itbs strnog\n"
         "  source \"s: x\"\n",
         "t.ddx:3:17: error: unknown weight `strnog` [E110]\n"
         "  then for itbs strnog\n"
         "                ^~~~~~\n"
         "hint: did you mean `strong`?\n"},
        {"`lr` out of range for `for`",
         "rule r \"x\"\n"
         "  when loc.lateral_knee\n"
         "  then for itbs lr 0.5\n"
         "  source \"s: x\"\n",
         "t.ddx:3:20: error: `lr 0.5` must be greater than 1 for `for` [E307]\n"
         "  then for itbs lr 0.5\n"
         "                   ^~~\n"
         "hint: use an `lr` above 1, or `against` with an `lr` in (0, 1) for evidence against\n"},
        {"a condition used as a finding",
         "rule r \"x\"\n"
         "  when itbs\n"
         "  then raise dvt\n"
         "  source \"s: x\"\n",
         "t.ddx:2:8: error: `itbs` is a condition, not a finding or fact [E208]\n"
         "  when itbs\n"
         "       ^~~~\n"
         "hint: write `for itbs WEIGHT` to give evidence for a condition\n"},
        {"a finding used as a condition",
         "rule r \"x\"\n"
         "  when trig.downhill\n"
         "  then for loc.lateral_knee strong\n"
         "  source \"s: x\"\n",
         "t.ddx:3:12: error: expected a name after `for`, found `loc.lateral_knee` [E103]\n"
         "  then for loc.lateral_knee strong\n"
         "           ^~~~~~~~~~~~~~~~\n"
         "hint: only findings have dotted ids; other names are plain, like `itbs`\n"},
        {"duplicate id",
         "condition itbs \"ITBS again\"\n"
         "  region knee\n"
         "  prior common\n"
         "  source \"s: x\"\n",
         "t.ddx:1:11: error: `itbs` is already declared as a condition [E202]\n"
         "condition itbs \"ITBS again\"\n"
         "          ^~~~\n"
         "hint: rename one of the two declarations\n"
         "a.ddx:8:11: note: first declared here\n"},
        {"a value compared with a word",
         "rule r \"x\"\n"
         "  when age >= old\n"
         "  then for itbs weak\n"
         "  source \"s: x\"\n",
         "t.ddx:2:15: error: expected a number after `>=`, found `old` [E109]\n"
         "  when age >= old\n"
         "              ^~~\n"
         "hint: only values can be compared, and only with numbers, as in `age >= 40`\n"},
        {"a comparison on a finding",
         "rule r \"x\"\n"
         "  when loc.lateral_knee >= 3\n"
         "  then for itbs weak\n"
         "  source \"s: x\"\n",
         "t.ddx:2:8: error: `loc.lateral_knee` is a finding, not a value; only values can be compared [E208]\n"
         "  when loc.lateral_knee >= 3\n"
         "       ^~~~~~~~~~~~~~~~\n"
         "hint: test it without a comparison: `loc.lateral_knee` or `not loc.lateral_knee`\n"},
        {"a value out of its range in a test",
         "test t2 \"x\"\n"
         "  present loc.lateral_knee\n"
         "  values age 130\n"
         "  expect itbs first\n",
         "t.ddx:3:14: error: `130` is outside the range of `age` (0 to 120) [E314]\n"
         "  values age 130\n"
         "             ^~~\n"
         "hint: use a number from 0 to 120\n"},
        {"unknown triage level",
         "flag f \"F\"\n"
         "  level urgent\n",
         "t.ddx:2:9: error: unknown triage level `urgent` [E308]\n"
         "  level urgent\n"
         "        ^~~~~~\n"
         "hint: did you mean `urgent_care`?\n"},
        {"unknown prior class",
         "condition pfps \"PFPS\"\n"
         "  region knee\n"
         "  prior comon\n"
         "  source \"s: x\"\n",
         "t.ddx:3:9: error: unknown prior class `comon` [E304]\n"
         "  prior comon\n"
         "        ^~~~~\n"
         "hint: did you mean `common`?\n"},
        {"misspelled clause keyword",
         "condition pfps \"PFPS\"\n"
         "  region knee\n"
         "  prior common\n"
         "  soruce \"s: pfps\"\n",
         "t.ddx:4:3: error: `soruce` is not a clause of `condition` [E102]\n"
         "  soruce \"s: pfps\"\n"
         "  ^~~~~~\n"
         "hint: did you mean `source`?\n"},
        {"`at least` count larger than its list",
         "rule r \"x\"\n"
         "  when at least 3 of (loc.lateral_knee, trig.downhill)\n"
         "  then for itbs weak\n"
         "  source \"s: x\"\n",
         "t.ddx:2:17: error: `at least 3` can never hold with 2 items [E310]\n"
         "  when at least 3 of (loc.lateral_knee, trig.downhill)\n"
         "                ^\n"
         "hint: use a number from 1 to 2\n"},
        {"a cycle among facts",
         "fact a \"A\"\n"
         "fact b \"B\"\n"
         "rule r1 \"x\"\n"
         "  when a\n"
         "  then assert b\n"
         "  source \"s: x\"\n"
         "rule r2 \"y\"\n"
         "  when b and loc.lateral_knee\n"
         "  then assert a\n"
         "  source \"s: x\"\n",
         "t.ddx:1:6: error: derived facts depend on themselves: `a -> b -> a` [E315]\n"
         "fact a \"A\"\n"
         "     ^\n"
         "hint: a fact cannot be asserted from itself, directly or through other facts; remove one link of the cycle\n"
         "t.ddx:3:6: note: `r1` asserts `b` from `a`\n"
         "t.ddx:7:6: note: `r2` asserts `a` from `b`\n"},

        {"an unknown finding in `unless`",
         "rule r \"x\"\n"
         "  when loc.lateral_knee\n"
         "  unless trig.downhil\n"
         "  then for itbs weak\n"
         "  source \"s: x\"\n",
         "t.ddx:3:10: error: unknown finding `trig.downhil` [E201]\n"
         "  unless trig.downhil\n"
         "         ^~~~~~~~~~~~\n"
         "hint: did you mean `trig.downhill`?\n"},
        {"a cycle among facts through `unless`",
         "fact a \"A\"\n"
         "rule r1 \"x\"\n"
         "  when loc.lateral_knee\n"
         "  unless a\n"
         "  then assert a\n"
         "  source \"s: x\"\n",
         "t.ddx:1:6: error: derived facts depend on themselves: `a -> a` [E315]\n"
         "fact a \"A\"\n"
         "     ^\n"
         "hint: a fact cannot be asserted from itself, directly or through other facts; remove one link of the cycle\n"
         "t.ddx:2:6: note: `r1` asserts `a` from `a`\n"},
    };
    CHECK(rows.size() == 23);
    for (const auto& row : rows) {
      CAPTURE(row.name);
      CAPTURE(row.input);
      const auto r = load_texts({{"a.ddx", base}, {"t.ddx", row.input}});
      CHECK(grammar::format_diagnostics(r.diags, r.sources) == row.expected);
      CHECK_FALSE(r.kb.has_value());
    }
  }
}

}  // namespace
}  // namespace ddx::engine::testing
