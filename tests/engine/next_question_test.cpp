// tests/engine/next_question_test.cpp: the next questions found from the case's state (rank/next_question_fast.cpp)
// are the plain rerun's (rank/next_question_rerun.cpp) to the last printed digit, on the bundled knowledge base's own
// tests and on random cases, with the condition slots dense and sparse.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <string>

#include <fmt/format.h>

#include "bundled_kb_files.hpp"
#include "engine/compile/network.hpp"
#include "engine/kb.hpp"
#include "engine/rank/next_question.hpp"
#include "engine/rank/score.hpp"
#include "support/number_text.hpp"

namespace ddx::engine {
namespace {

/// What a result prints of its questions: id and gain with six decimals, in order.
std::string printed(const std::vector<next_question>& qs) {
  std::string out;
  for (const auto& q : qs) out += q.finding + " " + support::plain_number(q.value) + "\n";
  return out;
}

struct questions_pair {
  std::string fast, rerun;
};

questions_pair both_ways(const knowledge_base& kb, const resolved_case& c, bool dense, std::size_t max = 8,
                         detail::question_search_stats* stats = nullptr) {
  detail::scratch_state s;
  s.bind(kb.impl());
  auto tuning = s.tuning;
  tuning.dense_conditions = dense;
  s.tune(tuning);
  raw_ranking raw;
  detail::rank_case(kb.impl(), c, s, std::nullopt, raw);
  const auto fast = detail::next_questions(kb.impl(), c, raw, s, max, stats);
  const auto rerun = detail::next_questions_rerun(kb.impl(), c, raw, s, max);
  return {printed(fast), printed(rerun)};
}

const knowledge_base& bundled() {
  static const load_result loaded = load_texts(testing::read_bundled_kb());
  return *loaded.kb;
}

TEST_CASE("next questions from the case's state equal the rerun's on the bundled tests") {
  const auto& kb = bundled();
  const auto& m = kb.impl().m;
  REQUIRE(!m.tests.empty());
  std::size_t with_questions = 0;
  for (const auto& t : m.tests) {
    resolved_case c{t.id, t.present, t.absent, t.values};
    std::sort(c.present.begin(), c.present.end());
    std::sort(c.absent.begin(), c.absent.end());
    for (const bool dense : {true, false}) {
      CAPTURE(t.id);
      CAPTURE(dense);
      const auto q = both_ways(kb, c, dense);
      CHECK(q.fast == q.rerun);
      with_questions += !q.fast.empty();
    }
  }
  CHECK(with_questions > m.tests.size());  // most tests leave questions to ask
}

TEST_CASE("next questions from the case's state equal the rerun's on random cases") {
  const auto& kb = bundled();
  std::mt19937 rng(20);
  std::vector<std::string> findings;
  for (std::size_t f = 0; f < kb.finding_count(); ++f) findings.push_back(kb.finding_id(static_cast<std::uint32_t>(f)));
  const auto& values = kb.impl().m.values;
  for (int i = 0; i < 1500; ++i) {
    std::shuffle(findings.begin(), findings.end(), rng);
    const std::size_t n = 1 + rng() % 9, absent = rng() % std::min<std::size_t>(n, 4);
    case_input in;
    in.absent.assign(findings.begin(), findings.begin() + static_cast<std::ptrdiff_t>(absent));
    in.present.assign(findings.begin() + static_cast<std::ptrdiff_t>(absent),
                      findings.begin() + static_cast<std::ptrdiff_t>(n));
    for (const auto& v : values)
      if (rng() % 2) in.values.emplace_back(v.id, v.low + (v.high - v.low) * (rng() % 1000) / 999.0);
    std::vector<case_error> errors;
    const auto c = kb.resolve(in, errors);
    REQUIRE(c);
    const auto q = both_ways(kb, *c, i % 2 == 0);
    CAPTURE(i);
    CHECK(q.fast == q.rerun);
  }
}

TEST_CASE("an answer that decides a fact reaches the rules reading that fact") {
  const auto loaded = load_texts({{"t.ddx", R"(knowledge_base "t"
  version "1"
  regions knee
finding sym.a symptom "A"
finding sym.b symptom "B"
finding sym.c symptom "C"
condition x "X"
  region knee
  prior common
condition y "Y"
  region knee
  prior common
fact ab "A and B"
  source "general knowledge"
rule r1 "a and b make ab"
  when sym.a and sym.b
  then assert ab
  source "general knowledge"
rule r2 "ab is for x"
  when ab
  then for x strong
  source "general knowledge"
rule r3 "not ab is for y"
  when not ab and sym.c
  then for y moderate
  source "general knowledge"
rule r4 "c is for x"
  when sym.c
  then for x weak
  source "general knowledge"
)"}});
  REQUIRE(loaded.kb);
  const auto& kb = *loaded.kb;
  for (const auto& [present, absent] : std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>>{
           {{"sym.a"}, {}}, {{"sym.c"}, {}}, {{"sym.a", "sym.c"}, {}}, {{"sym.c"}, {"sym.a"}}, {{}, {"sym.b"}}}) {
    case_input in{std::string("t"), present, absent, {}};
    std::vector<case_error> errors;
    const auto c = kb.resolve(in, errors);
    REQUIRE(c);
    for (const bool dense : {true, false}) {
      const auto q = both_ways(kb, *c, dense);
      CAPTURE(q.fast);
      CHECK(q.fast == q.rerun);
      // With a and c known, b decides the fact and through it r2 and r3: it is worth asking.
      if (present == std::vector<std::string>{"sym.a", "sym.c"}) CHECK(q.fast.find("sym.b ") != std::string::npos);
    }
  }
}

TEST_CASE("an answer whose Z overflows the linear domain is simulated by the rerun, with the rerun's questions") {
  // x and y each have 34 findings of lr 1e9 (prior x 1e306: finite), so the case's Z is finite; answering f.b present
  // multiplies x by 1e9 more, past the largest double, so that answer cannot be found from the case's state and the
  // rerun (log domain) gives it. f.d and f.e come after f.b, so the state is settled again after the fallback.
  std::string text = R"(knowledge_base "t"
  version "1"
  regions knee
condition x "X"
  region knee
  prior common
condition y "Y"
  region knee
  prior common
finding f.b sign "B"
finding f.d sign "D"
finding f.e sign "E"
rule rb "b is for x"
  when f.b
  then for x lr 1000000000
  source "general knowledge"
rule rd "d is for y"
  when f.d
  then for y moderate
  source "general knowledge"
rule re "e is against y"
  when f.e and f.d
  then against y weak
  source "general knowledge"
)";
  std::vector<std::string> present;
  for (const char* c : {"x", "y"})
    for (int i = 0; i < 34; ++i) {
      text += fmt::format("finding f.{0}{1} sign \"{0}{1}\"\nrule r{0}{1} \"{0}{1}\"\n  when f.{0}{1}\n  then for {0} lr 1000000000\n"
                          "  source \"general knowledge\"\n", c, i);
      present.push_back(fmt::format("f.{}{}", c, i));
    }
  const auto loaded = load_texts({{"t.ddx", text}});
  REQUIRE(loaded.kb);
  const auto& kb = *loaded.kb;
  for (const auto& absent : std::vector<std::vector<std::string>>{{}, {"f.d"}}) {
    std::vector<case_error> errors;
    const auto c = kb.resolve(case_input{std::string("t"), present, absent, {}}, errors);
    REQUIRE(c);
    for (const bool dense : {true, false}) {
      CAPTURE(dense);
      CAPTURE(absent.size());
      detail::question_search_stats stats;
      const auto q = both_ways(kb, *c, dense, 8, &stats);
      CHECK(stats.rerun == 1);  // f.b present, and only that answer
      CHECK(stats.from_state >= 1);
      CHECK(q.fast == q.rerun);
      CHECK(q.fast.find("f.b ") != std::string::npos);  // worth asking: it would settle x against y
    }
  }
}

}  // namespace
}  // namespace ddx::engine
