// tests/engine/triage_test.cpp: triage from raised flags and from the level the supported conditions need, what set
// the level, the threshold, the `--top` cut, and knowledge bases written before condition urgency.
#include <doctest/doctest.h>

#include <string>

#include "sample.hpp"

namespace ddx::engine::testing {
namespace {

// Three conditions of equal prior (each 0.3 of Z = 1 before evidence; "something else" 0.1). `loc.knee` alone makes
// pfps 3 / 3.7 = 0.81 likely; with `sym.swollen` the tear takes 30 / 33.4 = 0.90 and pfps 0.09, so of the supported
// conditions' summed score 33 the tear holds 30/33 and pfps 3/33. `sym.gives` supports the tear weakly (x2): with
// `loc.knee` the tear holds 0.6 / 3.6 = 1/6 of the supported score.
std::string kb_text(const std::string& header_extra) {
  return R"(knowledge_base "t"
  version "1"
  regions knee
)" + header_extra + R"(
finding loc.knee location "Knee"
finding sym.swollen symptom "Swollen"
finding sym.locks symptom "Locks"
finding sym.mild symptom "Mild"
finding sym.gives symptom "Gives way"
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
rule r_gives "x"
  when sym.gives
  then for tear weak
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

  TEST_CASE("a level counts when the conditions needing it or more hold more than the threshold of the supported score") {
    const auto r = load_kb("  urgency_threshold 0.95");
    const auto& kb = *r.kb;
    // The tear alone holds 30/33 = 0.91 of the supported score, not above 0.95; with pfps, 1.0 needs modify_training.
    const auto d = kb.diagnose(make_case(kb, {"loc.knee", "sym.swollen"}));
    CHECK(d.triage == triage_level::modify_training);
    CHECK(d.triage_set_by.k == triage_setter::kind::condition);
    CHECK(d.triage_set_by.id == "pfps");
    REQUIRE(d.urgent_conditions.size() == 2);  // those counting at modify_training or above, most urgent first
    CHECK(d.urgent_conditions[0].id == "tear");
    CHECK(d.urgent_conditions[0].share == doctest::Approx(30.0 / 33.0));
    CHECK(d.urgent_conditions[1].id == "pfps");
    CHECK(d.urgent_conditions[1].share == doctest::Approx(3.0 / 33.0));
    CHECK(d.urgent_conditions[1].score == doctest::Approx(3.0 / 33.4));
    CHECK(d.urgency_threshold == 0.95);

    const auto none = kb.diagnose(make_case(kb, {"sym.locks"}));  // no condition supported: the flag alone
    CHECK(none.triage == triage_level::stop_and_assess);
    CHECK(none.urgent_conditions.empty());
    const auto empty = kb.diagnose(make_case(kb, {}, {"loc.knee"}));
    CHECK(empty.triage == triage_level::self_care);
    CHECK(empty.triage_set_by.k == triage_setter::kind::default_level);
    CHECK(empty.triage_set_by.id.empty());
    CHECK(empty.urgent_conditions.empty());
  }

  TEST_CASE("shares are of the supported conditions: conditions without evidence and `other` do not dilute them") {
    // loc.knee + sym.gives: pfps 3 and the tear 0.6 of Z = 3 + 0.6 + 0.3 (doms, no evidence) + 0.1 (other) = 4.
    const auto r = load_kb();
    const auto& kb = *r.kb;
    const auto d = kb.diagnose(make_case(kb, {"loc.knee", "sym.gives"}));
    CHECK(d.triage == triage_level::modify_training);  // the tear's 1/6 is not more likely than not
    CHECK(d.triage_set_by.id == "pfps");
    REQUIRE(d.urgent_conditions.size() == 2);  // both count at modify_training or above; the tear is listed first
    CHECK(d.urgent_conditions[0].id == "tear");
    CHECK(d.urgent_conditions[1].id == "pfps");
    CHECK(d.urgent_conditions[1].score == doctest::Approx(3.0 / 4.0));
    CHECK(d.urgent_conditions[1].share == doctest::Approx(5.0 / 6.0));
  }

  TEST_CASE("an even split between two levels gives the lower one") {
    // One finding supports a self-care and a stop-level condition equally: the stop level holds exactly half of the
    // supported score, which is not more likely than not.
    auto r = load_texts({{"t.ddx", R"(knowledge_base "t"
  version "1"
  regions calf
finding loc.calf location "Calf"
condition doms "DOMS"
  region calf
  prior common
  urgency self_care
condition cecs "CECS"
  region calf
  prior common
  urgency stop_and_assess
rule r_doms "x"
  when loc.calf
  then for doms moderate
rule r_cecs "x"
  when loc.calf
  then for cecs moderate
)"}},
                        {.lints = false});
    REQUIRE(r.kb.has_value());
    const auto& kb = *r.kb;
    const auto d = kb.diagnose(make_case(kb, {"loc.calf"}));
    CHECK(d.triage == triage_level::self_care);
    CHECK(d.triage_set_by.k == triage_setter::kind::condition);
    CHECK(d.triage_set_by.id == "doms");
    REQUIRE(d.urgent_conditions.size() == 2);
    CHECK(d.urgent_conditions[0].id == "cecs");
    CHECK(d.urgent_conditions[0].share == doctest::Approx(0.5));
  }

  TEST_CASE("a lower threshold lets a less probable, more urgent level count") {
    const auto r = load_kb("  urgency_threshold 0.1");
    const auto& kb = *r.kb;
    const auto d = kb.diagnose(make_case(kb, {"loc.knee", "sym.gives"}));
    CHECK(d.triage == triage_level::stop_and_assess);  // the tear's 1/6 is above 0.1
    CHECK(d.triage_set_by.id == "tear");
    REQUIRE(d.urgent_conditions.size() == 1);  // pfps counts below the conditions' level
    CHECK(d.urgent_conditions[0].id == "tear");
    CHECK(d.urgent_conditions[0].share == doctest::Approx(1.0 / 6.0));
  }

  TEST_CASE("triage does not depend on how much of the differential is kept") {
    // The tear, ranked second, sets the level with the differential cut to one entry or to none.
    const auto r = load_kb("  urgency_threshold 0.1");
    const auto& kb = *r.kb;
    const auto c = make_case(kb, {"loc.knee", "sym.gives"});
    for (std::size_t top : {0u, 1u, 2u, 3u}) {
      CAPTURE(top);
      diagnose_options options;
      options.top = top;
      const auto d = kb.diagnose(c, options);
      CHECK(d.differential.size() == std::min<std::size_t>(top, 2));
      REQUIRE(d.urgent_conditions.size() == 1);
      CHECK(d.urgent_conditions[0].id == "tear");
      CHECK(d.urgent_conditions[0].share == doctest::Approx(1.0 / 6.0));
      raw_ranking raw;
      inference_scratch scratch;
      kb.rank(c, scratch, raw, top);
      CHECK(raw.urgent_conditions.size() == 1);
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
          "Its urgency `modify_training` counts toward triage: it holds 1.00 of the supported conditions' summed score, "
          "and those counting at `modify_training` or above hold 1.00, above the threshold 0.5. Triage is "
          "`stop_and_assess`, set by flag `locking`.");
    const auto tear = kb.explain(make_case(kb, {"loc.knee"}), "tear");
    REQUIRE(tear.has_value());
    CHECK_FALSE(tear->counts_for_triage);
    CHECK(tear->triage_summary ==
          "Its urgency `stop_and_assess` does not count toward triage: no rule for it fired. Triage is "
          "`modify_training`, set by condition `pfps`.");
    const auto weak = kb.explain(make_case(kb, {"loc.knee", "sym.gives"}), "tear");
    REQUIRE(weak.has_value());
    CHECK(weak->counts_for_triage);
    CHECK(weak->triage_summary ==
          "Its urgency `stop_and_assess` counts toward triage as one of the conditions counting at `modify_training` "
          "or above, which hold 1.00 of the supported conditions' summed score, above the threshold 0.5; it holds "
          "0.17, and those counting at `stop_and_assess` or above 0.17, not above the threshold. Triage is "
          "`modify_training`, set by condition `pfps`.");
    const auto strict = load_kb("  urgency_threshold 0.9");
    const auto weak_alone = strict.kb->explain(make_case(*strict.kb, {"sym.gives"}, {"loc.knee"}), "tear");
    REQUIRE(weak_alone.has_value());
    CHECK(weak_alone->counts_for_triage);  // the only supported condition holds all of the supported score
    const auto outranked = kb.explain(make_case(kb, {"loc.knee", "sym.swollen"}), "pfps");
    REQUIRE(outranked.has_value());
    CHECK_FALSE(outranked->counts_for_triage);
    CHECK(outranked->triage_summary ==
          "Its urgency `modify_training` does not count toward triage: the supported conditions counting at "
          "`stop_and_assess` or above hold 0.91 of their summed score, above the threshold 0.5, so that more urgent "
          "level applies. Triage is `stop_and_assess`, set by condition `tear`.");
    const auto thin = strict.kb->explain(make_case(*strict.kb, {"loc.knee", "sym.swollen"}), "tear");
    REQUIRE(thin.has_value());
    CHECK(thin->counts_for_triage);  // with pfps, 1.0 needs modify_training or more: the tear is part of it
    const auto never = load_kb("  urgency_threshold 1");
    const auto unreached = never.kb->explain(make_case(*never.kb, {"loc.knee"}), "pfps");
    REQUIRE(unreached.has_value());
    CHECK_FALSE(unreached->counts_for_triage);
    CHECK(unreached->triage_summary ==
          "Its urgency `modify_training` does not count toward triage: the supported conditions counting at "
          "`modify_training` or above hold 1.00 of their summed score, not above the threshold 1. Triage is "
          "`self_care` by default: no flag was raised and no supported condition needs more.");
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
          "Its urgency `self_care` to `modify_training` counts toward triage at `self_care`: flag `green` overrides "
          "urgencies up to `modify_training`, so it counts at the lower end of its range; it holds 1.00 of the "
          "supported conditions' summed score, and those counting at `self_care` or above hold 1.00, above the "
          "threshold 0.5. Triage is `self_care`, set by flag `green`.");
    const auto plain_x = kb.explain(make_case(kb, {"loc.knee"}), "pfps");
    REQUIRE(plain_x.has_value());
    CHECK(plain_x->triage_summary ==
          "Its urgency `self_care` to `modify_training` counts toward triage at `modify_training`: it holds 1.00 of the "
          "supported conditions' summed score, and those counting at `modify_training` or above hold 1.00, above the "
          "threshold 0.5. Triage is `modify_training`, set by condition `pfps`.");

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
