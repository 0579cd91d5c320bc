// tests/grammar/diagnostic_test.cpp: the text form of diagnostics, sorting, dedup and `# ddx:allow`.
#include <doctest/doctest.h>

#include "grammar/diagnostic.hpp"

using namespace ddx::grammar;

TEST_SUITE("grammar.diagnostic") {

TEST_CASE("an error prints location, message, code, source line, caret, hint and notes") {
  source_manager sm;
  auto id = sm.add("kb/knee.ddx", "rule a \"x\"\n  when loc.lateral_kne and trig.downhill_running\n");
  diagnostic d{severity::error, "E201", "unknown finding `loc.lateral_kne`", {id, 18, 33}, {},
               "did you mean `loc.lateral_knee`?"};
  d.notes.push_back({{id, 5, 6}, "declared in this rule"});
  CHECK(format_diagnostic(d, sm) ==
        "kb/knee.ddx:2:8: error: unknown finding `loc.lateral_kne` [E201]\n"
        "  when loc.lateral_kne and trig.downhill_running\n"
        "       ^~~~~~~~~~~~~~~\n"
        "hint: did you mean `loc.lateral_knee`?\n"
        "kb/knee.ddx:1:6: note: declared in this rule\n");
}

TEST_CASE("a warning without hint or code prints only its lines") {
  source_manager sm;
  auto id = sm.add("a.ddx", "fact f \"F\"\n");
  diagnostic d{severity::warning, "", "unused fact `f`", {id, 5, 6}, {}, ""};
  CHECK(format_diagnostic(d, sm) == "a.ddx:1:6: warning: unused fact `f`\nfact f \"F\"\n     ^\n");
}

TEST_CASE("a diagnostic for an empty or unknown file has no snippet") {
  source_manager sm;
  auto id = sm.add("missing.ddx", "");
  diagnostic d{severity::error, "E001", "cannot read `missing.ddx`", {id, 0, 0}, {}, ""};
  CHECK(format_diagnostic(d, sm) == "missing.ddx:1:1: error: cannot read `missing.ddx` [E001]\n");
  d.span.file = 7;
  CHECK(format_diagnostic(d, sm) == "error: cannot read `missing.ddx` [E001]\n");
}

TEST_CASE("sort_and_dedup orders by path, offset, severity and code, and drops exact duplicates") {
  source_manager sm;
  auto b = sm.add("b.ddx", "xxxxxxxxxx");
  auto a = sm.add("a.ddx", "xxxxxxxxxx");
  diagnostics ds;
  ds.warning("W401", {b, 1, 2}, "w");
  ds.error("E202", {b, 1, 2}, "e2");
  ds.error("E201", {b, 1, 2}, "e1");
  ds.error("E201", {a, 5, 6}, "late");
  ds.error("E201", {a, 2, 3}, "early");
  ds.error("E201", {a, 2, 3}, "early");
  ds.sort_and_dedup(sm);
  std::vector<std::string> order;
  for (const auto& d : ds.all()) order.push_back(d.message);
  CHECK(order == std::vector<std::string>{"early", "late", "e1", "e2", "w"});
  CHECK(ds.error_count() == 4);
  CHECK(ds.warning_count() == 1);
  CHECK(ds.has_errors());
}

TEST_CASE("a ddx:allow comment silences only the named warning codes on its line") {
  source_manager sm;
  auto id = sm.add("a.ddx",
                   "fact a \"A\"  # ddx:allow W401\n"
                   "fact b \"B\"  # ddx:allow W402, W401\n"
                   "fact c \"C\"  # ddx:allow W402\n"
                   "fact d \"# ddx:allow W401\"\n"
                   "fact e \"E\"  # ddx:allow W401\n");
  diagnostics ds;
  ds.warning("W401", {id, 5, 6}, "a");
  ds.warning("W401", {id, 34, 35}, "b");
  ds.warning("W401", {id, 75, 76}, "c");
  ds.warning("W401", {id, 105, 106}, "d");
  ds.error("E201", {id, 133, 134}, "errors are never silenced");
  ds.apply_suppressions(sm);
  std::vector<std::string> kept;
  for (const auto& d : ds.all()) kept.push_back(d.message);
  CHECK(kept == std::vector<std::string>{"c", "d", "errors are never silenced"});
}

}
