// tests/engine/unless_test.cpp: a rule's `unless` (docs/language.md "rule"): it stops the rule only when it is known
// true, through facts settled first; what the trace and `explain` say of a stopped rule; inference with every speed
// trick on or off against a plain fixpoint over the model; the next questions from the case's state against the rerun.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <set>
#include <string>

#include "engine/compile/network.hpp"
#include "engine/rank/diagnosis.hpp"
#include "engine/rank/next_question.hpp"
#include "engine/rank/score.hpp"
#include "sample.hpp"
#include "support/number_text.hpp"

namespace ddx::engine::testing {
namespace {

const knowledge_base& unless_kb() {
  static const load_result r = load_texts({{"unless.ddx", R"(knowledge_base "unless"
  version "1"
  regions knee
value age "Age"
  range 0 to 120
finding sym.bruise symptom "Bruise"
finding sym.toe symptom "Toe"
finding sym.nail symptom "Nail"
finding sym.a symptom "A"
finding sym.b symptom "B"
condition c_one "One"
  region knee
  prior common
condition c_two "Two"
  region knee
  prior common
fact minor_toe "Minor toe bruise"
fact flagged "Flagged"
flag bruising "Bruising"
  level urgent_care
rule r_flag "Bruising, unless a minor toe bruise"
  when sym.bruise
  unless minor_toe
  then raise bruising, assert flagged
rule r_minor "Toe and nail"
  when sym.toe and sym.nail
  then assert minor_toe
rule r_after "Reads the flagged fact"
  when flagged
  then for c_one strong
rule r_direct "A, unless B or older"
  when sym.a
  unless sym.b or age >= 60
  then for c_two strong
rule r_absent "A, unless the nail is known fine"
  when sym.a
  unless not sym.nail
  then against c_one weak
)"}});
  INFO(grammar::format_diagnostics(r.diags, r.sources));
  REQUIRE(r.kb);
  return *r.kb;
}

diagnosis_result traced(const knowledge_base& kb, const resolved_case& c) {
  diagnose_options o;
  o.trace = true;
  o.next_questions = false;
  return kb.diagnose(c, o);
}

const trace_step* step_of(const diagnosis_result& r, const std::string& rule) {
  for (const auto& s : r.trace)
    if (s.rule_id == rule) return &s;
  return nullptr;
}

/// 'T', 'F' or 'U' for a rule's trace outcome ('U' also when it was never evaluated).
char outcome_of(const diagnosis_result& r, const std::string& rule) {
  const trace_step* s = step_of(r, rule);
  if (s == nullptr) return 'U';
  return s->outcome == truth::truth_ ? 'T' : s->outcome == truth::falsehood ? 'F' : 'U';
}

bool raised(const diagnosis_result& r, const std::string& flag) {
  return std::any_of(r.flags.begin(), r.flags.end(), [&](const raised_flag& f) { return f.id == flag; });
}

using strings = std::vector<std::string>;

}  // namespace

TEST_SUITE("engine.unless") {
  TEST_CASE("a rule fires when its when is true and its unless is false or unknown, never when it is true") {
    const auto& kb = unless_kb();
    struct row {
      strings present, absent;
      std::vector<std::pair<std::string, double>> values;
      char expected;
    };
    const row rows[] = {
        {{"sym.a"}, {"sym.b"}, {{"age", 30}}, 'T'},  // unless false
        {{"sym.a"}, {}, {}, 'T'},                     // unless unknown: fires all the same
        {{"sym.a"}, {"sym.b"}, {}, 'T'},              // unless unknown (age unknown, sym.b absent)
        {{"sym.a", "sym.b"}, {}, {}, 'F'},            // unless true
        {{"sym.a"}, {"sym.b"}, {{"age", 70}}, 'F'},   // unless true through a comparison
        {{"sym.b"}, {}, {}, 'F'},                     // when unknown, unless true: false
        {{}, {"sym.a", "sym.b"}, {}, 'F'},            // when false
        {{}, {"sym.b"}, {}, 'U'},                     // when unknown, unless unknown
    };
    for (const auto& r : rows) {
      CAPTURE(r.present.size());
      CAPTURE(r.absent.size());
      CAPTURE(r.values.size());
      const auto d = traced(kb, make_case(kb, r.present, r.absent, r.values));
      CHECK(outcome_of(d, "r_direct") == r.expected);
      const bool listed = std::any_of(d.differential.begin(), d.differential.end(),
                                      [](const ranked_condition& c) { return c.id == "c_two"; });
      CHECK(listed == (r.expected == 'T'));
    }
  }

  TEST_CASE("facts an unless reads are settled before the rule, and a stopped rule's fact is false") {
    const auto& kb = unless_kb();
    // The exception holds: no flag, `flagged` false (its one asserter is false), so its reader is false too.
    auto d = traced(kb, make_case(kb, {"sym.bruise", "sym.toe", "sym.nail"}));
    CHECK_FALSE(raised(d, "bruising"));
    CHECK(outcome_of(d, "r_flag") == 'F');
    CHECK(outcome_of(d, "r_after") == 'F');
    // r_minor comes first although it is declared after r_flag.
    const auto minor = std::find_if(d.trace.begin(), d.trace.end(), [](const trace_step& s) { return s.rule_id == "r_minor"; });
    const auto flag = std::find_if(d.trace.begin(), d.trace.end(), [](const trace_step& s) { return s.rule_id == "r_flag"; });
    REQUIRE(minor != d.trace.end());
    REQUIRE(flag != d.trace.end());
    CHECK(minor < flag);
    const trace_step* stopped = step_of(d, "r_flag");
    CHECK(stopped->blocked_by_unless == strings{"minor_toe"});
    CHECK(stopped->blocked_by_unless_absent.empty());
    CHECK(stopped->waiting_for.empty());
    CHECK(stopped->blocking.empty());
    // The exception unknown (the nail not reported) or false: the red flag is raised.
    for (const auto& absent : {strings{}, strings{"sym.nail"}}) {
      d = traced(kb, make_case(kb, {"sym.bruise", "sym.toe"}, absent));
      CHECK(raised(d, "bruising"));
      CHECK(outcome_of(d, "r_flag") == 'T');
      CHECK(step_of(d, "r_flag")->blocked_by_unless.empty());
      CHECK(outcome_of(d, "r_after") == 'T');
      CHECK(d.derived_facts == strings{"flagged"});
    }
  }

  TEST_CASE("the trace and explain report a rule stopped by its unless with what made the unless true") {
    const auto& kb = unless_kb();
    // `unless not sym.nail` holds because the nail is absent.
    const auto c = make_case(kb, {"sym.a"}, {"sym.nail"});
    const auto d = traced(kb, c);
    const trace_step* s = step_of(d, "r_absent");
    REQUIRE(s != nullptr);
    CHECK(s->outcome == truth::falsehood);
    CHECK(s->blocked_by_unless == strings{"sym.nail"});
    CHECK(s->blocked_by_unless_absent == strings{"sym.nail"});
    const auto x = kb.explain(c, "c_one");
    REQUIRE(x.has_value());
    const auto r = std::find_if(x->rules.begin(), x->rules.end(), [](const rule_status& st) { return st.rule_id == "r_absent"; });
    REQUIRE(r != x->rules.end());
    CHECK(r->outcome == truth::falsehood);
    CHECK(r->satisfied == strings{"sym.a"});
    CHECK(r->blocked_by_unless == strings{"sym.nail"});
    CHECK(r->blocked_by_unless_absent == strings{"sym.nail"});
    // A rule whose `when` is still unknown but whose `unless` holds is stopped, not waiting.
    const auto y = kb.explain(make_case(kb, {"sym.b"}), "c_two");
    REQUIRE(y.has_value());
    REQUIRE(y->rules.size() == 1);
    CHECK(y->rules[0].outcome == truth::falsehood);
    CHECK(y->rules[0].waiting_for.empty());
    CHECK(y->rules[0].blocked_by_unless == strings{"sym.b"});
    CHECK(y->summary ==
          "`c_two` is not in the differential: 0 rules for it and 0 rules against it fired, and 0 are waiting for unknown "
          "findings; 1 rule is stopped by its `unless`");
    // An unknown `unless` leaves the rule to its `when`: it fires and is reported as any fired rule.
    const auto z = kb.explain(make_case(kb, {"sym.a"}), "c_two");
    REQUIRE(z.has_value());
    CHECK(z->rules[0].outcome == truth::truth_);
    CHECK(z->rules[0].satisfied == strings{"sym.a"});
    CHECK(z->rules[0].blocked_by_unless.empty());
    const auto e = traced(kb, make_case(kb, {"sym.a"}));
    CHECK(step_of(e, "r_direct")->because == strings{"sym.a"});
  }

  TEST_CASE("inference with unless rules matches a plain fixpoint over the model, with every speed trick on or off") {
    constexpr std::size_t findings = 40, conditions = 8, facts = 10;
    std::mt19937 random(20261207);
    const auto pick = [&](std::size_t n) { return static_cast<std::size_t>(random() % n); };
    std::string text = "knowledge_base \"u\"\n  version \"1\"\n  regions knee\nvalue age \"Age\"\n  range 0 to 120\n"
                       "flag urgent \"U\"\n  level urgent_care\n";
    for (std::size_t f = 0; f < findings; ++f) text += "finding f.n" + std::to_string(f) + " symptom \"F\"\n";
    for (std::size_t c = 0; c < conditions; ++c) text += "condition c" + std::to_string(c) + " \"C\"\n  region knee\n  prior common\n";
    for (std::size_t k = 0; k < facts; ++k) text += "fact d" + std::to_string(k) + " \"D\"\n";
    // Facts e0..e2 are a red flag's safety exceptions: asserted under an `unless`, read only by flag-raising rules, so
    // they reach no score and the answers they read are not marked for the rerun (compiled_kb::unless_findings).
    for (int k = 0; k < 3; ++k) text += "fact e" + std::to_string(k) + " \"E\"\n";
    const auto f = [&] { return "f.n" + std::to_string(pick(findings)); };
    // Facts and `unless`es read the first half of the findings only, so that the answers on the other half are
    // simulated from the case's state (compiled_kb::unless_findings).
    const auto g = [&] { return "f.n" + std::to_string(pick(findings / 2)); };
    const auto c = [&] { return "c" + std::to_string(pick(conditions)); };
    const auto lr = [&] { return std::to_string(1 + pick(20)) + "." + std::to_string(1 + pick(9)); };
    // Facts d0..d9 are asserted from findings and lower facts only, so there is no cycle.
    const auto lower_fact = [&](std::size_t k) { return "d" + std::to_string(pick(k)); };
    std::size_t rules = 0;
    const auto head = [&] { return "rule r" + std::to_string(rules++) + " \"R\"\n  when "; };
    for (std::size_t k = 0; k < facts; ++k) {
      for (int n = 0; n < 3; ++n) {
        const std::string unless = k > 0 && pick(2) ? lower_fact(k) + " or " + g() : g() + " and not " + g();
        text += head() + g() + (pick(2) ? " or " + g() : "") + "\n  unless " + unless + "\n  then assert d" + std::to_string(k) + "\n";
        text += head() + g() + " and " + g() + "\n  then assert d" + std::to_string(k) + "\n";
      }
    }
    for (int k = 0; k < 3; ++k) {
      const std::string e = "e" + std::to_string(k);
      text += head() + f() + " or " + f() + "\n  unless " + f() + "\n  then assert " + e + "\n";
      text += head() + f() + "\n  unless " + e + " or " + f() + "\n  then raise urgent\n";
    }
    for (int n = 0; n < 250; ++n) {
      switch (pick(6)) {
        case 0: text += head() + f() + "\n  unless " + g() + "\n  then for " + c() + " lr " + lr() + "\n"; break;
        case 1: text += head() + f() + " and " + f() + "\n  unless " + lower_fact(facts) + "\n  then for " + c() + " lr " + lr() + "\n"; break;
        case 2: text += head() + lower_fact(facts) + "\n  unless not " + g() + " or age >= 50\n  then against " + c() + " lr 0.5\n"; break;
        case 3: text += head() + f() + " or " + f() + "\n  unless at least 2 of (" + f() + ", " + f() + ", " + lower_fact(facts) + ")\n  then raise urgent\n"; break;
        case 4: text += head() + f() + "\n  then for " + c() + " lr " + lr() + "\n"; break;
        default: text += head() + f() + " and not " + f() + "\n  unless " + g() + "\n  then for " + c() + " lr " + lr() + "\n"; break;
      }
    }
    load_options no_lints;
    no_lints.lints = false;
    const load_result loaded = load_texts({{"u.ddx", text}}, no_lints);
    INFO(grammar::format_diagnostics(loaded.diags, loaded.sources).substr(0, 2000));
    REQUIRE(loaded.kb);
    const compiled_kb& kb = loaded.kb->impl();
    const model& m = kb.m;

    // The plain reference: every rule evaluated on the model's expressions until nothing changes (the facts are
    // acyclic, so as many rounds as there are facts, plus one, reach the one fixpoint).
    struct reference {
      std::vector<std::uint8_t> finding, fact;
      std::optional<double> age;
      std::uint8_t eval(const model_expr& e) const {
        using K = model_expr::kind;
        switch (e.k) {
          case K::finding: return finding[e.ref];
          case K::fact: return fact[e.ref];
          case K::compare: return !age ? k_unknown : compare(*age, e.op, e.number) ? k_true : k_false;
          case K::not_: return static_cast<std::uint8_t>(k_true - eval(e.children[0]));
          case K::and_: {
            std::uint8_t v = k_true;
            for (const auto& x : e.children) v = std::min(v, eval(x));
            return v;
          }
          case K::or_: {
            std::uint8_t v = k_false;
            for (const auto& x : e.children) v = std::max(v, eval(x));
            return v;
          }
          case K::at_least: {
            std::uint32_t yes = 0, maybe = 0;
            for (const auto& x : e.children) {
              yes += eval(x) == k_true;
              maybe += eval(x) == k_unknown;
            }
            return yes >= e.n ? k_true : yes + maybe < e.n ? k_false : k_unknown;
          }
        }
        return k_unknown;
      }
      std::uint8_t rule(const model_rule& r) const {
        const std::uint8_t w = eval(r.when);
        if (w == k_false) return k_false;
        return r.unless && eval(*r.unless) == k_true ? k_false : w;
      }
    };

    detail::scratch_state plain;
    plain.bind(kb);
    detail::chain_tuning off = plain.tuning;
    off.pair_gates = off.fetch_findings_ahead = off.dense_conditions = false;
    plain.tune(off);
    detail::scratch_state tuned[3];
    for (int t = 0; t < 3; ++t) {
      tuned[t].bind(kb);
      detail::chain_tuning on = off;
      on.pair_gates = t != 1;
      on.fetch_findings_ahead = t != 0;
      on.dense_conditions = t == 2;
      tuned[t].tune(on);
    }
    std::size_t stopped = 0, questions = 0;
    detail::question_search_stats question_stats;
    detail::scratch_state asking;
    for (std::size_t n = 0; n < 400; ++n) {
      CAPTURE(n);
      resolved_case rc;
      reference ref{std::vector<std::uint8_t>(findings, k_unknown), std::vector<std::uint8_t>(m.facts.size(), k_unknown), {}};
      const std::size_t known = pick(16);
      for (std::size_t i = 0; i < known; ++i) {
        const auto at = static_cast<finding_id>(pick(findings));
        if (ref.finding[at] != k_unknown) continue;
        const bool present = pick(3) != 0;
        ref.finding[at] = present ? k_true : k_false;
        (present ? rc.present : rc.absent).push_back(at);
      }
      if (pick(2)) {
        ref.age = static_cast<double>(pick(100));
        rc.values.emplace_back(0, *ref.age);
      }
      std::sort(rc.present.begin(), rc.present.end());
      std::sort(rc.absent.begin(), rc.absent.end());
      for (std::size_t round = 0; round <= m.facts.size(); ++round) {
        std::vector<std::uint8_t> next(m.facts.size(), k_unknown);
        std::vector<bool> any_true(m.facts.size(), false), all_false(m.facts.size(), true);
        for (const auto& r : m.rules)
          for (const auto& e : r.effects)
            if (e.k == model_effect::kind::assert_fact) {
              const auto v = ref.rule(r);
              any_true[e.target] = any_true[e.target] || v == k_true;
              all_false[e.target] = all_false[e.target] && v == k_false;
            }
        for (std::size_t k = 0; k < next.size(); ++k) next[k] = any_true[k] ? k_true : all_false[k] ? k_false : k_unknown;
        ref.fact = next;
      }
      std::vector<double> want_log(m.conditions.size());
      for (std::size_t k = 0; k < want_log.size(); ++k) want_log[k] = kb.log_prior[k];
      std::set<std::uint32_t> want_fired;
      bool want_flag = false;
      for (std::uint32_t r = 0; r < m.rules.size(); ++r) {
        const auto v = ref.rule(m.rules[r]);
        stopped += m.rules[r].unless && ref.eval(m.rules[r].when) == k_true && v == k_false;
        if (v != k_true) continue;
        want_fired.insert(r);
        for (const auto& e : m.rules[r].effects) {
          if (e.k == model_effect::kind::support || e.k == model_effect::kind::oppose) want_log[e.target] += std::log(e.lr);
          want_flag = want_flag || e.k == model_effect::kind::raise_flag;
        }
      }
      std::vector<fact_id> want_facts;
      for (fact_id k = 0; k < ref.fact.size(); ++k)
        if (ref.fact[k] == k_true) want_facts.push_back(k);

      raw_ranking base;
      detail::rank_case(kb, rc, plain, std::nullopt, base);
      for (int t = -1; t < 3; ++t) {
        CAPTURE(t);
        detail::scratch_state& s = t < 0 ? plain : tuned[t];
        raw_ranking got;
        detail::rank_case(kb, rc, s, std::nullopt, got);
        std::set<std::uint32_t> fired;
        for (auto r : got.fired_rules) fired.insert(kb.rules[r].model_index);  // rank_case moves s.fired there
        std::string diff;
        for (auto r : fired)
          if (!want_fired.count(r)) diff += " +" + std::string(m.rules[r].id);
        for (auto r : want_fired)
          if (!fired.count(r)) diff += " -" + std::string(m.rules[r].id);
        CAPTURE(diff);
        CHECK(fired == want_fired);
        std::vector<fact_id> facts_now = s.true_facts;
        std::sort(facts_now.begin(), facts_now.end());
        CHECK(facts_now == want_facts);
        CHECK(got.flags.empty() == !want_flag);
        for (condition_id k = 0; k < m.conditions.size(); ++k) CHECK(log_score(kb, s, k) == doctest::Approx(want_log[k]));
        CHECK(got.log_z == doctest::Approx(base.log_z));  // dense condition slots sum in another order
        CHECK(got.fired_rules == base.fired_rules);
      }
      // The next questions from the case's state (with the answers an `unless` reads rerun) are the rerun's.
      if (n % 2 == 0) {
        const auto fast = detail::next_questions(kb, rc, base, asking, 6, &question_stats);
        const auto rerun = detail::next_questions_rerun(kb, rc, base, asking, 6);
        REQUIRE(fast.size() == rerun.size());
        for (std::size_t i = 0; i < fast.size(); ++i) {
          CHECK(fast[i].finding == rerun[i].finding);
          CHECK(support::plain_number(fast[i].value) == support::plain_number(rerun[i].value));
        }
        questions += !fast.empty();
      }
    }
    CHECK(stopped > 100);  // the cases exercise the exception, not only rules that never meet it
    CHECK(questions > 50);
    CHECK(question_stats.rerun > 0);
    CHECK(question_stats.from_state > 0);
  }

  TEST_CASE("next questions from the case's state equal the rerun's when rules have an unless") {
    const auto& kb = unless_kb();
    const auto printed = [](const std::vector<next_question>& qs) {
      std::string out;
      for (const auto& q : qs) out += q.finding + " " + support::plain_number(q.value) + "\n";
      return out;
    };
    const char* ids[] = {"sym.bruise", "sym.toe", "sym.nail", "sym.a", "sym.b"};
    std::size_t reruns = 0, compared = 0;
    // Every case of present / absent / unknown over the five findings, with and without an age.
    for (int code = 0; code < 243; ++code) {
      strings present, absent;
      for (int i = 0, x = code; i < 5; ++i, x /= 3) {
        if (x % 3 == 1) present.push_back(ids[i]);
        if (x % 3 == 2) absent.push_back(ids[i]);
      }
      for (const bool with_age : {false, true}) {
        CAPTURE(code);
        CAPTURE(with_age);
        std::vector<std::pair<std::string, double>> values;
        if (with_age) values.emplace_back("age", 65);
        const auto c = make_case(kb, present, absent, values);
        detail::scratch_state s;
        s.bind(kb.impl());
        raw_ranking raw;
        detail::rank_case(kb.impl(), c, s, std::nullopt, raw);
        detail::question_search_stats stats;
        const auto fast = printed(detail::next_questions(kb.impl(), c, raw, s, 8, &stats));
        const auto rerun = printed(detail::next_questions_rerun(kb.impl(), c, raw, s, 8));
        CHECK(fast == rerun);
        reruns += stats.rerun;
        compared += !fast.empty();
      }
    }
    CHECK(compared > 20);
    CHECK(reruns > 0);  // the answers an `unless` reads take the rerun
    // Only findings an `unless` reads, directly or through its facts, are marked.
    const auto& marks = kb.impl().unless_findings;
    REQUIRE(marks.size() == 5);
    strings marked;
    for (std::uint32_t f = 0; f < marks.size(); ++f)
      if (marks[f]) marked.push_back(kb.finding_id(f));
    std::sort(marked.begin(), marked.end());
    CHECK(marked == strings{"sym.b", "sym.nail", "sym.toe"});
  }

  TEST_CASE("a fact that only a flag reads marks no answer for the rerun; one that reaches a score does") {
    const std::string head = R"(knowledge_base "marks"
  version "1"
  regions knee
finding sym.bruise symptom "Bruise"
finding sym.toe symptom "Toe"
finding sym.knock symptom "Knock"
finding sym.elsewhere symptom "Elsewhere"
condition c_one "One"
  region knee
  prior common
fact minor_toe "Minor toe bruise"
flag bruising "Bruising"
  level stop_and_assess
rule r_minor "A knocked toe, unless there is pain elsewhere"
  when sym.toe and sym.knock
  unless sym.elsewhere
  then assert minor_toe
rule r_flag "Bruising, unless a minor toe bruise"
  when sym.bruise
  unless minor_toe
  then raise bruising
rule r_toe "Toe pain"
  when sym.toe
  then for c_one strong
)";
    const auto marked = [](const std::string& text) {
      const load_result r = load_texts({{"marks.ddx", text}});
      INFO(grammar::format_diagnostics(r.diags, r.sources));
      REQUIRE(r.kb);
      const auto& marks = r.kb->impl().unless_findings;
      strings out;
      for (std::uint32_t f = 0; f < marks.size(); ++f)
        if (marks[f]) out.push_back(r.kb->finding_id(f));
      std::sort(out.begin(), out.end());
      return out;
    };
    CHECK(marked(head).empty());  // minor_toe reaches only the flag
    // Once a scoring rule reads the fact, the `unless` that can stop its asserter matters; the flag's does not.
    CHECK(marked(head + "rule r_reads \"Reads the fact\"\n  when minor_toe\n  then against c_one weak\n") ==
          strings{"sym.elsewhere"});
  }
}

}  // namespace ddx::engine::testing
