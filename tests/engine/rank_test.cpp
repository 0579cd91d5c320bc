// tests/engine/rank_test.cpp: scoring arithmetic from the result's own fields, order, cut, triage, questions.
#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "sample.hpp"

namespace ddx::engine::testing {
namespace {

resolved_case busy_case(const knowledge_base& kb) {
  return make_case(kb, {"loc.lateral_knee", "time.worsens_as_run_continues", "loc.anterior_knee", "trig.stairs",
                        "loc.medial_shin", "hist.mileage_jump", "sym.swelling_marked"},
                   {}, {{"pain_score", 8}});
}

TEST_SUITE("engine.rank") {
  TEST_CASE("log_score is log_prior plus the evidence weights, and every share adds up to 1") {
    const auto& kb = sample_kb();
    const auto r = kb.diagnose(busy_case(kb));
    REQUIRE(r.differential.size() == 4);
    double z = std::exp(r.log_other_prior);
    double listed = 0;
    for (const auto& c : r.differential) {
      CAPTURE(c.id);
      double sum = c.log_prior;
      for (const auto& e : c.evidence_for) sum += e.weight;
      for (const auto& e : c.evidence_against) sum += e.weight;
      CHECK(c.log_score == doctest::Approx(sum).epsilon(1e-12));
      z += std::exp(c.log_score);
      listed += c.score;
    }
    // Every condition is listed here, so Z is the sum over the listed ones and other.
    for (const auto& c : r.differential) CHECK(c.score == doctest::Approx(std::exp(c.log_score) / z).epsilon(1e-12));
    CHECK(r.other_score == doctest::Approx(std::exp(r.log_other_prior) / z).epsilon(1e-12));
    CHECK(listed + r.other_score + r.unlisted_score == doctest::Approx(1.0).epsilon(1e-12));
  }

  TEST_CASE("evidence too strong for a double in the linear domain still gives shares that add up to 1") {
    // 40 rules of lr 1e9 for one condition: prior x 1e360 overflows a double, so Z falls back to the log domain.
    std::string text;
    std::vector<std::string> present;
    for (int i = 0; i < 40; ++i) {
      text += fmt::format("finding f.x{0} sign \"x{0}\"\nrule r{0} \"x\"\n  when f.x{0}\n  then for itbs lr 1000000000\n", i);
      present.push_back(fmt::format("f.x{}", i));
    }
    const auto loaded = load_with(text);
    REQUIRE(loaded.kb);
    const auto r = loaded.kb->diagnose(make_case(*loaded.kb, present));
    REQUIRE(r.differential.size() == 1);
    CHECK(std::isfinite(r.differential[0].log_score));
    CHECK(r.differential[0].log_score > 700);
    CHECK(r.differential[0].score == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(r.other_score >= 0);
    CHECK(r.differential[0].score + r.other_score + r.unlisted_score == doctest::Approx(1.0).epsilon(1e-12));
  }

  TEST_CASE("resolving into a reused case gives what resolve returns, and a bad case gives errors") {
    const auto& kb = sample_kb();
    std::vector<case_error> errors;
    const case_input big{std::string("a"), {"loc.anterior_knee", "loc.lateral_knee", "trig.stairs"}, {"hist.mileage_jump"},
                         {{"pain_score", 3}, {"pain_score", 8}}};
    const case_input small{std::string("b"), {"trig.stairs", "trig.stairs"}, {}, {}};
    resolved_case reused;
    REQUIRE(kb.resolve(big, reused, errors));
    REQUIRE(kb.resolve(small, reused, errors));
    const auto fresh = kb.resolve(small, errors);
    REQUIRE(fresh);
    CHECK(reused.id == "b");
    CHECK(reused.present == fresh->present);
    CHECK(reused.absent.empty());
    CHECK(reused.values.empty());
    REQUIRE(kb.resolve(big, reused, errors));
    REQUIRE(reused.values.size() == 1);
    CHECK(reused.values[0].second == 8);  // the same value twice keeps the last number
    case_input many{std::string("c"), {"trig.stairs"}, {}, {}};  // past the insertion sort: std::stable_sort
    for (int i = 0; i < 20; ++i) many.values.emplace_back("pain_score", i % 10);
    many.values.emplace_back("pain_score", 6);
    REQUIRE(kb.resolve(many, reused, errors));
    REQUIRE(reused.values.size() == 1);
    CHECK(reused.values[0].second == 6);
    CHECK(errors.empty());
    CHECK_FALSE(kb.resolve(case_input{std::nullopt, {"loc.no_such_place"}, {}, {}}, reused, errors));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "present[0]");
  }

  TEST_CASE("a resolved case lists each finding once, in index order, for small and large vocabularies") {
    // A small vocabulary (bitmap) and a large one next to the case (std::sort): the same contract either way.
    for (const int findings : {200, 3000}) {
      const int stride = findings / 40;  // picks spread over the whole vocabulary
      CAPTURE(findings);
      std::string text;
      for (int i = 0; i < findings; ++i) text += fmt::format("finding f.x{} symptom \"X\"\n", i);
      const auto loaded = load_with(text);
      REQUIRE(loaded.kb);
      const auto& kb = *loaded.kb;
      const std::vector<std::vector<int>> cases = {
          {7}, {39, 3, 3, 20, 0, 39, 11}, {30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10,
                                           9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 0}};
      for (const auto& picks : cases) {
        CAPTURE(picks.size());
        case_input in{std::string("c"), {}, {"loc.lateral_knee", "loc.lateral_knee"}, {}};
        for (int p : picks) in.present.push_back(fmt::format("f.x{}", p * stride));
        std::vector<case_error> errors;
        const auto c = kb.resolve(in, errors);
        REQUIRE(c);
        std::vector<std::uint32_t> want;
        for (int p : picks) want.push_back(*kb.finding_index(fmt::format("f.x{}", p * stride)));
        std::sort(want.begin(), want.end());
        want.erase(std::unique(want.begin(), want.end()), want.end());
        CHECK(c->present == want);
        CHECK(c->absent == std::vector<std::uint32_t>{*kb.finding_index("loc.lateral_knee")});
      }
    }
  }

  TEST_CASE("priors are normalised so that the conditions share 1 - other_prior") {
    const auto& kb = sample_kb();
    const auto r = kb.diagnose(busy_case(kb));
    double priors = 0;
    for (const auto& c : r.differential) priors += std::exp(c.log_prior);
    CHECK(priors == doctest::Approx(0.9).epsilon(1e-12));
    CHECK(std::exp(r.log_other_prior) == doctest::Approx(0.1).epsilon(1e-12));
  }

  TEST_CASE("weights are the natural log of the likelihood ratio, negative against") {
    const auto& kb = sample_kb();
    const auto r = kb.diagnose(busy_case(kb));
    for (const auto& c : r.differential) {
      for (const auto& e : c.evidence_for) CHECK(e.weight == doctest::Approx(std::log(e.lr)));
      for (const auto& e : c.evidence_against) CHECK(e.weight == doctest::Approx(std::log(e.lr)));
      for (const auto& e : c.evidence_against) CHECK(e.weight < 0);
    }
  }

  TEST_CASE("the differential is best first and top cuts it into unlisted_score") {
    const auto& kb = sample_kb();
    const auto all = kb.diagnose(busy_case(kb));
    for (std::size_t i = 1; i < all.differential.size(); ++i) CHECK(all.differential[i - 1].score >= all.differential[i].score);
    diagnose_options o;
    o.top = 2;
    const auto cut = kb.diagnose(busy_case(kb), o);
    REQUIRE(cut.differential.size() == 2);
    CHECK(cut.unlisted_score ==
          doctest::Approx(all.unlisted_score + all.differential[2].score + all.differential[3].score).epsilon(1e-12));
    CHECK(cut.differential[0].id == all.differential[0].id);
  }

  TEST_CASE("every cut of the fast path is the head of the full ranking, equal scores in id order") {
    // Conditions declared out of id order, many with exactly equal scores, so that the cut and the tie-break both
    // matter. 40 conditions start each case with every slot set (dense) and are cut by taking out the largest; 200
    // touch slots as evidence comes (sparse): with every one touched the cut is by insertion (few) or partial sort
    // (many), with 100 of them (`every` 2) by taking out the largest again, the touched ones in no id order.
    for (const auto& [count, every] : {std::pair{40, 1}, std::pair{200, 1}, std::pair{200, 2}}) {
      CAPTURE(count);
      CAPTURE(every);
      std::string text = "finding loc.posterior_knee location \"Back of knee\"\n";
      for (int i = 0; i < count; ++i) {
        const int c = (i * 17) % count;
        const char* where = c % every == 0 ? "loc.lateral_knee" : "loc.posterior_knee";
        text += fmt::format("condition c{:03} \"C\"\n  region knee\n  prior {}\n", c, c % 3 ? "common" : "rare");
        text += fmt::format("rule r{:03} \"x\"\n  when {}\n  then for c{:03} lr {}\n", c, where, c, 2 + c % 3);
        if (c % 4 == 0) text += fmt::format("rule a{:03} \"x\"\n  when loc.anterior_knee\n  then against c{:03} lr 0.5\n", c, c);
      }
      const auto loaded = load_with(text);
      REQUIRE(loaded.kb);
      const auto& kb = *loaded.kb;
      const auto c = make_case(kb, {"loc.lateral_knee", "loc.anterior_knee"});
      inference_scratch scratch;
      raw_ranking full;
      kb.rank(c, scratch, full, std::nullopt);
      const auto n = static_cast<std::size_t>(count / every);
      REQUIRE(full.differential.size() == n);
      CHECK(full.supported == n);
      double total = full.other_score + full.unlisted_score;
      for (const auto& d : full.differential) total += d.score;
      CHECK(total == doctest::Approx(1.0).epsilon(1e-12));
      for (std::size_t i = 1; i < full.differential.size(); ++i) {
        const auto& a = full.differential[i - 1];
        const auto& b = full.differential[i];
        CHECK((a.log_score > b.log_score ||
               (a.log_score == b.log_score && kb.condition_id(a.condition) < kb.condition_id(b.condition))));
      }
      for (const std::size_t top : {0, 1, 2, 3, 10, 31, 32, 33, 39, 40, 41, 100, 250}) {
        CAPTURE(top);
        raw_ranking cut;
        kb.rank(c, scratch, cut, top);
        REQUIRE(cut.differential.size() == std::min(top, n));
        CHECK(cut.supported == n);
        for (std::size_t i = 0; i < cut.differential.size(); ++i) {
          CAPTURE(i);
          CHECK(cut.differential[i].condition == full.differential[i].condition);
          CHECK(cut.differential[i].log_score == full.differential[i].log_score);
          CHECK(cut.differential[i].score == full.differential[i].score);
        }
        CHECK(cut.fired_rules == full.fired_rules);
      }
    }
  }

  TEST_CASE("triage is the most urgent raised flag and flags are ordered most urgent first") {
    const auto& kb = sample_kb();
    const auto r = kb.diagnose(make_case(kb, {"sign.calf_warm_red"}, {}, {{"pain_score", 9}}));
    CHECK(r.triage == triage_level::urgent_care);
    REQUIRE(r.flags.size() == 2);
    CHECK(r.flags[0].id == "possible_dvt");
    CHECK(r.flags[0].because == std::vector<std::string>{"sign.calf_warm_red"});
    CHECK(r.flags[1].id == "stop_running");
    CHECK(r.flags[1].rule == "sample/shin.ddx:56");
    CHECK(kb.diagnose(make_case(kb, {"loc.lateral_knee"})).triage == triage_level::self_care);
  }

  TEST_CASE("the same case gives the same result, whatever order its findings came in") {
    const auto& kb = sample_kb();
    diagnose_options o;
    o.trace = true;
    const auto a = kb.diagnose(busy_case(kb), o);
    const auto b = kb.diagnose(make_case(kb, {"sym.swelling_marked", "hist.mileage_jump", "loc.medial_shin", "trig.stairs",
                                              "loc.anterior_knee", "time.worsens_as_run_continues", "loc.lateral_knee"},
                                         {}, {{"pain_score", 8}}),
                               o);
    REQUIRE(a.differential.size() == b.differential.size());
    for (std::size_t i = 0; i < a.differential.size(); ++i) {
      CHECK(a.differential[i].id == b.differential[i].id);
      CHECK(a.differential[i].score == b.differential[i].score);
    }
    REQUIRE(a.trace.size() == b.trace.size());
    for (std::size_t i = 0; i < a.trace.size(); ++i) CHECK(a.trace[i].rule_id == b.trace[i].rule_id);
    CHECK(a.next_questions.size() == b.next_questions.size());
  }

  TEST_CASE("two threads diagnosing the same knowledge base get identical results") {
    const auto& kb = sample_kb();
    const auto expected = kb.diagnose(busy_case(kb));
    std::vector<std::string> seen[2];
    auto work = [&](int t) {
      for (int i = 0; i < 200; ++i) {
        const auto r = kb.diagnose(busy_case(kb));
        std::string line;
        for (const auto& c : r.differential) line += c.id + ":" + std::to_string(c.score) + " ";
        seen[t].push_back(line);
      }
    };
    std::thread a(work, 0), b(work, 1);
    a.join();
    b.join();
    std::string want;
    for (const auto& c : expected.differential) want += c.id + ":" + std::to_string(c.score) + " ";
    for (const auto& s : seen)
      for (const auto& line : s) CHECK(line == want);
  }

  TEST_CASE("the fast path ranks with dense indices that map back to ids") {
    const auto& kb = sample_kb();
    inference_scratch scratch;
    raw_ranking raw;
    kb.rank(busy_case(kb), scratch, raw, 2);
    const auto full = kb.diagnose(busy_case(kb));
    REQUIRE(raw.differential.size() == 2);
    CHECK(raw.supported == 4);
    CHECK(kb.condition_id(raw.differential[0].condition) == full.differential[0].id);
    CHECK(raw.differential[0].score == full.differential[0].score);
    CHECK(raw.triage == full.triage);
    CHECK_FALSE(raw.fired_rules.empty());
    CHECK(kb.finding_id(*kb.finding_index("loc.medial_shin")) == "loc.medial_shin");
  }

  TEST_CASE("next questions are unknown findings that separate the leaders, best first") {
    const auto& kb = sample_kb();
    const auto r = kb.diagnose(make_case(kb, {"loc.medial_shin", "hist.mileage_jump"}));
    REQUIRE_FALSE(r.next_questions.empty());
    CHECK(r.next_questions.size() <= 3);
    for (std::size_t i = 1; i < r.next_questions.size(); ++i) CHECK(r.next_questions[i - 1].value >= r.next_questions[i].value);
    for (const auto& q : r.next_questions) {
      CHECK(q.finding != "loc.medial_shin");
      CHECK(q.finding != "hist.mileage_jump");
      CHECK(q.value > 0);
    }
  }
}

}  // namespace
}  // namespace ddx::engine::testing
