// engine/rank/top_k.hpp: choosing the differential's head: the best few conditions with a `for` rule among those a case
// touched, best first (higher log score, then condition id). A plain reference and the faster selectors, each tested
// against it (tests/engine/top_k_test.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/infer/chain.hpp"
#include "engine/rank/ranking.hpp"

namespace ddx::engine::detail {

/// What choosing reads: the touched conditions in touch order, their slots (indexed by condition), and each
/// condition's rank in id order (compiled_kb::condition_order), which breaks ties between equal log scores.
/// A touched condition is a candidate when its slot has_for; a candidate's log score is never NaN (weights are logs of
/// finite positive ratios), while a slot without a `for` rule may hold anything and is never looked at.
struct top_k_input {
  std::span<const condition_id> touched;
  const scratch_state::condition_slot* slots = nullptr;
  const std::uint32_t* order = nullptr;

  static top_k_input of(const compiled_kb& kb, const scratch_state& s) {
    return {s.touched_conditions(), s.conditions.data(), kb.condition_order.data()};
  }
};

/// What every selector returns besides the chosen conditions: how many candidates there were, and the sum of every
/// touched condition's linear score, added in touch order (what log_normaliser adds, to the bit), so that the
/// normaliser needs no second walk over the touched conditions.
struct top_k_counts {
  std::size_t supported = 0;
  double touched_linear = 0;
};

/// The reference: every candidate copied, then std::partial_sort (std::sort when all are kept). Appends the best
/// `keep` (all when nullopt) to `out` with their log scores (score left 0).
top_k_counts top_k_by_sorting(const top_k_input& in, std::optional<std::size_t> keep,
                              std::vector<raw_ranking::candidate>& out);

/// The most that top_k_by_inserting keeps, and the most touched conditions that top_k_by_rounds takes.
inline constexpr std::size_t top_k_insert_capacity = 32;
inline constexpr std::size_t top_k_rounds_capacity = 128;

/// The same choice in one walk, keeping the best so far sorted by insertion: for many touched conditions, almost all
/// of which lose to the current last at once. `keep` <= top_k_insert_capacity.
top_k_counts top_k_by_inserting(const top_k_input& in, std::size_t keep, std::vector<raw_ranking::candidate>& out);

/// The same choice by taking out the largest score `keep` times (SSE2 where available): for a small case with many
/// candidates, where insertion would be a chain of branches no predictor learns. At most top_k_rounds_capacity
/// touched conditions.
top_k_counts top_k_by_rounds(const top_k_input& in, std::size_t keep, std::vector<raw_ranking::candidate>& out);

/// The selector that suits the case (all give the same result): the rounds for a cut of at most
/// top_k_insert_capacity in a case with few touched conditions and more than `many` pieces of evidence
/// (scratch_state::evidence_applied, which bounds the candidates), insertion for other such cuts, sorting otherwise.
top_k_counts select_top_k(const top_k_input& in, std::optional<std::size_t> keep, std::uint32_t evidence_applied,
                          std::vector<raw_ranking::candidate>& out);

}  // namespace ddx::engine::detail
