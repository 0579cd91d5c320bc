// engine/rank/top_k.cpp: the differential's head chosen by sorting (the reference), by insertion, or by rounds of maxima.
#include "engine/rank/top_k.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ddx::engine::detail {
namespace {

/// A candidate while the best few are chosen: 16 bytes with the tie-break inline, so that keeping them sorted by
/// insertion moves and compares less than raw_ranking::candidate would.
struct pick {
  double log_score;
  std::uint32_t order;  ///< compiled_kb::condition_order: of equal scores, the smaller id first
  condition_id condition;
};

/// The differential's order: a strict total order on candidates (condition ids are distinct).
bool before(const pick& a, const pick& b) {
  return a.log_score != b.log_score ? a.log_score > b.log_score : a.order < b.order;
}

}  // namespace

top_k_counts top_k_by_sorting(const top_k_input& in, std::optional<std::size_t> keep,
                              std::vector<raw_ranking::candidate>& out) {
  top_k_counts counts;
  const auto first = static_cast<std::ptrdiff_t>(out.size());
  for (auto c : in.touched) {
    const auto& slot = in.slots[c];
    counts.touched_linear += slot.linear;
    if (slot.has_for) out.push_back({c, slot.log_score, 0});
  }
  counts.supported = out.size() - static_cast<std::size_t>(first);
  const auto better = [&](const raw_ranking::candidate& a, const raw_ranking::candidate& b) {
    return before({a.log_score, in.order[a.condition], a.condition}, {b.log_score, in.order[b.condition], b.condition});
  };
  const auto kept = static_cast<std::ptrdiff_t>(std::min(counts.supported, keep.value_or(counts.supported)));
  if (static_cast<std::size_t>(kept) == counts.supported) {
    std::sort(out.begin() + first, out.end(), better);
  } else {
    std::partial_sort(out.begin() + first, out.begin() + first + kept, out.end(), better);
  }
  out.resize(static_cast<std::size_t>(first + kept));
  return counts;
}

namespace {

/// Offers `x` to `best[0, n)`, the best so far sorted by `before`, which keeps at most `keep` of them.
void offer(std::array<pick, top_k_insert_capacity>& best, std::size_t& n, std::size_t keep, const pick& x) {
  if (n < keep) {
    ++n;
  } else if (keep == 0 || !before(x, best[n - 1])) {
    return;
  }
  std::size_t j = n - 1;
  for (; j > 0 && before(x, best[j - 1]); --j) best[j] = best[j - 1];
  best[j] = x;
}

}  // namespace

// Kept sorted by insertion as the candidates come, since with many touched conditions most lose to the current last at
// once; `before` is a strict total order, so the result is the sort's. One branch, which the predictor learns, tells
// a candidate that may enter from one that cannot: a condition without a `for` rule is taken as NaN, which compares
// false with the bar (the last kept's score, or minus infinity until `keep` are kept). Equal to the bar, the
// tie-break decides, in offer.
top_k_counts top_k_by_inserting(const top_k_input& in, std::size_t keep, std::vector<raw_ranking::candidate>& out) {
  constexpr double none = std::numeric_limits<double>::quiet_NaN();
  std::array<pick, top_k_insert_capacity> best;
  std::size_t n = 0;
  top_k_counts counts;
  double bar = keep == 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  double linear = 0;
  for (auto c : in.touched) {
    const auto& slot = in.slots[c];
    linear += slot.linear;
    counts.supported += slot.has_for;
    if ((slot.has_for ? slot.log_score : none) >= bar) {
      offer(best, n, keep, {slot.log_score, in.order[c], c});
      if (n == keep) bar = best[n - 1].log_score;
    }
  }
  counts.touched_linear = linear;
  for (std::size_t i = 0; i < n; ++i) out.push_back({best[i].condition, best[i].log_score, 0});
  return counts;
}

namespace {

/// Candidates for the rounds: log scores in blocks of `lanes`, the unused ones NaN (never a candidate's score), and
/// their conditions.
constexpr std::size_t lanes = 8;

/// The largest of `x[0, n)` (n a multiple of `lanes`), NaNs ignored: four independent maxima, so the loop is not
/// one chain of dependent comparisons.
double largest(const double* x, std::size_t n) {
#if defined(__SSE2__)
  const __m128d low = _mm_set1_pd(-std::numeric_limits<double>::infinity());
  __m128d a = low, b = low, c = low, e = low;
  for (std::size_t i = 0; i < n; i += lanes) {  // _mm_max_pd(x, m) is m where x is NaN
    a = _mm_max_pd(_mm_load_pd(x + i), a);
    b = _mm_max_pd(_mm_load_pd(x + i + 2), b);
    c = _mm_max_pd(_mm_load_pd(x + i + 4), c);
    e = _mm_max_pd(_mm_load_pd(x + i + 6), e);
  }
  const __m128d m = _mm_max_pd(_mm_max_pd(a, b), _mm_max_pd(c, e));
  return std::max(_mm_cvtsd_f64(m), _mm_cvtsd_f64(_mm_unpackhi_pd(m, m)));
#else
  constexpr double low = -std::numeric_limits<double>::infinity();
  double m[4] = {low, low, low, low};
  for (std::size_t i = 0; i < n; i += 4)
    for (std::size_t k = 0; k < 4; ++k) m[k] = x[i + k] > m[k] ? x[i + k] : m[k];  // NaN: keeps m[k]
  return std::max(std::max(m[0], m[1]), std::max(m[2], m[3]));
#endif
}

/// Bit k set where x[k] == v, for the `lanes` values at x.
unsigned equal_mask(const double* x, double v) {
#if defined(__SSE2__)
  const __m128d w = _mm_set1_pd(v);
  return static_cast<unsigned>(_mm_movemask_pd(_mm_cmpeq_pd(_mm_load_pd(x), w)) |
                               _mm_movemask_pd(_mm_cmpeq_pd(_mm_load_pd(x + 2), w)) << 2 |
                               _mm_movemask_pd(_mm_cmpeq_pd(_mm_load_pd(x + 4), w)) << 4 |
                               _mm_movemask_pd(_mm_cmpeq_pd(_mm_load_pd(x + 6), w)) << 6);
#else
  unsigned mask = 0;
  for (std::size_t k = 0; k < lanes; ++k) mask |= static_cast<unsigned>(x[k] == v) << k;
  return mask;
#endif
}

}  // namespace

// Inserting candidates that come in no particular order is a chain of branches no predictor can learn (with 50
// conditions, about half are inserted, each at a random place). Here the scores sit in blocks of `lanes` with each
// block's largest kept aside, and a round finds the largest of those, the block that holds it (one branch, almost
// always taken once) and the score in it, then takes the block's largest again. Of equal largest scores the condition
// first in id order is taken, so the order is `before`'s.
top_k_counts top_k_by_rounds(const top_k_input& in, std::size_t keep, std::vector<raw_ranking::candidate>& out) {
  constexpr std::size_t capacity = top_k_rounds_capacity;
  static_assert(capacity % (lanes * lanes) == 0);
  constexpr std::size_t blocks = capacity / lanes;
  constexpr double none = std::numeric_limits<double>::quiet_NaN();
  alignas(16) std::array<double, capacity + lanes> score;  // + lanes: the store past the last candidate
  std::array<condition_id, capacity + lanes> condition;
  alignas(16) std::array<double, blocks> block_top;
  std::size_t m = 0;
  double linear = 0;
  for (auto c : in.touched) {  // the candidates, without a branch
    const auto& slot = in.slots[c];
    linear += slot.linear;
    score[m] = slot.log_score;
    condition[m] = c;
    m += slot.has_for;
  }
  const std::size_t take = std::min(keep, m);
  const std::size_t used = (m + lanes - 1) / lanes;                 // blocks that hold candidates
  const std::size_t searched = (used + lanes - 1) / lanes * lanes;  // block_top entries each round reads
  std::fill(score.begin() + static_cast<std::ptrdiff_t>(m), score.begin() + static_cast<std::ptrdiff_t>(used * lanes), none);
  for (std::size_t b = 0; b < searched; ++b)  // an empty block's largest is -infinity, below every log score
    block_top[b] = b < used ? largest(score.data() + b * lanes, lanes) : -std::numeric_limits<double>::infinity();
  for (std::size_t round = 0; round < take; ++round) {
    const double top = largest(block_top.data(), searched);
    std::size_t at = capacity;
    for (std::size_t i = 0; i < searched; i += lanes)
      for (unsigned inside = equal_mask(block_top.data() + i, top); inside != 0; inside &= inside - 1) {
        const std::size_t block = (i + static_cast<std::size_t>(std::countr_zero(inside))) * lanes;
        for (unsigned mask = equal_mask(score.data() + block, top); mask != 0; mask &= mask - 1) {
          const std::size_t k = block + static_cast<std::size_t>(std::countr_zero(mask));
          if (at == capacity || in.order[condition[k]] < in.order[condition[at]]) at = k;
        }
      }
    out.push_back({condition[at], top, 0});
    score[at] = none;
    const std::size_t block = at / lanes;
    block_top[block] = largest(score.data() + block * lanes, lanes);
  }
  return {m, linear};
}

top_k_counts select_top_k(const top_k_input& in, std::optional<std::size_t> keep, std::uint32_t evidence_applied,
                          std::vector<raw_ranking::candidate>& out) {
  // The rounds when few conditions were touched but many may have evidence (at most evidence_applied do): then
  // insertion misses a branch per candidate. With few candidates, few branches to miss, and insertion's single pass
  // costs less. Insertion keeps at most its capacity; longer cuts sort.
  constexpr std::size_t many = 32;
  if (!keep || *keep > top_k_insert_capacity) return top_k_by_sorting(in, keep, out);
  if (in.touched.size() <= top_k_rounds_capacity && evidence_applied > many) return top_k_by_rounds(in, *keep, out);
  return top_k_by_inserting(in, *keep, out);
}

}  // namespace ddx::engine::detail
