// tests/engine/explain_test.cpp: why / why not for one condition.
#include <doctest/doctest.h>

#include "sample.hpp"

namespace ddx::engine::testing {
namespace {

TEST_SUITE("engine.explain") {
  TEST_CASE("explain lists every rule on the condition, fired first, with what it waits for") {
    const auto& kb = sample_kb();
    const auto x = kb.explain(make_case(kb, {"loc.medial_shin", "hist.mileage_jump"}), "stress_fracture");
    REQUIRE(x.has_value());
    CHECK(x->condition == "stress_fracture");
    REQUIRE(x->rules.size() == 3);
    CHECK(x->rules[0].rule_id == "fracture_two_of_three");
    CHECK(x->rules[0].outcome == truth::truth_);
    CHECK(x->rules[0].satisfied == std::vector<std::string>{"loc.medial_shin", "hist.mileage_jump"});
    CHECK(x->rules[0].waiting_for == std::vector<std::string>{"sign.bony_tender"});
    CHECK(x->rules[1].rule_id == "fracture_bone_overuse");
    CHECK(x->rules[1].outcome == truth::unknown);
    CHECK(x->rules[1].waiting_for == std::vector<std::string>{"overuse_pattern", "sign.bony_tender"});
    CHECK(x->rules[2].rule_id == "severe_pain");
    CHECK(x->rules[2].waiting_for == std::vector<std::string>{"pain_score"});
    CHECK(x->summary ==
          "`stress_fracture` is ranked 1 of 1 with score 0.04: 1 rule for it and 0 rules against it fired, and 2 are "
          "waiting for unknown findings");
  }

  TEST_CASE("explain shows what blocks a rule, through not") {
    const auto& kb = sample_kb();
    const auto x = kb.explain(make_case(kb, {"loc.anterior_knee", "loc.lateral_knee"}), "pfps");
    REQUIRE(x.has_value());
    CHECK_FALSE(x->rank.has_value());
    const auto& not_lateral = x->rules[1];
    CHECK(not_lateral.rule_id == "pfps_front_not_lateral");
    CHECK(not_lateral.outcome == truth::falsehood);
    CHECK(not_lateral.satisfied == std::vector<std::string>{"loc.anterior_knee"});
    CHECK(not_lateral.blocking == std::vector<std::string>{"loc.lateral_knee"});
  }

  TEST_CASE("explain of an unknown condition is empty") {
    const auto& kb = sample_kb();
    CHECK_FALSE(kb.explain(make_case(kb, {}), "loc.lateral_knee").has_value());
  }
}

}  // namespace
}  // namespace ddx::engine::testing
