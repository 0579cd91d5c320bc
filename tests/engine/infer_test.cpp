// tests/engine/infer_test.cpp: three-valued logic, forward chaining through facts, fact falsity, locality.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>

#include "engine/compile/network.hpp"
#include "engine/rank/diagnosis.hpp"
#include "engine/rank/score.hpp"
#include "sample.hpp"

namespace ddx::engine::testing {
namespace {

const knowledge_base& logic_kb() {
  static const load_result r = load_texts({{"logic.ddx", R"(knowledge_base "logic"
  version "1"
  regions knee
finding a.x symptom "A"
finding b.x symptom "B"
finding c.x symptom "C"
fact f_and "and"
fact f_or "or"
fact f_not "not"
fact f_two "two of three"
rule r_and "a and b"
  when a.x and b.x
  then assert f_and
rule r_or "a or b"
  when a.x or b.x
  then assert f_or
rule r_not "not a"
  when not a.x
  then assert f_not
rule r_two "at least 2 of a, b, c"
  when at least 2 of (a.x, b.x, c.x)
  then assert f_two
)"}});
  return *r.kb;
}

/// 'T' present, 'F' absent, 'U' not mentioned.
resolved_case case_of(const knowledge_base& kb, std::string_view states) {
  std::vector<std::string> present, absent;
  const char* ids[] = {"a.x", "b.x", "c.x"};
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (states[i] == 'T') present.push_back(ids[i]);
    if (states[i] == 'F') absent.push_back(ids[i]);
  }
  return make_case(kb, present, absent);
}

/// 'T', 'F' or 'U': the rule's outcome in the trace ('U' when it was never reached).
char outcome(const knowledge_base& kb, const resolved_case& c, const std::string& rule) {
  diagnose_options o;
  o.trace = true;
  o.next_questions = false;
  for (const auto& s : kb.diagnose(c, o).trace)
    if (s.rule_id == rule) return s.outcome == truth::truth_ ? 'T' : s.outcome == truth::falsehood ? 'F' : 'U';
  return 'U';
}

struct row {
  const char* states;
  char expected;
};

void check_table(const std::string& rule, const std::vector<row>& rows) {
  for (const auto& r : rows) {
    CAPTURE(rule);
    CAPTURE(r.states);
    CHECK(outcome(logic_kb(), case_of(logic_kb(), r.states), rule) == r.expected);
  }
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

TEST_SUITE("engine.infer") {
  TEST_CASE("not follows Kleene's table") { check_table("r_not", {{"T", 'F'}, {"F", 'T'}, {"U", 'U'}}); }

  TEST_CASE("and follows Kleene's table") {
    check_table("r_and", {{"TT", 'T'}, {"TF", 'F'}, {"TU", 'U'}, {"FT", 'F'}, {"FF", 'F'}, {"FU", 'F'},
                          {"UT", 'U'}, {"UF", 'F'}, {"UU", 'U'}});
  }

  TEST_CASE("or follows Kleene's table") {
    check_table("r_or", {{"TT", 'T'}, {"TF", 'T'}, {"TU", 'T'}, {"FT", 'T'}, {"FF", 'F'}, {"FU", 'U'},
                         {"UT", 'T'}, {"UF", 'U'}, {"UU", 'U'}});
  }

  TEST_CASE("at least N of is true with N true items, false when even all unknowns cannot reach N") {
    check_table("r_two", {{"TTU", 'T'}, {"TFT", 'T'}, {"TUU", 'U'}, {"TFU", 'U'}, {"TFF", 'F'}, {"FFU", 'F'},
                          {"UUU", 'U'}});
  }

  TEST_CASE("forward chaining runs through two facts to a condition") {
    const auto& kb = sample_kb();
    const auto r = kb.diagnose(make_case(kb, {"hist.mileage_jump", "time.worsens_as_run_continues", "sign.bony_tender"}));
    CHECK(r.derived_facts == std::vector<std::string>{"load_spike", "overuse_pattern"});
    REQUIRE_FALSE(r.differential.empty());
    CHECK(r.differential.front().id == "stress_fracture");
    CHECK(r.differential.front().evidence_for.front().rule_id == "fracture_bone_overuse");
    CHECK(r.differential.front().evidence_for.front().because == std::vector<std::string>{"overuse_pattern", "sign.bony_tender"});
  }

  TEST_CASE("a chain of derived facts deeper than 65,535 levels still reaches its condition") {
    // Levels and thresholds once were 16-bit: rules past level 65,535 landed in an early bucket and never ran.
    constexpr int depth = 66000;
    std::string text = "finding f.start symptom \"start\"\n";
    for (int i = 0; i < depth; ++i) text += "fact x" + std::to_string(i) + " \"x\"\n";
    text += "rule r0 \"x\"\n  when f.start\n  then assert x0\n";
    for (int i = 1; i < depth; ++i)
      text += "rule r" + std::to_string(i) + " \"x\"\n  when x" + std::to_string(i - 1) + "\n  then assert x" + std::to_string(i) + "\n";
    text += "rule r_end \"x\"\n  when x" + std::to_string(depth - 1) + "\n  then for itbs strong\n";
    const auto loaded = load_with(text);
    REQUIRE(loaded.kb);
    diagnose_options options;
    options.next_questions = false;
    const auto r = loaded.kb->diagnose(make_case(*loaded.kb, {"f.start"}), options);
    REQUIRE(r.differential.size() == 1);
    CHECK(r.differential[0].id == "itbs");
    CHECK(r.derived_facts.size() == static_cast<std::size_t>(depth));
  }

  TEST_CASE("a fact is false only when every rule that asserts it evaluated false") {
    const auto& kb = sample_kb();
    diagnose_options o;
    o.trace = true;
    // load_spike has two asserters; with only one known false, `not load_spike` stays unknown.
    auto one = kb.diagnose(make_case(kb, {"loc.medial_shin"}, {"hist.mileage_jump"}), o);
    auto fired = [](const diagnosis_result& r, const std::string& id) {
      return std::any_of(r.trace.begin(), r.trace.end(), [&](const trace_step& s) { return s.rule_id == id && s.outcome == truth::truth_; });
    };
    CHECK_FALSE(fired(one, "mtss_without_load"));
    auto both = kb.diagnose(make_case(kb, {"loc.medial_shin"}, {"hist.mileage_jump", "hist.new_shoes"}), o);
    CHECK(fired(both, "mtss_without_load"));
  }

  TEST_CASE("a fact asserted by any rule is true even when its other asserters are false") {
    const auto& kb = sample_kb();
    auto r = kb.diagnose(make_case(kb, {"hist.new_shoes"}, {"hist.mileage_jump", "sym.swelling_marked"}));
    CHECK(r.derived_facts == std::vector<std::string>{"load_spike"});
  }

  TEST_CASE("setting every condition's slot at the start of a case ranks as touching slots one by one does") {
    // A small knowledge base starts each case with every condition at its prior (chain_tuning::dense_conditions);
    // a large one touches a condition's slot when its first evidence comes. Same answers either way.
    static const load_result bundled = load({DDX_SOURCE_DIR "/kb"});
    REQUIRE(bundled.kb);
    const auto& kb = *bundled.kb;
    const std::vector<std::vector<std::string>> cases = {
        {"loc.lateral_knee", "time.worsens_as_run_continues", "trig.downhill_running"},
        {"loc.calf_belly", "flag.calf_warm_red_swollen", "sym.swelling_marked"},
        {"loc.medial_shin", "sign.diffuse_bone_border_tenderness", "trig.sudden_mileage_increase", "loc.anterior_knee"},
        {}};
    for (const auto& present : cases) {
      CAPTURE(present.size());
      const auto c = make_case(kb, present, {"sym.swelling_mild"}, {{"pain_score", 7}});
      REQUIRE(c.present.size() == present.size());
      REQUIRE(c.absent.size() == 1);
      raw_ranking want, got;
      detail::scratch_state dense;
      detail::rank_case(kb.impl(), c, dense, std::nullopt, want);
      REQUIRE(dense.tuning.dense_conditions);
      detail::scratch_state sparse;
      sparse.bind(kb.impl());
      auto tuning = sparse.tuning;
      tuning.dense_conditions = false;
      sparse.tune(tuning);
      detail::rank_case(kb.impl(), c, sparse, std::nullopt, got);
      REQUIRE(got.differential.size() == want.differential.size());
      for (std::size_t i = 0; i < got.differential.size(); ++i) {
        CAPTURE(i);
        CHECK(got.differential[i].condition == want.differential[i].condition);
        CHECK(got.differential[i].log_score == want.differential[i].log_score);
        CHECK(got.differential[i].score == doctest::Approx(want.differential[i].score).epsilon(1e-12));
      }
      CHECK(got.log_z == doctest::Approx(want.log_z).epsilon(1e-12));
      CHECK(got.other_score == doctest::Approx(want.other_score).epsilon(1e-12));
      CHECK(got.flags == want.flags);
      CHECK(got.fired_rules == want.fired_rules);
      CHECK(sparse.touched_conditions().size() < dense.touched_conditions().size());
    }
  }

  TEST_CASE("a rule whose inputs the case does not mention is not evaluated") {
    const auto& kb = sample_kb();
    diagnose_options o;
    o.trace = true;
    const auto r = kb.diagnose(make_case(kb, {"loc.lateral_knee", "trig.downhill_running"}), o);
    std::vector<std::string> evaluated;
    for (const auto& s : r.trace) evaluated.push_back(s.rule_id);
    std::sort(evaluated.begin(), evaluated.end());
    CHECK(evaluated == std::vector<std::string>{"itbs_lateral_builds"});
    CHECK_FALSE(has(evaluated, "calf_clot"));
    CHECK_FALSE(has(evaluated, "severe_pain"));
  }

  TEST_CASE("because lists what held by absence separately") {
    const auto& kb = sample_kb();
    const auto r = kb.diagnose(make_case(kb, {"loc.anterior_knee"}, {"loc.lateral_knee"}));
    REQUIRE(r.differential.size() == 1);
    const auto& e = r.differential.front().evidence_for.front();
    CHECK(e.rule == "sample/knee.ddx:29");
    CHECK(e.because == std::vector<std::string>{"loc.anterior_knee", "loc.lateral_knee"});
    CHECK(e.because_absent == std::vector<std::string>{"loc.lateral_knee"});
  }

  TEST_CASE("a rule on two findings is decided when the first or second is set, as it needs, in either order") {
    // Pair rules (compiled_kb::reader_gate::pair) are scheduled from their other finding's slot with pair gates
    // (chain_tuning::pair_gates) and by counting their known inputs without: the same outcomes either way.
    load_options no_lints;
    no_lints.lints = false;
    const load_result r = load_texts({{"pairs.ddx", std::string(R"(knowledge_base "pairs"
  version "1"
  regions knee
finding a.x symptom "A"
finding b.x symptom "B"
finding c.x symptom "Filler"
condition c "C"
  region knee
  prior common
flag urgent "U"
  level urgent_care
rule p_and "a and b"
  when a.x and b.x
  then for c lr 3
rule p_and_not "b and not a"
  when b.x and not a.x
  then for c lr 2
rule p_neither "neither"
  when not b.x and not a.x
  then against c lr 0.5
rule p_two "two of a, b"
  when at least 2 of (a.x, b.x)
  then raise urgent
rule one_of "a or b: decided by either"
  when a.x or b.x
  then for c lr 1.5
rule same_twice "a and not a: not a pair"
  when a.x and not a.x
  then for c lr 4
fact both "both"
rule asserts "a and b, asserting: matters once either is known"
  when b.x and a.x
  then assert both
)")}},
                                            no_lints);
    REQUIRE(r.kb);
    const compiled_kb& kb = r.kb->impl();
    std::vector<std::string> pairs;
    for (std::size_t i = 0; i < kb.general_finding_readers.items.size(); ++i)
      if (kb.general_reader_gates[i].pair) pairs.push_back(std::string(kb.rule_id_of(kb.general_finding_readers.items[i])));
    std::sort(pairs.begin(), pairs.end());
    // Each pair rule is read through both its findings.
    CHECK(pairs == std::vector<std::string>{"asserts", "asserts", "one_of", "one_of", "p_and", "p_and", "p_and_not",
                                            "p_and_not", "p_neither", "p_neither", "p_two", "p_two"});
    // Pair gates are data in every knowledge base (the sample one has two-finding rules); inference reads them only
    // in a large one, where they save cache misses (chain_tuning::for_kb).
    CHECK(std::any_of(sample_kb().impl().general_reader_gates.begin(), sample_kb().impl().general_reader_gates.end(),
                      [](const auto& gate) { return gate.pair; }));
    CHECK_FALSE(detail::chain_tuning::for_kb(sample_kb().impl()).pair_gates);

    const finding_id a = *r.kb->finding_index("a.x"), b = *r.kb->finding_index("b.x");
    struct expected {
      const char* states;  ///< a, b: 'T' present, 'F' absent, 'U' not mentioned
      const char* outcomes;  ///< p_and, p_and_not, p_neither, p_two, one_of, same_twice, asserts ('U': not evaluated)
    } table[] = {
        {"TT", "TFFTTFT"}, {"TF", "FFFFTFF"}, {"FT", "FTFFTFF"}, {"FF", "FFTFFFF"}, {"TU", "UUUUTFU"},
        {"UT", "UUUUTUU"}, {"FU", "UUUUUFF"}, {"UF", "UUUUUUF"}, {"UU", "UUUUUUU"},
    };
    const char* rules[] = {"p_and", "p_and_not", "p_neither", "p_two", "one_of", "same_twice", "asserts"};
    for (const bool gates : {false, true}) {
      detail::scratch_state s;
      s.bind(kb);
      auto tuning = s.tuning;
      tuning.pair_gates = gates;
      s.tune(tuning);
      for (const auto& row : table)
        for (const bool b_first : {false, true}) {  // the order the case lists its findings in is the order they are set
          CAPTURE(gates);
          CAPTURE(std::string(row.states));
          CAPTURE(b_first);
          resolved_case c;
          const std::pair<finding_id, char> order[2] = {{b_first ? b : a, row.states[b_first ? 1 : 0]},
                                                        {b_first ? a : b, row.states[b_first ? 0 : 1]}};
          for (const auto& [f, state] : order) {
            if (state == 'T') c.present.push_back(f);
            if (state == 'F') c.absent.push_back(f);
          }
          diagnose_options o;
          o.trace = true;
          o.next_questions = false;
          raw_ranking raw;
          const auto d = detail::diagnose_case(kb, c, o, s, raw);
          std::string got;
          for (const char* rule : rules) {
            char x = 'U';
            for (const auto& step : d.trace)
              if (step.rule_id == rule) x = step.outcome == truth::truth_ ? 'T' : step.outcome == truth::falsehood ? 'F' : 'U';
            got += x;
          }
          CHECK(got == row.outcomes);
          CHECK((d.triage == triage_level::urgent_care) == (got[3] == 'T'));
          CHECK((d.derived_facts == std::vector<std::string>{"both"}) == (got[6] == 'T'));
        }
    }
  }

  TEST_CASE("pair gates and fetching each finding's rows ahead change no answer") {
    // From chain_tuning::large_from_rules rules on, inference schedules pair rules from their gates and sets the case's
    // findings in one loop that fetches the next finding's rows ahead; below it, it counts every reader's inputs and
    // sets findings in two plain loops. Every combination must give the same ranking, evidence, flags and facts, also
    // for a case that lists a finding twice or as both present and absent (the first mention wins).
    constexpr std::size_t findings = 300, conditions = 40;
    std::mt19937 random(20261206);
    const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
    std::string text = R"(knowledge_base "big"
  version "1"
  regions knee
flag urgent "U"
  level urgent_care
)";
    for (std::size_t f = 0; f < findings; ++f) text += "finding f.n" + std::to_string(f) + " symptom \"F\"\n";
    for (std::size_t c = 0; c < conditions; ++c) text += "condition c" + std::to_string(c) + " \"C\"\n  region knee\n  prior common\n";
    for (std::size_t k = 0; k < 20; ++k) text += "fact d" + std::to_string(k) + " \"D\"\n";
    const auto f = [&] { return "f.n" + std::to_string(pick(findings)); };
    const auto c = [&] { return "c" + std::to_string(pick(conditions)); };
    const auto lr = [&] { return std::to_string(1 + pick(40)) + "." + std::to_string(1 + pick(9)); };  // above 1
    for (std::size_t r = 0; r < detail::chain_tuning::large_from_rules + 500; ++r) {
      const std::string head = "rule r" + std::to_string(r) + " \"R\"\n  when ";
      switch (pick(8)) {
        case 0: text += head + f() + " and not " + f() + "\n  then for " + c() + " lr " + lr() + "\n"; break;
        case 1: text += head + "not " + f() + "\n  then against " + c() + " lr 0." + std::to_string(1 + pick(9)) + "\n"; break;
        case 2: text += head + f() + " and " + f() + "\n  then assert d" + std::to_string(pick(20)) + "\n"; break;
        case 3: text += head + "d" + std::to_string(pick(20)) + " and " + f() + "\n  then for " + c() + " lr " + lr() + "\n"; break;
        case 4: text += head + f() + " or " + f() + "\n  then raise urgent\n"; break;
        default: text += head + f() + "\n  then for " + c() + " lr " + lr() + "\n"; break;
      }
    }
    load_options no_lints;
    no_lints.lints = false;
    const load_result loaded = load_texts({{"big.ddx", text}}, no_lints);
    INFO(grammar::format_diagnostics(loaded.diags, loaded.sources).substr(0, 2000));
    REQUIRE(loaded.kb);
    const compiled_kb& kb = loaded.kb->impl();
    REQUIRE(detail::chain_tuning::for_kb(kb).pair_gates);
    REQUIRE(detail::chain_tuning::for_kb(kb).fetch_findings_ahead);
    detail::scratch_state plain;
    plain.bind(kb);
    detail::chain_tuning off = plain.tuning;
    off.pair_gates = off.fetch_findings_ahead = false;
    plain.tune(off);
    detail::scratch_state tuned[3];  // pair gates, rows fetched ahead, both
    for (int t = 0; t < 3; ++t) {
      tuned[t].bind(kb);
      detail::chain_tuning on = off;
      on.pair_gates = t != 1;
      on.fetch_findings_ahead = t != 0;
      tuned[t].tune(on);
    }
    for (std::size_t n = 0; n < 200; ++n) {
      resolved_case rc;
      const std::size_t present = pick(30), absent = pick(6);
      for (std::size_t i = 0; i < present; ++i) rc.present.push_back(static_cast<finding_id>(pick(findings)));
      for (std::size_t i = 0; i < absent; ++i) rc.absent.push_back(static_cast<finding_id>(pick(findings)));
      CAPTURE(n);
      raw_ranking want;
      detail::rank_case(kb, rc, plain, 10, want);
      for (int t = 0; t < 3; ++t) {
        CAPTURE(t);
        raw_ranking got;
        detail::rank_case(kb, rc, tuned[t], 10, got);
        REQUIRE(got.differential.size() == want.differential.size());
        for (std::size_t i = 0; i < got.differential.size(); ++i) {
          CHECK(got.differential[i].condition == want.differential[i].condition);
          CHECK(got.differential[i].log_score == want.differential[i].log_score);
        }
        CHECK(got.log_z == want.log_z);
        CHECK(got.supported == want.supported);
        CHECK(got.flags == want.flags);
        CHECK(got.fired_rules == want.fired_rules);
        CHECK(tuned[t].true_facts == plain.true_facts);
      }
    }
  }

  TEST_CASE("unused findings are the case findings no rule reads") {
    const auto& kb = sample_kb();
    const auto r = kb.diagnose(make_case(kb, {"demo.female", "loc.lateral_knee"}));
    CHECK(r.unused_findings == std::vector<std::string>{"demo.female"});
  }
}

}  // namespace
}  // namespace ddx::engine::testing
