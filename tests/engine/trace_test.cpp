// tests/engine/trace_test.cpp: what the trace says of each step: the score after each likelihood ratio (replayed
// from the priors with the chain's sums, ending at the differential's scores), what stops a rule that does not hold, what a waiting rule
// needs, and the facts and flags a rule concludes.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "sample.hpp"

namespace ddx::engine::testing {
namespace {

const knowledge_base& bundled_kb() {
  static const load_result loaded = load({DDX_SOURCE_DIR "/kb"});
  return *loaded.kb;
}

const trace_step* step_of(const diagnosis_result& r, const std::string& rule) {
  for (const auto& s : r.trace)
    if (s.rule_id == rule) return &s;
  return nullptr;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

TEST_SUITE("engine.trace") {
  TEST_CASE("each condition's last score in the trace is its score in the differential") {
    const auto& kb = bundled_kb();
    const char* cases[][3] = {
        {"loc.medial_shin,trig.sudden_mileage_increase,time.worsens_as_run_continues", "sign.hop_test_pain", ""},
        {"loc.lateral_knee,loc.anterior_knee,trig.downhill_running", "", ""},
        {"loc.plantar_heel_medial,loc.heel_bone,trig.sudden_mileage_increase", "sign.heel_squeeze_pain", ""},
        {"loc.calf_belly,flag.calf_warm_red_swollen,sym.swelling_marked", "trig.direct_impact", ""},
    };
    for (const auto& c : cases) {
      CAPTURE(c[0]);
      std::vector<std::string> present, absent;
      for (auto* into : {&present, &absent}) {
        const std::string list = into == &present ? c[0] : c[1];
        for (std::size_t at = 0; at < list.size();) {
          const auto comma = list.find(',', at);
          into->push_back(list.substr(at, comma == std::string::npos ? std::string::npos : comma - at));
          at = comma == std::string::npos ? list.size() : comma + 1;
        }
      }
      const auto rc = make_case(kb, present, absent, {{"age", 30}});
      diagnose_options o;
      o.trace = true;
      o.next_questions = false;
      const auto r = kb.diagnose(rc, o);
      REQUIRE(!r.differential.empty());
      // The replay sums the same likelihood ratios as the chain, and the last change of the whole trace is made
      // against the final normaliser, so it gives its condition's final share.
      std::map<std::string, double> log_lr;
      const trace_change* final_change = nullptr;
      for (const auto& s : r.trace) {
        if (s.outcome != truth::truth_) continue;
        for (const auto& ch : s.changes) {
          CHECK(ch.score_after >= 0.0);
          CHECK(ch.score_after <= 1.0);
          CHECK(ch.lr == doctest::Approx(std::exp(ch.weight)));
          log_lr[ch.condition] += ch.weight;
          final_change = &ch;
        }
      }
      REQUIRE(final_change);
      for (const auto& d : r.differential) {
        CAPTURE(d.id);
        CHECK(d.log_prior + log_lr[d.id] == doctest::Approx(d.log_score).epsilon(1e-12));
        if (d.id == final_change->condition) CHECK(final_change->score_after == doctest::Approx(d.score).epsilon(1e-9));
      }
    }
  }

  TEST_CASE("a step says what stops it, what it waits for, and what it concludes") {
    const auto& kb = bundled_kb();
    const auto rc = make_case(kb, {"loc.medial_shin", "trig.sudden_mileage_increase"}, {"flag.pain_at_rest_or_night"},
                              {{"age", 30}});
    diagnose_options o;
    o.trace = true;
    o.next_questions = false;
    const auto r = kb.diagnose(rc, o);
    // `when not loc.medial_shin`: stopped by the shin pain being present, so not marked absent.
    const auto* no_inner = step_of(r, "mtss_no_inner_shin");
    REQUIRE(no_inner);
    CHECK(no_inner->outcome == truth::falsehood);
    CHECK(no_inner->blocking == std::vector<std::string>{"loc.medial_shin"});
    CHECK(no_inner->blocking_absent.empty());
    REQUIRE(no_inner->changes.size() == 1);
    CHECK(no_inner->changes[0].condition == "mtss");
    CHECK_FALSE(no_inner->changes[0].supports);
    // `when shin_region_pain and flag.pain_at_rest_or_night`: stopped by the absent finding, marked so.
    const auto* rest = step_of(r, "tibial_stress_fracture_rest_pain");
    REQUIRE(rest);
    CHECK(rest->outcome == truth::falsehood);
    CHECK(has(rest->blocking, "flag.pain_at_rest_or_night"));
    CHECK(rest->blocking_absent == std::vector<std::string>{"flag.pain_at_rest_or_night"});
    CHECK(rest->waiting_for.empty());
    // A rule that needs an unknown finding or fact waits for it, and names the flag it would raise.
    const auto* suspected = step_of(r, "tibial_stress_fracture_suspected_raise");
    REQUIRE(suspected);
    CHECK(suspected->outcome == truth::unknown);
    CHECK(has(suspected->waiting_for, "bone_pain_pattern"));
    CHECK(has(suspected->waiting_for, "sym.pain_focal"));
    CHECK(suspected->blocking.empty());
    CHECK(suspected->raises == std::vector<std::string>{"tibial_stress_fracture_suspected"});
    CHECK(suspected->changes.empty());
    // A fired rule that derives a fact names it.
    const auto* load_spike = step_of(r, "general_load_spike");
    REQUIRE(load_spike);
    CHECK(load_spike->outcome == truth::truth_);
    CHECK(load_spike->asserts == std::vector<std::string>{"load_spike"});
    CHECK(has(load_spike->because, "trig.sudden_mileage_increase"));
    CHECK(load_spike->because_absent.empty());
  }
}

}  // namespace ddx::engine::testing
