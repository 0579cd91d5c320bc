// tests/grammar/parser_test.cpp: valid inputs -> AST dump, invalid inputs -> exact diagnostics, recovery, nesting.
#include <doctest/doctest.h>

#include <string>

#include "grammar/unparse.hpp"
#include "support/parse_text.hpp"

using ddx::test::parse_text;

TEST_SUITE("grammar.parser") {

TEST_CASE("valid declarations parse to the expected AST") {
  struct row {
    std::string input;
    std::string dump;
  };
  const row rows[] = {
      {"knowledge_base \"running-injuries\"\n  version \"0.1.0\"\n  other_prior 0.10\n  regions hip, knee\n  disclaimer \"Not a clinician.\"\n",
       "(knowledge_base \"running-injuries\" (version \"0.1.0\") (other_prior 0.10) (regions hip knee) (disclaimer \"Not a clinician.\"))\n"},
      {"finding loc.lateral_knee location \"Outer knee\"\n  region knee\n  synonyms \"outside of the knee\", \"lateral knee\"\n  description \"Outside of the knee.\"\n",
       "(finding loc.lateral_knee location \"Outer knee\" (region knee) (synonyms \"outside of the knee\" \"lateral knee\") (description \"Outside of the knee.\"))\n"},
      {"value age \"Age\"\n  unit \"years\"\n  range 0 to 120\n",
       "(value age \"Age\" (unit \"years\") (range 0 120))\n"},
      {"value delta \"Change\"\n  range -1.5 to 2\n",
       "(value delta \"Change\" (range -1.5 2))\n"},
      {"condition itbs \"Iliotibial band syndrome\" region knee prior common advice \"Rest.\" source \"a\" source \"b\"\n",
       "(condition itbs \"Iliotibial band syndrome\" (region knee) (prior common) (advice \"Rest.\") (source \"a\" \"b\"))\n"},
      {"knowledge_base \"k\"\n  version \"1\"\n  regions knee\n  urgency_threshold 0.25\n",
       "(knowledge_base \"k\" (version \"1\") (regions knee) (urgency_threshold 0.25))\n"},
      {"flag green \"Green\" overrides modify_training level self_care\n",
       "(flag green \"Green\" (level self_care) (overrides modify_training))\n"},
      {"condition pfps \"Runner's knee\" urgency modify_training region knee prior common\n",
       "(condition pfps \"Runner's knee\" (region knee) (prior common) (urgency modify_training))\n"},
      {"condition pfps \"Runner's knee\" urgency self_care to modify_training region knee prior common\n",
       "(condition pfps \"Runner's knee\" (region knee) (prior common) (urgency self_care) (urgency_high modify_training))\n"},
      {"condition pfps \"Runner's knee\"\n  urgency self_care\n  # to\n  region knee\n  prior common\n",
       "(condition pfps \"Runner's knee\" (region knee) (prior common) (urgency self_care))\n"},
      {"condition rare_one \"Rare\"\n  prior 0.002\n  region knee\n",
       "(condition rare_one \"Rare\" (region knee) (prior 0.002))\n"},
      {"fact load_spike \"Recent spike\"\n  source \"s\"\n",
       "(fact load_spike \"Recent spike\" (source \"s\"))\n"},
      {"flag possible_dvt \"Possible clot\"\n  level urgent_care\n  advice \"Today.\"\n",
       "(flag possible_dvt \"Possible clot\" (level urgent_care) (advice \"Today.\"))\n"},
      {"rule r \"x\"\n  when loc.lateral_knee and (a.b or c.d)\n  then for itbs strong, against pfps lr 0.5, assert load_spike, raise possible_dvt\n  source \"s\"\n",
       "(rule r \"x\" (when (and loc.lateral_knee (or a.b c.d))) (then (for itbs strong) (against pfps (lr 0.5)) (assert load_spike) (raise possible_dvt)) (source \"s\"))\n"},
      {"rule r \"x\"\n  then for itbs weak\n  when a.b or c.d and not e.f\n",
       "(rule r \"x\" (when (or a.b (and c.d (not e.f)))) (then (for itbs weak)))\n"},
      {"rule r \"x\"\n  when not not a.b and (c.d and e.f)\n  then for itbs moderate\n",
       "(rule r \"x\" (when (and (not (not a.b)) (and c.d e.f))) (then (for itbs moderate)))\n"},
      {"rule r \"x\"\n  when at least 2 of (a.b, c.d, age >= 40, pain_score < 3)\n  then for itbs decisive\n",
       "(rule r \"x\" (when (at_least 2 a.b c.d (>= age 40) (< pain_score 3))) (then (for itbs decisive)))\n"},
      {"rule r \"x\"\n  when age <= 1 or age > 2 or age = 3 or age != 4\n  then for itbs weak\n",
       "(rule r \"x\" (when (or (<= age 1) (> age 2) (= age 3) (!= age 4))) (then (for itbs weak)))\n"},
      {"rule r \"x\"\n  when flag.calf_warm_red_swollen and rule.of_thumb\n  then raise possible_dvt\n",
       "(rule r \"x\" (when (and flag.calf_warm_red_swollen rule.of_thumb)) (then (raise possible_dvt)))\n"},
      {"rule r \"x\"\n  when a.b\n  unless c.d or (load_spike and age >= 60)\n  then raise possible_dvt\n",
       "(rule r \"x\" (when a.b) (unless (or c.d (and load_spike (>= age 60)))) (then (raise possible_dvt)))\n"},
      {"rule r \"x\"\n  then raise possible_dvt\n  unless not c.d\n  when a.b and e.f\n",
       "(rule r \"x\" (when (and a.b e.f)) (unless (not c.d)) (then (raise possible_dvt)))\n"},
      {"rule r \"x\"\n  when a.b\n  unless at least 2 of (c.d, e.f, g.h)\n  then for itbs weak\n",
       "(rule r \"x\" (when a.b) (unless (at_least 2 c.d e.f g.h)) (then (for itbs weak)))\n"},
      {"rule r \"x\"\n  when hx.unless_rested and a.unless\n  then for itbs weak\n",
       "(rule r \"x\" (when (and hx.unless_rested a.unless)) (then (for itbs weak)))\n"},
      {"rule r \"x\" # trailing comment\n  # own-line comment\n  when a.b\n  then for itbs weak\n",
       "(rule r \"x\" (when a.b) (then (for itbs weak)))\n"},
      {"test t \"Typical\"\n  present a.b, c.d\n  absent e.f\n  values age 34, pain_score 4\n  expect itbs first\n  expect pfps not first\n  expect itbs rank 2\n  expect itbs in top 3\n  expect x not in top 2\n  expect x listed\n  expect y not listed\n",
       "(test t (label \"Typical\") (present a.b c.d) (absent e.f) (values (age 34) (pain_score 4)) (expect (first itbs) (not_first pfps) (rank itbs 2) (in_top itbs 3) (not_in_top x 2) (listed x) (not_listed y)))\n"},
      {"test t\n  expect triage urgent_care\n  expect triage at least modify_training\n  expect triage at most emergency\n  expect flag possible_dvt\n  expect no flag other\n",
       "(test t (expect (triage_is urgent_care) (triage_at_least modify_training) (triage_at_most emergency) (flag_raised possible_dvt) (flag_not_raised other)))\n"},
      {"fact s \"Tab\\tand \\\"quote\\\" and \\\\ and \\n\"\n",
       "(fact s \"Tab\\tand \\\"quote\\\" and \\\\ and \\n\")\n"},
      {"fact a \"A\"\nfact b \"B\" fact c \"C\"\n",
       "(fact a \"A\")\n(fact b \"B\")\n(fact c \"C\")\n"},
      {"# only a comment\n",
       ""},
      {"",
       ""},
      {"fact f \"café → ok\"\r\n  source \"crlf\"\r\n",
       "(fact f \"café → ok\" (source \"crlf\"))\n"},
  };
  for (const row& r : rows) {
    CAPTURE(r.input);
    auto p = parse_text(r.input);
    CHECK(p.rendered == "");
    CHECK(p.dump == r.dump);
    auto again = parse_text(ddx::grammar::unparse(p.file, p.sources.file(0)));
    CHECK(again.dump == r.dump);
  }
}

TEST_CASE("common mistakes give one exact diagnostic with caret and hint") {
  struct row {
    const char* name;
    std::string input;
    std::string expected;
  };
  const row rows[] = {
      {"misspelled clause keyword",
       "condition itbs \"Iliotibial band syndrome\"\n  region knee\n  prior common\n  soruce \"002: ITBS\"\n",
       R"ddx(test.ddx:4:3: error: `soruce` is not a clause of `condition` [E102]
  soruce "002: ITBS"
  ^~~~~~
hint: did you mean `source`?
)ddx"},
      {"misspelled weight word",
       "rule r \"Outer knee\"\n  when loc.lateral_knee\n  then for itbs strnog\n",
       R"ddx(test.ddx:3:17: error: unknown weight `strnog` [E110]
  then for itbs strnog
                ^~~~~~
hint: did you mean `strong`?
)ddx"},
      {"comparison with a word",
       "rule r \"Older runner\"\n  when age >= old\n  then for oa weak\n",
       R"ddx(test.ddx:2:15: error: expected a number after `>=`, found `old` [E109]
  when age >= old
              ^~~
hint: only values can be compared, and only with numbers, as in `age >= 40`
)ddx"},
      {"unbalanced parenthesis",
       "rule r \"Outer knee\"\n  when loc.lateral_knee and (trig.downhill_running or time.worsens_as_run_continues\n  then for itbs strong\n",
       R"ddx(test.ddx:2:29: error: unclosed `(` [E111]
  when loc.lateral_knee and (trig.downhill_running or time.worsens_as_run_continues
                            ^
hint: expected `)` before `then`
)ddx"},
      {"keyword as a name",
       "fact for \"Derived\"\n",
       R"ddx(test.ddx:1:6: error: `for` is a keyword and cannot be used as a name [E104]
fact for "Derived"
     ^~~
hint: choose another name, for example `for_1`
)ddx"},
      {"upper-case name",
       "condition ITBS \"Iliotibial band syndrome\"\n  region knee\n  prior common\n",
       R"ddx(test.ddx:1:11: error: identifier `ITBS` has characters other than `a`-`z`, `0`-`9`, `_` and `.` [E105]
condition ITBS "Iliotibial band syndrome"
          ^~~~
hint: identifiers are lower case: write `itbs`
)ddx"},
      {"non-ASCII name",
       "fact café \"Coffee\"\n",
       R"ddx(test.ddx:1:6: error: identifier `café` has characters other than `a`-`z`, `0`-`9`, `_` and `.` [E105]
fact café "Coffee"
     ^~~~
hint: identifiers use only lower-case ASCII letters, digits, `_` and `.`
)ddx"},
      {"upper case inside a dotted id",
       "rule r \"x\"\n  when loc.Lateral_knee\n  then for itbs weak\n",
       R"ddx(test.ddx:2:8: error: identifier `loc.Lateral_knee` has characters other than `a`-`z`, `0`-`9`, `_` and `.` [E105]
  when loc.Lateral_knee
       ^~~~~~~~~~~~~~~~
hint: identifiers are lower case: write `loc.lateral_knee`
)ddx"},
      {"unterminated string",
       "fact load_spike \"Recent spike in load\n  source \"x\"\n",
       R"ddx(test.ddx:1:17: error: unterminated string [E107]
fact load_spike "Recent spike in load
                ^
hint: close the string with `"` on the same line
)ddx"},
      {"unknown escape",
       "fact f \"bad \\q here\"\n",
       R"ddx(test.ddx:1:13: error: unknown escape `\q` in a string [E108]
fact f "bad \q here"
            ^~
hint: a string may use the escapes `\"`, `\\`, `\n` and `\t`
)ddx"},
      {"rule without then",
       "rule r \"Outer knee\"\n  when loc.lateral_knee\n",
       R"ddx(test.ddx:1:6: error: rule `r` has no `then` clause [E113]
rule r "Outer knee"
     ^
hint: add `then` with at least one effect, such as `then for CONDITION strong`
)ddx"},
      {"rule without when",
       "rule r \"Outer knee\"\n  then for itbs strong\n",
       R"ddx(test.ddx:1:6: error: rule `r` has no `when` clause [E113]
rule r "Outer knee"
     ^
hint: add `when` with the expression that makes the rule fire
)ddx"},
      {"condition without prior",
       "condition itbs \"ITBS\"\n  region knee\n",
       R"ddx(test.ddx:1:11: error: condition `itbs` has no `prior` clause [E113]
condition itbs "ITBS"
          ^~~~
hint: add `prior` with `very_common`, `common`, `uncommon`, `rare` or `very_rare`
)ddx"},
      {"flag without level",
       "flag possible_dvt \"Possible clot\"\n  advice \"See a doctor today.\"\n",
       R"ddx(test.ddx:1:6: error: flag `possible_dvt` has no `level` clause [E113]
flag possible_dvt "Possible clot"
     ^~~~~~~~~~~~
hint: add `level` with a triage level such as `urgent_care`
)ddx"},
      {"value without range",
       "value age \"Age\"\n  unit \"years\"\n",
       R"ddx(test.ddx:1:7: error: value `age` has no `range` clause [E113]
value age "Age"
      ^~~
hint: add `range LOW to HIGH`, for example `range 0 to 10`
)ddx"},
      {"test without expect",
       "test t \"Case\"\n  present loc.lateral_knee\n",
       R"ddx(test.ddx:1:6: error: test `t` has no `expect` clause [E113]
test t "Case"
     ^
hint: add at least one `expect`, such as `expect CONDITION first`
)ddx"},
      {"repeated when",
       "rule r \"x\"\n  when a.b\n  when c.d\n  then for itbs weak\n",
       R"ddx(test.ddx:3:3: error: `when` is given twice in this rule [E114]
  when c.d
  ^~~~
hint: keep one `when` clause
test.ddx:2:3: note: first given here
)ddx"},
      {"repeated unless",
       "rule r \"x\"\n  when a.b\n  unless c.d\n  then raise possible_dvt\n  unless e.f\n",
       R"ddx(test.ddx:5:3: error: `unless` is given twice in this rule [E114]
  unless e.f
  ^~~~~~
hint: keep one `unless` clause
test.ddx:3:3: note: first given here
)ddx"},
      {"unless without an expression",
       "rule r \"x\"\n  when a.b\n  unless\n  then for itbs weak\n",
       R"ddx(test.ddx:3:9: error: expected a finding, fact or comparison after `unless`, found end of line [E115]
  unless
        ^
hint: an expression joins finding ids, fact names and comparisons such as `age >= 40` with `and`, `or` and `not`
)ddx"},
      {"dangling or in unless",
       "rule r \"x\"\n  when a.b\n  unless c.d or\n  then for itbs weak\n",
       R"ddx(test.ddx:3:16: error: expected a finding, fact or comparison after `or`, found end of line [E115]
  unless c.d or
               ^
hint: an expression joins finding ids, fact names and comparisons such as `age >= 40` with `and`, `or` and `not`
)ddx"},
      {"unless is a keyword",
       "fact unless \"x\"\n",
       R"ddx(test.ddx:1:6: error: `unless` is a keyword and cannot be used as a name [E104]
fact unless "x"
     ^~~~~~
hint: choose another name, for example `unless_1`
)ddx"},
      {"missing label",
       "fact load_spike\n  source \"x\"\n",
       R"ddx(test.ddx:1:16: error: expected a quoted label after `load_spike`, found end of line [E106]
fact load_spike
               ^
hint: a declaration's name is followed by its label in double quotes, like `condition itbs "Iliotibial band syndrome"`
)ddx"},
      {"missing weight",
       "rule r \"x\"\n  when a.b\n  then for itbs\n",
       R"ddx(test.ddx:3:16: error: expected a weight after `itbs`, found end of line [E110]
  then for itbs
               ^
hint: a weight is `weak`, `moderate`, `strong`, `decisive` or `lr N`
)ddx"},
      {"dangling and",
       "rule r \"x\"\n  when a.b and\n  then for itbs weak\n",
       R"ddx(test.ddx:2:15: error: expected a finding, fact or comparison after `and`, found end of line [E115]
  when a.b and
              ^
hint: an expression joins finding ids, fact names and comparisons such as `age >= 40` with `and`, `or` and `not`
)ddx"},
      {"misspelled declaration keyword",
       "conditon itbs \"ITBS\"\n  region knee\n",
       R"ddx(test.ddx:1:1: error: expected a declaration, found `conditon` [E101]
conditon itbs "ITBS"
^~~~~~~~
hint: did you mean `condition`?
)ddx"},
      {"range without to",
       "value age \"Age\"\n  range 0 120\n",
       R"ddx(test.ddx:2:11: error: expected `to` after `0`, found `120` [E116]
  range 0 120
          ^~~
hint: write `range LOW to HIGH`, for example `range 0 to 10`
)ddx"},
      {"effects without a comma",
       "rule r \"x\"\n  when a.b\n  then for itbs strong raise possible_dvt\n",
       R"ddx(test.ddx:3:24: error: `raise` is not a clause of `rule` [E102]
  then for itbs strong raise possible_dvt
                       ^~~~~
hint: the clauses of `rule` are `when`, `unless`, `then` and `source`; effects follow `then`, separated by `,`
)ddx"},
      {"misspelled expectation",
       "test t\n  present a.b\n  expect itbs frist\n",
       R"ddx(test.ddx:3:15: error: expected `first`, `rank N`, `in top N`, `listed` or `not` after `itbs`, found `frist` [E118]
  expect itbs frist
              ^~~~~
hint: did you mean `first`?
)ddx"},
      {"at least with a word",
       "rule r \"x\"\n  when at least two of (a.b, c.d)\n  then for itbs weak\n",
       R"ddx(test.ddx:2:17: error: expected a whole number after `least`, found `two` [E109]
  when at least two of (a.b, c.d)
                ^~~
hint: write `at least N of (A, B, C)`
)ddx"},
      {"dotted condition id",
       "condition knee.itbs \"ITBS\"\n  region knee\n  prior common\n",
       R"ddx(test.ddx:1:11: error: expected a name after `condition`, found `knee.itbs` [E103]
condition knee.itbs "ITBS"
          ^~~~~~~~~
hint: only findings have dotted ids; other names are plain, like `itbs`
)ddx"},
      {"tab before the error",
       "rule r \"x\"\n\twhen\tage >= old\n  then for itbs weak\n",
       R"ddx(test.ddx:2:14: error: expected a number after `>=`, found `old` [E109]
    when    age >= old
                   ^~~
hint: only values can be compared, and only with numbers, as in `age >= 40`
)ddx"},
  };
  for (const row& r : rows) {
    CAPTURE(r.name);
    auto p = parse_text(r.input);
    CHECK(p.rendered == r.expected);
    CHECK(p.diags.error_count() == 1);
    CHECK(p.file.decls.empty());
  }
}
TEST_CASE("every broken declaration of a file is reported and the good ones are kept") {
  auto p = parse_text(
      "fact a \"A\"\n"
      "rule r1 \"x\"\n"
      "  when age >= old\n"
      "  then for itbs weak\n"
      "fact b \"B\"\n"
      "rule r2 \"x\"\n"
      "  when a.b\n"
      "  then for itbs strnog\n"
      "  source \"rule r3 is not a declaration\"\n"
      "fact c \"C\n"
      "fact d \"D\"\n");
  CHECK(p.diags.error_count() == 3);
  CHECK(p.dump == "(fact a \"A\")\n(fact b \"B\")\n(fact d \"D\")\n");
  std::vector<std::string> codes;
  for (const auto& d : p.diags.all()) codes.push_back(d.code);
  CHECK(codes == std::vector<std::string>{"E109", "E110", "E107"});
}

TEST_CASE("a misspelt declaration keyword keeps the declaration before it") {
  auto p = parse_text("fact a \"A\"\n  source \"s\"\nfatc b \"B\"\nfact c \"C\"\n");
  CHECK(p.dump == "(fact a \"A\" (source \"s\"))\n(fact c \"C\")\n");
  CHECK(p.rendered ==
        "test.ddx:3:1: error: expected a declaration, found `fatc` [E101]\n"
        "fatc b \"B\"\n"
        "^~~~\n"
        "hint: did you mean `fact`?\n");
}

TEST_CASE("recovery resumes only at a line that starts with a declaration keyword") {
  auto p = parse_text(
      "rule r \"x\"\n"
      "  when (a.b\n"
      "  then for c weak, raise f\n"
      "  source \"s\" fact hidden \"H\"\n"
      "   fact shown \"S\"\n");
  CHECK(p.diags.error_count() == 1);
  CHECK(p.dump == "(fact shown \"S\")\n");
}

TEST_CASE("deep nesting is an error, not a stack overflow") {
  for (std::size_t depth : {201, 1000, 100000}) {
    CAPTURE(depth);
    std::string text = "rule r \"x\"\n  when " + std::string(depth, '(') + "a.b" + std::string(depth, ')') +
                       "\n  then for c weak\n";
    auto p = parse_text(text);
    REQUIRE(p.diags.error_count() == 1);
    CHECK(p.diags.all()[0].code == "E112");
    std::string nots = "rule r \"x\"\n  when ";
    for (std::size_t i = 0; i < depth; ++i) nots += "not ";
    auto q = parse_text(nots + "a.b\n  then for c weak\n");
    REQUIRE(q.diags.error_count() == 1);
    CHECK(q.diags.all()[0].code == "E112");
  }
  auto ok = parse_text("rule r \"x\"\n  when " + std::string(200, '(') + "a.b" + std::string(200, ')') +
                       "\n  then for c weak\n");
  CHECK(ok.rendered == "");
}

TEST_CASE("a long chain of and is not nesting") {
  std::string text = "rule r \"x\"\n  when a.b";
  for (int i = 0; i < 5000; ++i) text += " and a.b";
  auto p = parse_text(text + "\n  then for c weak\n");
  CHECK(p.rendered == "");
}

TEST_CASE("comments are kept with their text, span and whether they own their line") {
  auto p = parse_text("# head\nfact a \"A\" # tail\n  # inner\n  source \"s\"\n");
  REQUIRE(p.file.comments.size() == 3);
  CHECK(p.file.comments[0].text == " head");
  CHECK(p.file.comments[0].own_line);
  CHECK(p.file.comments[1].text == " tail");
  CHECK_FALSE(p.file.comments[1].own_line);
  CHECK(p.file.comments[2].text == " inner");
  CHECK(p.file.comments[2].own_line);
  CHECK(p.file.comments[1].span.begin == 18);
  CHECK(p.file.comments[1].span.end == 24);
}

TEST_CASE("nodes carry spans of their source text") {
  std::string text = "rule r \"x\"\n  when a.b and age >= 4\n  then for c weak\n";
  auto p = parse_text(text);
  REQUIRE(p.file.decls.size() == 1);
  const auto& rule = std::get<ddx::grammar::ast::rule_decl>(p.file.decls[0]);
  auto slice = [&](ddx::grammar::source_span s) { return text.substr(s.begin, s.end - s.begin); };
  CHECK(slice(rule.id.span) == "r");
  CHECK(slice(rule.text.span) == "\"x\"");
  CHECK(slice(rule.when->span) == "a.b and age >= 4");
  CHECK(slice(rule.when->children[1].span) == "age >= 4");
  CHECK(slice(rule.effects[0].span) == "for c weak");
  CHECK(slice(rule.span) == text.substr(0, text.size() - 1));
}

}
