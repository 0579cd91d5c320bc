// tests/engine/deadline_test.cpp: diagnose_options::deadline (engine/deadline.hpp): a deadline that has passed stops
// a diagnosis with deadline_exceeded and leaves the knowledge base and its pooled scratch states fit for the next
// call; one that does not fire changes no answer, on the fast path and through the plain rerun reference.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "bundled_kb_files.hpp"
#include "engine/compile/network.hpp"
#include "engine/kb.hpp"
#include "engine/rank/diagnosis.hpp"
#include "engine/rank/next_question.hpp"
#include "engine/rank/score.hpp"
#include "support/number_text.hpp"

namespace ddx::engine {
namespace {

using clock = std::chrono::steady_clock;

const knowledge_base& bundled() {
  static const load_result loaded = load_texts(testing::read_bundled_kb());
  return *loaded.kb;
}

/// What a result prints of its ranking and questions, enough to tell two answers apart.
std::string printed(const diagnosis_result& r) {
  std::string out = std::string(triage_name(r.triage)) + "\n";
  for (const auto& d : r.differential)
    out += d.id + " " + support::plain_number(d.score) + " " + std::to_string(d.evidence_for.size()) + "\n";
  for (const auto& q : r.next_questions) out += "? " + q.finding + " " + support::plain_number(q.value) + "\n";
  return out;
}

std::vector<resolved_case> bundled_cases() {
  std::vector<resolved_case> out;
  for (const auto& t : bundled().impl().m.tests) out.push_back({t.id, t.present, t.absent, t.values});
  return out;
}

TEST_CASE("a deadline that has passed stops a diagnosis, and the next one is answered as before") {
  const auto& kb = bundled();
  const auto cases = bundled_cases();
  REQUIRE(!cases.empty());
  const auto before = printed(kb.diagnose(cases.front()));
  diagnose_options late;
  late.deadline = clock::now() - std::chrono::milliseconds(1);
  for (const auto& c : cases) CHECK_THROWS_AS(kb.diagnose(c, late), deadline_exceeded);
  // The scratch states those calls borrowed are back in the pool without the deadline.
  CHECK(printed(kb.diagnose(cases.front())) == before);
  for (const auto& c : cases) CHECK_NOTHROW(kb.diagnose(c));
}

TEST_CASE("a deadline that does not fire changes no answer") {
  const auto& kb = bundled();
  diagnose_options far;
  far.deadline = clock::now() + std::chrono::hours(1);
  diagnose_options traced = far;
  traced.trace = true;
  diagnose_options traced_plain;
  traced_plain.trace = true;
  for (const auto& c : bundled_cases()) {
    CAPTURE(c.id);
    CHECK(printed(kb.diagnose(c, far)) == printed(kb.diagnose(c)));
    CHECK(kb.diagnose(c, traced).trace.size() == kb.diagnose(c, traced_plain).trace.size());
  }
}

TEST_CASE("the next-question search checks the deadline before each simulated answer, fast path and reference") {
  const auto& kb = bundled();
  std::size_t searched = 0;
  for (const auto& c : bundled_cases()) {
    detail::scratch_state s;
    s.bind(kb.impl());
    raw_ranking raw;
    detail::rank_case(kb.impl(), c, s, std::nullopt, raw);
    const auto fast = detail::next_questions(kb.impl(), c, raw, s, 3);
    const auto rerun = detail::next_questions_rerun(kb.impl(), c, raw, s, 3);
    if (fast.empty()) continue;
    ++searched;
    // Not reached: the same questions as without a deadline.
    s.deadline = clock::now() + std::chrono::hours(1);
    detail::rank_case(kb.impl(), c, s, std::nullopt, raw);
    const auto fast_far = detail::next_questions(kb.impl(), c, raw, s, 3);
    const auto rerun_far = detail::next_questions_rerun(kb.impl(), c, raw, s, 3);
    REQUIRE(fast_far.size() == fast.size());
    REQUIRE(rerun_far.size() == rerun.size());
    for (std::size_t i = 0; i < fast.size(); ++i) {
      CHECK(fast_far[i].finding == fast[i].finding);
      CHECK(fast_far[i].value == fast[i].value);
      CHECK(rerun_far[i].finding == rerun[i].finding);
      CHECK(rerun_far[i].value == rerun[i].value);
    }
    // Passed: the search stops at its first candidate, both ways.
    s.deadline = clock::now() - std::chrono::milliseconds(1);
    detail::rank_case(kb.impl(), c, s, std::nullopt, raw);
    CHECK_THROWS_AS(detail::next_questions(kb.impl(), c, raw, s, 3), deadline_exceeded);
    CHECK_THROWS_AS(detail::next_questions_rerun(kb.impl(), c, raw, s, 3), deadline_exceeded);
  }
  CHECK(searched > 0);
}

}  // namespace
}  // namespace ddx::engine
