// tests/engine/triage_test.cpp: triage from raised flags and from the urgency of the likely conditions, what set
// the level, the threshold, the `--top` cut, and knowledge bases written before condition urgency.
#include <doctest/doctest.h>

#include <string>

#include "sample.hpp"

namespace ddx::engine::testing {
namespace {

// Three conditions of equal prior (each 0.3 of Z = 1 before evidence; "something else" 0.1). `loc.knee` alone makes
// pfps 3 / 3.7 = 0.81 likely; with `sym.swollen` the tear takes 30 / 33.4 = 0.90 and pfps 0.09.
std::string kb_text(const std::string& header_extra) {
  return R"(knowledge_base "t"
  version "1"
  regions knee
)" + header_extra + R"(
finding loc.knee location "Knee"
finding sym.swollen symptom "Swollen"
finding sym.locks symptom "Locks"
finding sym.mild symptom "Mild"
condition pfps "PFPS"
  region knee
  prior common
  urgency modify_training
condition tear "Tear"
  region knee
  prior common
  urgency stop_and_assess
condition doms "DOMS"
  region knee
  prior common
  urgency self_care
flag locking "Locking"
  level stop_and_assess
flag green "Green"
  level self_care
  overrides modify_training
rule r_pfps "x"
  when loc.knee
  then for pfps strong
rule r_tear "x"
  when sym.swollen
  then for tear decisive
rule r_lock "x"
  when sym.locks
  then raise locking
rule r_green "x"
  when sym.mild
  then raise green
)";
}

load_result load_kb(const std::string& header_extra = "") {
  auto r = load_texts({{"t.ddx", kb_text(header_extra)}}, {.lints = false});
  REQUIRE(r.kb.has_value());
  return r;
}

TEST_SUITE("engine.triage") {
  TEST_CASE("a likely condition's urgency sets triage, and the result says which") {
    const auto r = load_kb();
    const auto& kb = *r.kb;
    const auto d = kb.diagnose(make_case(kb, {"loc.knee"}));
    CHECK(d.triage == triage_level::modify_training);
    CHECK(d.triage_set_by.k == triage_setter::kind::condition);
    CHECK(d.triage_set_by.id == "pfps");
    CHECK(d.triage_set_by.label == "PFPS");
    CHECK(d.triage_set_by.level == triage_level::modify_training);
    REQUIRE(d.urgent_conditions.size() == 1);
    CHECK(d.urgent_conditions[0].id == "pfps");
    CHECK(d.urgent_conditions[0].urgency == triage_level::modify_training);
    CHECK(d.urgent_conditions[0].score == doctest::Approx(3.0 / 3.7));
    CHECK(d.urgency_threshold == 0.5);
  }

  TEST_CASE("the most urgent likely condition wins; a flag wins a tie, a more urgent condition beats a flag") {
    const auto r = load_kb();
    const auto& kb = *r.kb;
    const auto tear = kb.diagnose(make_case(kb, {"loc.knee", "sym.swollen"}));
    CHECK(tear.triage == triage_level::stop_and_assess);
    CHECK(tear.triage_set_by.id == "tear");

    const auto flag = kb.diagnose(make_case(kb, {"loc.knee", "sym.locks"}));
    CHECK(flag.triage == triage_level::stop_and_assess);
    CHECK(flag.triage_set_by.k == triage_setter::kind::flag);
    CHECK(flag.triage_set_by.id == "locking");
    CHECK(flag.urgent_conditions.size() == 1);  // pfps still listed: its part is shown, the flag set the level

    const auto tie = kb.diagnose(make_case(kb, {"loc.knee", "sym.swollen", "sym.locks"}));
    CHECK(tie.triage == triage_level::stop_and_assess);
    CHECK(tie.triage_set_by.k == triage_setter::kind::flag);
  }

  TEST_CASE("a raised flag's `overrides` never lowers a single-level urgency, nor a more urgent one") {
    const auto r = load_kb();
    const auto& kb = *r.kb;
    const auto mild = kb.diagnose(make_case(kb, {"loc.knee", "sym.mild"}));
    CHECK(mild.triage == triage_level::modify_training);  // pfps declares one level: never below it
    CHECK(mild.triage_set_by.k == triage_setter::kind::condition);
    CHECK(mild.triage_set_by.id == "pfps");
    REQUIRE(mild.urgent_conditions.size() == 1);
    CHECK(mild.urgent_conditions[0].lowered_by.empty());
    const auto x = kb.explain(make_case(kb, {"loc.knee", "sym.mild"}), "pfps");
    REQUIRE(x.has_value());
    CHECK(x->counts_for_triage);
    CHECK(x->counted_urgency == triage_level::modify_training);

    const auto tear = kb.diagnose(make_case(kb, {"loc.knee", "sym.swollen", "sym.mild"}));
    CHECK(tear.triage == triage_level::stop_and_assess);
    CHECK(tear.triage_set_by.id == "tear");
  }

  TEST_CASE("below the threshold a condition does not count, and nothing raised means the default") {
    const auto r = load_kb("  urgency_threshold 0.9");
    const auto& kb = *r.kb;
    const auto d = kb.diagnose(make_case(kb, {"loc.knee"}));
    CHECK(d.triage == triage_level::self_care);
    CHECK(d.triage_set_by.k == triage_setter::kind::default_level);
    CHECK(d.triage_set_by.id.empty());
    CHECK(d.urgent_conditions.empty());
    CHECK(d.urgency_threshold == 0.9);
  }

  TEST_CASE("a lower threshold lets less likely conditions count, most urgent first") {
    const auto r = load_kb("  urgency_threshold 0.05");
    const auto& kb = *r.kb;
    const auto d = kb.diagnose(make_case(kb, {"loc.knee", "sym.swollen"}));
    REQUIRE(d.urgent_conditions.size() == 2);
    CHECK(d.urgent_conditions[0].id == "tear");
    CHECK(d.urgent_conditions[1].id == "pfps");
    CHECK(d.urgent_conditions[1].score == doctest::Approx(3.0 / 33.4));
    CHECK(d.triage_set_by.id == "tear");
  }

  TEST_CASE("triage does not depend on how much of the differential is kept") {
    // pfps, ranked second, counts with the differential cut to one entry or to none.
    const auto r = load_kb("  urgency_threshold 0.05");
    const auto& kb = *r.kb;
    const auto c = make_case(kb, {"loc.knee", "sym.swollen"});
    for (std::size_t top : {0u, 1u, 2u, 3u}) {
      CAPTURE(top);
      diagnose_options options;
      options.top = top;
      const auto d = kb.diagnose(c, options);
      CHECK(d.differential.size() == std::min<std::size_t>(top, 2));
      REQUIRE(d.urgent_conditions.size() == 2);
      CHECK(d.urgent_conditions[1].id == "pfps");
      raw_ranking raw;
      inference_scratch scratch;
      kb.rank(c, scratch, raw, top);
      CHECK(raw.urgent_conditions.size() == 2);
      CHECK(raw.triage == triage_level::stop_and_assess);
    }
  }

  TEST_CASE("a condition needs evidence to count, even with a threshold of 0") {
    const auto r = load_kb("  urgency_threshold 0");
    const auto& kb = *r.kb;
    const auto d = kb.diagnose(make_case(kb, {"loc.knee"}));
    REQUIRE(d.urgent_conditions.size() == 1);  // doms and tear have no fired `for` rule
    CHECK(d.urgent_conditions[0].id == "pfps");
  }

  TEST_CASE("a knowledge base without urgency keeps flags-only triage") {
    const auto r = load_with(R"(rule r_itbs "x"
  when loc.lateral_knee
  then for itbs decisive
rule r_dvt "x"
  when loc.anterior_knee
  then raise dvt
)");
    REQUIRE(r.kb.has_value());
    const auto& kb = *r.kb;
    const auto plain = kb.diagnose(make_case(kb, {"loc.lateral_knee"}));
    CHECK(plain.triage == triage_level::self_care);
    CHECK(plain.triage_set_by.k == triage_setter::kind::default_level);
    CHECK(plain.urgent_conditions.empty());
    const auto flagged = kb.diagnose(make_case(kb, {"loc.lateral_knee", "loc.anterior_knee"}));
    CHECK(flagged.triage == triage_level::urgent_care);
    CHECK(flagged.triage_set_by.k == triage_setter::kind::flag);
    CHECK(flagged.triage_set_by.id == "dvt");
  }

  TEST_CASE("explain says whether the condition's urgency counted and what set the level") {
    const auto r = load_kb();
    const auto& kb = *r.kb;
    const auto c = make_case(kb, {"loc.knee", "sym.locks"});
    const auto pfps = kb.explain(c, "pfps");
    REQUIRE(pfps.has_value());
    CHECK(pfps->urgency == triage_level::modify_training);
    CHECK(pfps->counts_for_triage);
    CHECK(pfps->triage == triage_level::stop_and_assess);
    CHECK(pfps->triage_set_by.id == "locking");
    CHECK(pfps->triage_summary ==
          "Its urgency `modify_training` counts toward triage (score 0.81 reaches the threshold 0.5). Triage is "
          "`stop_and_assess`, set by flag `locking`.");
    const auto tear = kb.explain(make_case(kb, {"loc.knee"}), "tear");
    REQUIRE(tear.has_value());
    CHECK_FALSE(tear->counts_for_triage);
    CHECK(tear->triage_summary ==
          "Its urgency `stop_and_assess` does not count toward triage (score 0.08 is below the threshold 0.5). Triage "
          "is `modify_training`, set by condition `pfps`.");
  }

  // An urgency range (`urgency LOW to HIGH`): the upper end by default, the lower end while a raised flag's
  // `overrides` covers the whole range; a red flag is never lowered.
  TEST_CASE("a range counts at its upper end, and at its lower end while a flag overrides it") {
    auto r = load_texts({{"t.ddx", R"(knowledge_base "t"
  version "1"
  regions knee
finding loc.knee location "Knee"
finding sym.mild symptom "Mild"
finding sym.locks symptom "Locks"
finding sym.crack symptom "Crack"
condition pfps "PFPS"
  region knee
  prior common
  urgency self_care to modify_training
condition fracture "Fracture"
  region knee
  prior common
  urgency modify_training to stop_and_assess
flag green "Green"
  level self_care
  overrides modify_training
flag locking "Locking"
  level stop_and_assess
rule r_pfps "x"
  when loc.knee
  then for pfps strong
rule r_fracture "x"
  when sym.crack
  then for fracture decisive
rule r_green "x"
  when sym.mild
  then raise green
rule r_lock "x"
  when sym.locks
  then raise locking
)"}},
                        {.lints = false});
    REQUIRE(r.kb.has_value());
    const auto& kb = *r.kb;

    const auto plain = kb.diagnose(make_case(kb, {"loc.knee"}));
    CHECK(plain.triage == triage_level::modify_training);  // no pain score: the upper end
    REQUIRE(plain.urgent_conditions.size() == 1);
    CHECK(plain.urgent_conditions[0].urgency == triage_level::modify_training);
    CHECK(plain.urgent_conditions[0].declared_low == triage_level::self_care);
    CHECK(plain.urgent_conditions[0].declared_high == triage_level::modify_training);
    CHECK(plain.urgent_conditions[0].lowered_by.empty());

    const auto mild = kb.diagnose(make_case(kb, {"loc.knee", "sym.mild"}));
    CHECK(mild.triage == triage_level::self_care);  // the green light lowers it to its lower end
    CHECK(mild.triage_set_by.k == triage_setter::kind::flag);  // a tie: the flag names the finding that matters
    CHECK(mild.triage_set_by.id == "green");
    REQUIRE(mild.urgent_conditions.size() == 1);
    CHECK(mild.urgent_conditions[0].urgency == triage_level::self_care);
    CHECK(mild.urgent_conditions[0].lowered_by == "green");
    const auto x = kb.explain(make_case(kb, {"loc.knee", "sym.mild"}), "pfps");
    REQUIRE(x.has_value());
    CHECK(x->urgency == triage_level::modify_training);
    CHECK(x->urgency_low == triage_level::self_care);
    CHECK(x->counted_urgency == triage_level::self_care);
    CHECK(x->triage_summary ==
          "Its urgency `self_care` to `modify_training` counts toward triage at `self_care` (score 0.89 reaches the "
          "threshold 0.5): flag `green` overrides urgencies up to `modify_training`, so it counts at the lower end of "
          "its range. Triage is `self_care`, set by flag `green`.");
    const auto plain_x = kb.explain(make_case(kb, {"loc.knee"}), "pfps");
    REQUIRE(plain_x.has_value());
    CHECK(plain_x->triage_summary ==
          "Its urgency `self_care` to `modify_training` counts toward triage at `modify_training` (score 0.89 reaches "
          "the threshold 0.5). Triage is `modify_training`, set by condition `pfps`.");

    // A range reaching above what the flag overrides keeps its upper end.
    const auto fracture = kb.diagnose(make_case(kb, {"sym.crack", "sym.mild"}));
    CHECK(fracture.triage == triage_level::stop_and_assess);
    CHECK(fracture.triage_set_by.id == "fracture");
    REQUIRE_FALSE(fracture.urgent_conditions.empty());
    CHECK(fracture.urgent_conditions[0].lowered_by.empty());

    // A red flag is never lowered: the green light and a lowered condition leave it as it is.
    const auto locked = kb.diagnose(make_case(kb, {"loc.knee", "sym.mild", "sym.locks"}));
    CHECK(locked.triage == triage_level::stop_and_assess);
    CHECK(locked.triage_set_by.id == "locking");
  }

  TEST_CASE("an urgency range must go from a less urgent level to a more urgent one") {
    const auto reversed = load_texts({{"t.ddx", R"(knowledge_base "t"
  version "1"
  regions knee
condition pfps "PFPS"
  region knee
  prior common
  urgency modify_training to self_care
)"}},
                                     {.lints = false});
    CHECK_FALSE(reversed.kb.has_value());
    REQUIRE(reversed.diags.error_count() == 1);
    CHECK(reversed.diags.all()[0].code == "E318");
    CHECK(reversed.diags.all()[0].hint == "write `urgency self_care to modify_training`");
    const auto same = load_texts({{"t.ddx", R"(knowledge_base "t"
  version "1"
  regions knee
condition pfps "PFPS"
  region knee
  prior common
  urgency self_care to self_care
)"}},
                                 {.lints = false});
    CHECK_FALSE(same.kb.has_value());
    REQUIRE(same.diags.error_count() == 1);
    CHECK(same.diags.all()[0].code == "E318");
    CHECK(same.diags.all()[0].hint == "write `urgency self_care`");
  }
}

}  // namespace
}  // namespace ddx::engine::testing
