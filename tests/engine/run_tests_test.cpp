// tests/engine/run_tests_test.cpp: `test` declarations: passing, failure lines, coverage.
#include <doctest/doctest.h>

#include "sample.hpp"

namespace ddx::engine::testing {
namespace {

TEST_SUITE("engine.run_tests") {
  TEST_CASE("the sample knowledge base's tests pass and coverage counts the rules they fired") {
    coverage_report coverage;
    const auto outcomes = sample_kb().run_tests({}, &coverage);
    REQUIRE(outcomes.size() == 3);
    for (const auto& o : outcomes) {
      CAPTURE(o.id);
      CHECK(o.passed);
      CHECK(o.failures.empty());
    }
    CHECK(outcomes[0].location == "sample/tests.ddx:2");
    CHECK(coverage.rules == 13);
    CHECK(coverage.fired == 6);
    CHECK(coverage.never_fired.front() == "sample/knee.ddx:19 itbs_swelling_against");
  }

  TEST_CASE("the filter keeps the tests whose id contains it") {
    const auto outcomes = sample_kb().run_tests("shin");
    REQUIRE(outcomes.size() == 1);
    CHECK(outcomes[0].id == "shin_overuse");
  }

  TEST_CASE("a failed expectation says expected vs actual and names the strongest evidence") {
    const auto r = load_with(R"(condition pfps "PFPS"
  region knee
  prior very_common
rule itbs_outer "Outer knee"
  when loc.lateral_knee
  then for itbs moderate
rule pfps_front "Front of knee"
  when loc.anterior_knee
  then for pfps strong
rule clot "Clot"
  when loc.anterior_knee
  then raise dvt
test t_fail "fails"
  present loc.lateral_knee, loc.anterior_knee
  expect itbs first
  expect pfps not listed
  expect triage at most modify_training
  expect no flag dvt
  expect pfps rank 1
)");
    REQUIRE(r.kb);
    const auto outcomes = r.kb->run_tests();
    REQUIRE(outcomes.size() == 1);
    CHECK_FALSE(outcomes[0].passed);
    CHECK(outcomes[0].failures == std::vector<std::string>{
                                      "expected `itbs` first, got `pfps` (0.85), `itbs` (0.14); strongest evidence for "
                                      "`pfps`: `pfps_front` at t.ddx:7 (+2.303)",
                                      "expected `pfps` not listed, got `pfps` (0.85), `itbs` (0.14); strongest evidence "
                                      "for `pfps`: `pfps_front` at t.ddx:7 (+2.303)",
                                      "expected triage at most `modify_training`, got `urgent_care` (set by flag `dvt` raised "
                                      "by `clot` at t.ddx:10)",
                                      "expected no flag `dvt`, it was raised by `clot` at t.ddx:10 because of "
                                      "`loc.anterior_knee`",
                                  });
  }
}

}  // namespace
}  // namespace ddx::engine::testing
