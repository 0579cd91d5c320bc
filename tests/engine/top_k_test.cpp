// tests/engine/top_k_test.cpp: the faster selectors of the differential's head against the sorting reference, on
// random cases with many equal scores and with junk in the slots of conditions that have no `for` rule.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "engine/rank/top_k.hpp"

namespace ddx::engine::testing {
namespace {

using detail::top_k_counts;
using detail::top_k_input;
using candidates = std::vector<raw_ranking::candidate>;

/// A random case: `conditions` slots, `touched` of them touched in random order, a random id order for the tie-break.
struct random_case {
  std::vector<detail::scratch_state::condition_slot> slots;
  std::vector<condition_id> touched;
  std::vector<std::uint32_t> order;

  random_case(std::mt19937& rng, std::size_t conditions, std::size_t touched_count, double supported_share, bool ties) {
    slots.resize(conditions);
    order.resize(conditions);
    std::iota(order.begin(), order.end(), 0u);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<condition_id> all(conditions);
    std::iota(all.begin(), all.end(), 0u);
    std::shuffle(all.begin(), all.end(), rng);
    touched.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(touched_count));
    std::uniform_real_distribution<double> any(-20, 20), share(0, 1);
    std::uniform_int_distribution<int> few(0, 4);
    // What a slot without a `for` rule may hold: never read, whatever it is.
    const double junk[] = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                           -std::numeric_limits<double>::infinity(), 1e300, 0.0};
    for (auto c : touched) {
      auto& slot = slots[c];
      slot.has_for = share(rng) < supported_share;
      slot.log_score = ties ? 0.5 * few(rng) - 1.0 : any(rng);  // ties: five values for all
      if (!slot.has_for && share(rng) < 0.5) slot.log_score = junk[few(rng)];
      slot.linear = share(rng) * 3;
    }
  }
  top_k_input input() const { return {touched, slots.data(), order.data()}; }
};

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

/// The reference's own promise: the candidates, best first by (log score down, id order up), cut to `keep`.
void check_reference(const random_case& rc, std::size_t keep, const candidates& out, const top_k_counts& counts) {
  std::vector<raw_ranking::candidate> all;
  for (auto c : rc.touched)
    if (rc.slots[c].has_for) all.push_back({c, rc.slots[c].log_score, 0});
  CHECK(counts.supported == all.size());
  REQUIRE(out.size() == std::min(keep, all.size()));
  const auto better = [&](const raw_ranking::candidate& a, const raw_ranking::candidate& b) {
    return a.log_score != b.log_score ? a.log_score > b.log_score : rc.order[a.condition] < rc.order[b.condition];
  };
  CHECK(std::is_sorted(out.begin(), out.end(), better));
  std::sort(all.begin(), all.end(), better);
  for (std::size_t i = 0; i < out.size(); ++i) CHECK(out[i].condition == all[i].condition);
}

void check_same(const candidates& expected, const top_k_counts& expected_counts, const candidates& got,
                const top_k_counts& got_counts) {
  CHECK(got_counts.supported == expected_counts.supported);
  CHECK(same_bits(got_counts.touched_linear, expected_counts.touched_linear));  // Z's sum, added in the same order
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    CAPTURE(i);
    CHECK(got[i].condition == expected[i].condition);
    CHECK(got[i].log_score == expected[i].log_score);
  }
}

}  // namespace

TEST_SUITE("engine.rank.top_k") {
  TEST_CASE("insertion and rounds choose what sorting chooses, ties by id order, junk in unsupported slots ignored") {
    std::mt19937 rng(20261207);
    for (int trial = 0; trial < 3000; ++trial) {
      const bool ties = trial % 2 == 0;
      const std::size_t conditions = 1 + rng() % 300;
      const std::size_t touched = std::min<std::size_t>(conditions, rng() % 129);
      const double supported = (rng() % 5) / 4.0;
      const random_case rc(rng, conditions, touched, supported, ties);
      const std::size_t keep = rng() % (detail::top_k_insert_capacity + 1);
      CAPTURE(trial);
      CAPTURE(touched);
      CAPTURE(keep);
      candidates reference, inserted, rounds;
      const auto ref_counts = detail::top_k_by_sorting(rc.input(), keep, reference);
      check_reference(rc, keep, reference, ref_counts);
      check_same(reference, ref_counts, inserted, detail::top_k_by_inserting(rc.input(), keep, inserted));
      check_same(reference, ref_counts, rounds, detail::top_k_by_rounds(rc.input(), keep, rounds));
    }
  }

  TEST_CASE("sorting keeps any cut, and everything without one; the chosen selector agrees with it") {
    std::mt19937 rng(7);
    for (int trial = 0; trial < 400; ++trial) {
      const std::size_t conditions = 1 + rng() % 2000;
      const std::size_t touched = rng() % (conditions + 1);
      const random_case rc(rng, conditions, touched, 0.7, trial % 2 == 0);
      const std::optional<std::size_t> keep =
          trial % 3 == 0 ? std::nullopt : std::optional<std::size_t>(rng() % (touched + 40));
      CAPTURE(trial);
      candidates reference, chosen;
      const auto ref_counts = detail::top_k_by_sorting(rc.input(), keep, reference);
      check_reference(rc, keep.value_or(touched), reference, ref_counts);
      for (std::uint32_t evidence : {0u, 33u, 1000u}) {
        CAPTURE(evidence);
        chosen.clear();
        check_same(reference, ref_counts, chosen, detail::select_top_k(rc.input(), keep, evidence, chosen));
      }
    }
  }

  TEST_CASE("nothing touched, nothing supported and a cut of zero give an empty head") {
    std::mt19937 rng(1);
    const random_case none(rng, 10, 0, 1.0, true);
    const random_case unsupported(rng, 10, 10, 0.0, true);
    for (const random_case* rc : {&none, &unsupported}) {
      for (std::size_t keep : {0u, 1u, 10u}) {
        candidates a, b, c;
        CHECK(detail::top_k_by_sorting(rc->input(), keep, a).supported == 0);
        CHECK(detail::top_k_by_inserting(rc->input(), keep, b).supported == 0);
        CHECK(detail::top_k_by_rounds(rc->input(), keep, c).supported == 0);
        CHECK((a.empty() && b.empty() && c.empty()));
      }
    }
    const random_case all(rng, 40, 40, 1.0, true);
    candidates a, b, c;
    detail::top_k_by_sorting(all.input(), 0, a);
    detail::top_k_by_inserting(all.input(), 0, b);
    CHECK(detail::top_k_by_rounds(all.input(), 0, c).supported == 40);
    CHECK((a.empty() && b.empty() && c.empty()));
  }
}

}  // namespace ddx::engine::testing
