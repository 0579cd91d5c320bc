// tests/engine/lint_test.cpp: the W4xx lints as exact rendered warnings: one text that triggers each lint, one
// that does not, and silencing with `# ddx:allow`.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/kb.hpp"
#include "grammar/diagnostic.hpp"
#include "engine/small_kb.hpp"

namespace ddx::engine::testing {
namespace {

const char* const clean_base = small_kb;

struct row {
  const char* name;
  const char* input;     ///< appended as `t.ddx`
  const char* expected;  ///< every rendered diagnostic
};

std::string lint(const std::string& text) {
  const auto r = load_texts({{"a.ddx", clean_base}, {"t.ddx", text}});
  CHECK(r.kb.has_value());  // warnings never stop compilation
  return grammar::format_diagnostics(r.diags, r.sources);
}

void check_rows(const std::vector<row>& rows) {
  for (const auto& r : rows) {
    CAPTURE(r.name);
    CAPTURE(r.input);
    CHECK(lint(r.input) == r.expected);
  }
}

TEST_SUITE("engine.lint") {
  TEST_CASE("the clean base has no warnings and lints can be turned off") {
    CHECK(lint("") == "");
    const auto r = load_texts({{"a.ddx", clean_base}, {"t.ddx", "finding sym.x symptom \"X\"\n"}}, {.lints = false});
    CHECK(r.diags.empty());
  }

  TEST_CASE("each lint warns at the id of what it is about, with a hint") {
    check_rows({
        {"W401 unused finding",
         "finding sym.clicking symptom \"Clicking\"\n",
         "t.ddx:1:9: warning: finding `sym.clicking` is never used by a rule [W401]\n"
         "finding sym.clicking symptom \"Clicking\"\n"
         "        ^~~~~~~~~~~~\n"
         "hint: use it in a rule's `when`, or delete the declaration\n"},
        {"W402 condition without a `for` rule",
         "condition pfps \"PFPS\"\n"
         "  region knee\n"
         "  prior common\n"
         "  source \"s: pfps\"\n"
         "test t_pfps \"x\"\n"
         "  present loc.lateral_knee\n"
         "  expect pfps listed\n",
         "t.ddx:1:11: warning: no rule gives evidence for condition `pfps` [W402]\n"
         "condition pfps \"PFPS\"\n"
         "          ^~~~\n"
         "hint: add a rule with `then for pfps WEIGHT`; without one it is never listed\n"},
        {"W403 condition without a test",
         "condition pfps \"PFPS\"\n"
         "  region knee\n"
         "  prior common\n"
         "  source \"s: pfps\"\n"
         "rule r_pfps \"x\"\n"
         "  when trig.downhill\n"
         "  then for pfps weak\n"
         "  source \"s: x\"\n",
         "t.ddx:1:11: warning: no test expects condition `pfps` to be found [W403]\n"
         "condition pfps \"PFPS\"\n"
         "          ^~~~\n"
         "hint: add a `test` with a typical case and `expect pfps first` (or `in top N`, `listed`)\n"},
        {"W404 contradiction",
         "rule r_bad \"x\"\n"
         "  when loc.lateral_knee and (trig.downhill or age > 30) and not loc.lateral_knee\n"
         "  then for itbs weak\n"
         "  source \"s: x\"\n",
         "t.ddx:1:6: warning: rule `r_bad` can never fire: its `when` is false in every case [W404]\n"
         "rule r_bad \"x\"\n"
         "     ^~~~~\n"
         "hint: the expression contradicts itself (like `a.b and not a.b`); fix or delete the rule\n"},
        {"W404 fact nothing asserts",
         "fact overuse \"Overuse\"\n"
         "rule r_bad \"x\"\n"
         "  when overuse and loc.lateral_knee\n"
         "  then for itbs weak\n"
         "  source \"s: x\"\n",
         "t.ddx:2:6: warning: rule `r_bad` can never fire: no rule asserts fact `overuse` [W404]\n"
         "rule r_bad \"x\"\n"
         "     ^~~~~\n"
         "hint: add a rule with `then assert overuse`, or use findings instead of the fact\n"},
        {"W405 duplicate rule",
         "rule r_copy \"x\"\n"
         "  when load_spike and (loc.lateral_knee)\n"
         "  then for itbs strong\n"
         "  source \"s: x\"\n",
         "t.ddx:1:6: warning: rule `r_copy` repeats rule `r_itbs`: same `when` and same effects [W405]\n"
         "rule r_copy \"x\"\n"
         "     ^~~~~~\n"
         "hint: delete one of the two; the evidence is counted twice while both exist\n"
         "a.ddx:19:6: note: first written here\n"},
        {"W405 duplicate rule with the same `unless`",
         "rule r_a \"x\"\n"
         "  when loc.lateral_knee\n"
         "  unless trig.downhill\n"
         "  then raise dvt\n"
         "  source \"s: x\"\n"
         "rule r_b \"x\"\n"
         "  when (loc.lateral_knee)\n"
         "  unless trig.downhill\n"
         "  then raise dvt\n"
         "  source \"s: x\"\n",
         "t.ddx:6:6: warning: rule `r_b` repeats rule `r_a`: same `when`, same `unless` and same effects [W405]\n"
         "rule r_b \"x\"\n"
         "     ^~~\n"
         "hint: delete one of the two; the evidence is counted twice while both exist\n"
         "t.ddx:1:6: note: first written here\n"},
        {"W406 a rule with an `unless` fires only when one without it does",
         "rule r_copy \"x\"\n"
         "  when load_spike and loc.lateral_knee\n"
         "  unless trig.downhill\n"
         "  then for itbs weak\n"
         "  source \"s: x\"\n",
         "t.ddx:1:6: warning: rule `r_copy` double-counts the evidence of rule `r_itbs`: it fires only when `r_itbs` fires and its `when` reads no finding of its own [W406]\n"
         "rule r_copy \"x\"\n"
         "     ^~~~~~\n"
         "hint: merge the two into one rule with one weight, or delete `r_copy`\n"
         "a.ddx:19:6: note: the broader rule\n"},
        {"W406 subsumed rule",
         "rule r_more \"x\"\n"
         "  when loc.lateral_knee or load_spike\n"
         "  then for itbs weak\n"
         "  source \"s: x\"\n",
         "a.ddx:19:6: warning: rule `r_itbs` double-counts the evidence of rule `r_more`: it fires only when `r_more` fires and reads no finding of its own [W406]\n"
         "rule r_itbs \"x\"\n"
         "     ^~~~~~\n"
         "hint: merge the two into one rule with one weight, or delete `r_itbs`\n"
         "t.ddx:1:6: note: the broader rule\n"},
        {"W407 rule and condition without source",
         "condition pfps \"PFPS\"\n"
         "  region knee\n"
         "  prior common\n"
         "rule r_pfps \"x\"\n"
         "  when trig.downhill\n"
         "  then for pfps weak\n"
         "test t_pfps \"x\"\n"
         "  present trig.downhill\n"
         "  expect pfps listed\n",
         "t.ddx:1:11: warning: condition `pfps` has no `source` [W407]\n"
         "condition pfps \"PFPS\"\n"
         "          ^~~~\n"
         "hint: add `source \"FILE: SECTION\"` naming where the clinical knowledge comes from\n"
         "t.ddx:4:6: warning: rule `r_pfps` has no `source` [W407]\n"
         "rule r_pfps \"x\"\n"
         "     ^~~~~~\n"
         "hint: add `source \"FILE: SECTION\"` naming where the clinical knowledge comes from\n"},
        {"W408 red flags in a source without a flag rule",
         "condition pfps \"PFPS\"\n"
         "  region knee\n"
         "  prior common\n"
         "  source \"s: PFPS, Red Flags\"\n"
         "rule r_pfps \"x\"\n"
         "  when trig.downhill\n"
         "  then for pfps weak\n"
         "  source \"s: x\"\n"
         "test t_pfps \"x\"\n"
         "  present trig.downhill\n"
         "  expect pfps listed\n",
         "t.ddx:1:11: warning: a source of condition `pfps` mentions red flags, but no rule raises a flag for it [W408]\n"
         "condition pfps \"PFPS\"\n"
         "          ^~~~\n"
         "hint: add a rule that raises a flag on those red flags and cites the same `source` (or names the condition in its effects)\n"},
        {"W409 flag never raised",
         "flag fracture \"Fracture\"\n"
         "  level emergency\n",
         "t.ddx:1:6: warning: flag `fracture` is never raised [W409]\n"
         "flag fracture \"Fracture\"\n"
         "     ^~~~~~~~\n"
         "hint: add a rule with `then raise fracture`, or delete the flag\n"},
        {"W410 fact never used",
         "fact overuse \"Overuse\"\n"
         "rule r_o \"x\"\n"
         "  when trig.downhill\n"
         "  then assert overuse\n"
         "  source \"s: x\"\n",
         "t.ddx:1:6: warning: fact `overuse` is never used by a rule [W410]\n"
         "fact overuse \"Overuse\"\n"
         "     ^~~~~~~\n"
         "hint: use it in a rule's `when`, or delete the fact and the `assert`s that set it\n"},

    });
  }

  TEST_CASE("texts close to each lint's trigger stay quiet") {
    check_rows({
        {"W401 finding read by a rule",
         "finding sym.clicking symptom \"Clicking\"\n"
         "rule r_c \"x\"\n"
         "  when sym.clicking\n"
         "  then for itbs weak\n"
         "  source \"s: x\"\n",
         ""},
        {"W402/W403 supported and tested condition",
         "condition pfps \"PFPS\"\n"
         "  region knee\n"
         "  prior common\n"
         "  source \"s: pfps\"\n"
         "rule r_pfps \"x\"\n"
         "  when trig.downhill\n"
         "  then for pfps weak\n"
         "  source \"s: x\"\n"
         "test t_pfps \"x\"\n"
         "  present trig.downhill\n"
         "  expect pfps in top 3\n",
         ""},
        {"W404 satisfiable, and a missing fact under `or`",
         "fact overuse \"Overuse\"\n"
         "rule r_ok \"x\"\n"
         "  when loc.lateral_knee and not trig.downhill and at least 1 of (age > 30, overuse)\n"
         "  then for itbs weak\n"
         "  source \"s: x\"\n",
         ""},
        {"W401/W410 a finding and a fact read only by an `unless`",
         "finding sym.clicking symptom \"Clicking\"\n"
         "fact overuse \"Overuse\"\n"
         "rule r_o \"x\"\n"
         "  when trig.downhill\n"
         "  then assert overuse\n"
         "  source \"s: x\"\n"
         "rule r_c \"x\"\n"
         "  when loc.lateral_knee and trig.downhill\n"
         "  unless sym.clicking or overuse\n"
         "  then raise dvt\n"
         "  source \"s: x\"\n",
         ""},
        {"W405 same `when` and effects, other `unless`",
         "rule r_a \"x\"\n"
         "  when loc.lateral_knee\n"
         "  unless trig.downhill\n"
         "  then raise dvt\n"
         "  source \"s: x\"\n"
         "rule r_b \"x\"\n"
         "  when loc.lateral_knee\n"
         "  unless age > 60\n"
         "  then raise dvt\n"
         "  source \"s: x\"\n",
         ""},
        {"W406 the broader rule has an `unless` of its own",
         "rule r_more \"x\"\n"
         "  when loc.lateral_knee or load_spike\n"
         "  unless trig.downhill\n"
         "  then for itbs weak\n"
         "  source \"s: x\"\n",
         ""},
        {"W405 same `when`, other weight",
         "rule r_copy \"x\"\n"
         "  when load_spike and loc.lateral_knee\n"
         "  then for itbs weak\n"
         "  source \"s: x\"\n",
         ""},
        {"W406 narrower `when` that weighs a finding of its own",
         "rule r_more \"x\"\n"
         "  when loc.lateral_knee and load_spike and trig.downhill\n"
         "  then for itbs strong\n"
         "  source \"s: x\"\n",
         ""},
        {"W406 narrower `when`, other effect",
         "rule r_more \"x\"\n"
         "  when loc.lateral_knee and load_spike and trig.downhill\n"
         "  then for itbs moderate\n"
         "  source \"s: x\"\n",
         ""},
        {"W406 narrower `when` that only asserts",
         "fact overuse \"Overuse\"\n"
         "rule r_a \"x\"\n"
         "  when trig.downhill\n"
         "  then assert overuse\n"
         "  source \"s: x\"\n"
         "rule r_b \"x\"\n"
         "  when trig.downhill and loc.lateral_knee\n"
         "  then assert overuse\n"
         "  source \"s: x\"\n"
         "rule r_c \"x\"\n"
         "  when overuse\n"
         "  then for itbs weak\n"
         "  source \"s: x\"\n",
         ""},
        {"W408 a flag rule cites the same source",
         "condition pfps \"PFPS\"\n"
         "  region knee\n"
         "  prior common\n"
         "  source \"s: PFPS, Red Flags\"\n"
         "rule r_pfps \"x\"\n"
         "  when trig.downhill\n"
         "  then for pfps weak\n"
         "  source \"s: x\"\n"
         "rule r_pfps_flag \"x\"\n"
         "  when trig.downhill and age > 60\n"
         "  then raise dvt\n"
         "  source \"s: PFPS, Red Flags\"\n"
         "test t_pfps \"x\"\n"
         "  present trig.downhill\n"
         "  expect pfps listed\n",
         ""},
        {"W409 and W410 raised flag, read fact",
         "flag fracture \"Fracture\"\n"
         "  level emergency\n"
         "fact overuse \"Overuse\"\n"
         "rule r_o \"x\"\n"
         "  when trig.downhill\n"
         "  then assert overuse\n"
         "  source \"s: x\"\n"
         "rule r_f \"x\"\n"
         "  when overuse and age > 50\n"
         "  then raise fracture\n"
         "  source \"s: x\"\n",
         ""},
        {"suppressed on the id's line",
         "finding sym.clicking symptom \"Clicking\"  # ddx:allow W401 asked by the intake form\n"
         "flag fracture \"Fracture\"  # ddx:allow W409, W401\n"
         "  level emergency\n"
         "rule r_more \"x\"  # ddx:allow W406\n"
         "  when loc.lateral_knee and load_spike and trig.downhill\n"
         "  then for itbs strong\n"
         "  source \"s: x\"\n",
         ""},

    });
  }

  TEST_CASE("W411 and W412: urgency on some conditions but not all, a threshold outside (0, 1)") {
    const std::string pfps =
        "condition pfps \"PFPS\"\n"
        "  region knee\n"
        "  prior common\n"
        "  urgency modify_training\n"
        "  source \"s: pfps\"\n"
        "rule r_pfps \"x\"\n"
        "  when trig.downhill\n"
        "  then for pfps weak\n"
        "  source \"s: x\"\n"
        "test t_pfps \"x\"\n"
        "  present trig.downhill\n"
        "  expect pfps in top 3\n";
    const char* w411 =
        "a.ddx:8:11: warning: condition `itbs` has no `urgency` [W411]\n"
        "condition itbs \"ITBS\"\n"
        "          ^~~~\n"
        "hint: add `urgency LEVEL` with the care the condition needs when it is likely, e.g. `urgency modify_training`; "
        "without it the condition never sets triage\n";
    CHECK(lint(pfps) == w411);

    std::string base = clean_base;
    const std::string regions = "  regions knee\n";
    for (const char* threshold : {"0", "1.5", "-1", "0.5"}) {
      CAPTURE(threshold);
      std::string header = base;
      header.replace(header.find(regions), regions.size(), regions + "  urgency_threshold " + threshold + "\n");
      const auto r = load_texts({{"a.ddx", header}});
      REQUIRE(r.kb.has_value());
      const std::string out = grammar::format_diagnostics(r.diags, r.sources);
      CHECK(out.find("[W411]") != std::string::npos);  // the header speaks of urgency, itbs has none
      CHECK((out.find("[W412]") != std::string::npos) == (std::string(threshold) != "0.5"));
    }
    std::string header = base;
    header.replace(header.find(regions), regions.size(), regions + "  urgency_threshold 1.5\n");
    const auto r = load_texts({{"a.ddx", header}});
    CHECK(grammar::format_diagnostics(r.diags, r.sources).find(
              "a.ddx:4:21: warning: `urgency_threshold 1.5` is outside (0, 1) [W412]\n"
              "  urgency_threshold 1.5\n"
              "                    ^~~\n"
              "hint: no condition's score can reach it, so conditions never set triage; use a share such as 0.5\n") !=
          std::string::npos);
  }

  TEST_CASE("W413: an urgency range that no flag's `overrides` reaches") {
    const std::string pfps =
        "condition pfps \"PFPS\"\n"
        "  region knee\n"
        "  prior common\n"
        "  urgency self_care to modify_training\n"
        "  source \"s: pfps\"\n"
        "rule r_pfps \"x\"\n"
        "  when trig.downhill\n"
        "  then for pfps weak\n"
        "  source \"s: x\"\n"
        "test t_pfps \"x\"\n"
        "  present trig.downhill\n"
        "  expect pfps in top 3\n";
    CHECK(lint(pfps).find("t.ddx:1:11: warning: condition `pfps`: urgency range `self_care to modify_training` is never "
                          "lowered [W413]\n"
                          "condition pfps \"PFPS\"\n"
                          "          ^~~~\n"
                          "hint: no flag declares `overrides`, so it always counts at `modify_training`; write `urgency "
                          "modify_training`, or add `overrides modify_training` to the flag that marks a mild case\n") !=
          std::string::npos);
    const std::string green = "flag green \"Green\"\n"
                              "  level self_care\n"
                              "  overrides LEVEL\n"
                              "  source \"s: green\"\n"
                              "rule r_green \"x\"\n"
                              "  when trig.downhill\n"
                              "  then raise green\n"
                              "  source \"s: x\"\n";
    const auto with = [&](const char* level) {
      std::string g = green;
      g.replace(g.find("LEVEL"), 5, level);
      return lint(pfps + g);
    };
    CHECK(with("modify_training").find("[W413]") == std::string::npos);  // green reaches the upper end
    CHECK(with("stop_and_assess").find("[W413]") == std::string::npos);
    CHECK(with("self_care").find("hint: no flag overrides more than `self_care`, so it always counts at "
                                 "`modify_training`") != std::string::npos);
  }

  TEST_CASE("W411 stays quiet in a knowledge base that never mentions urgency") {
    CHECK(lint("") == "");  // small_kb: no condition declares urgency, no threshold
  }
}

}  // namespace
}  // namespace ddx::engine::testing
