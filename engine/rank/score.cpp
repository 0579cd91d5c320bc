// engine/rank/score.cpp: Z from the precomputed prior sum corrected for touched conditions; ranking and cut.
#include "engine/rank/score.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/rank/triage.hpp"

namespace ddx::engine::detail {

double log_score(const compiled_kb& kb, const scratch_state& s, condition_id c) {
  return s.conditions[c].gen == s.gen ? s.conditions[c].log_score : kb.log_prior[c];
}

/// ln Z where Z = exp(log_other_prior) + sum over every condition of exp(log_score). Untouched conditions
/// keep their prior, so Z = base_z + sum over touched of (exp(log_score) - exp(log_prior)), with exp(log_score)
/// read from the linear-domain score run_chain kept next to the log score.
double log_normaliser(const scratch_state& s) {
  // Fast and usual: every touched condition's score is also kept in the linear domain (prior x product of lr).
  double touched = 0;
  for (auto c : s.touched_conditions()) touched += s.conditions[c].linear;
  return log_normaliser(s, touched);
}

double log_normaliser(const scratch_state& s, double touched_linear) {
  const double z = std::max(0.0, s.untouched_mass) + touched_linear;
  if (std::isfinite(z) && z > 0) return std::log(z);
  return shifted_log_normaliser(s);  // a product overflowed (evidence beyond e^709): sum exps in the log domain
}

double shifted_log_normaliser(const scratch_state& s) {
  double shift = 0;
  for (auto c : s.touched_conditions()) shift = std::max(shift, s.conditions[c].log_score);
  // Z e^-shift = (base_z - sum of touched priors) e^-shift + sum over touched of exp(log_score - shift).
  double touched = 0;
  for (auto c : s.touched_conditions()) touched += std::exp(s.conditions[c].log_score - shift);
  return shift + std::log(std::max(0.0, s.untouched_mass) * std::exp(-shift) + touched);
}

namespace {

/// A candidate while the best few are chosen: 16 bytes with the tie-break inline, so that keeping them sorted by
/// insertion moves and compares less than raw_ranking::candidate would.
struct pick {
  double log_score;
  std::uint32_t order;  ///< compiled_kb::condition_order: of equal scores, the smaller id first
  condition_id condition;
};

bool before(const pick& a, const pick& b) {
  return a.log_score != b.log_score ? a.log_score > b.log_score : a.order < b.order;
}

/// Offers `x` to `best[0, n)`, the best so far sorted by `before`, which keeps at most `keep` of them.
template <std::size_t capacity>
void offer(std::array<pick, capacity>& best, std::size_t& n, std::size_t keep, const pick& x) {
  if (n < keep) {
    ++n;
  } else if (keep == 0 || !before(x, best[n - 1])) {
    return;
  }
  std::size_t j = n - 1;
  for (; j > 0 && before(x, best[j - 1]); --j) best[j] = best[j - 1];
  best[j] = x;
}

/// The best `keep` (at most `capacity`) supported conditions into `d`, best first: kept sorted by insertion as
/// the candidates come, since most lose to the current last at once; `before` is a strict total order, so the
/// result is the same as sorting everything and cutting. Returns how many conditions are supported, and in
/// `touched_linear` the sum of the touched conditions' linear scores, added in the order log_normaliser adds them.
/// Used when many conditions were touched: then almost every candidate loses to the current last. One branch, which
/// the predictor learns, tells a candidate that may enter from one that cannot: an unsupported condition's score is
/// taken as NaN, which compares false with the bar (the last kept's score, or minus infinity until `keep` are kept).
template <std::size_t capacity>
std::size_t pick_best(const compiled_kb& kb, const scratch_state& s, std::size_t keep,
                      std::vector<raw_ranking::candidate>& d, double& touched_linear) {
  constexpr double none = std::numeric_limits<double>::quiet_NaN();
  std::array<pick, capacity> best;
  std::size_t n = 0, supported = 0;
  double bar = keep == 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
  double linear = 0;
  for (auto c : s.touched_conditions()) {
    const auto& slot = s.conditions[c];
    linear += slot.linear;
    supported += slot.has_for;
    if ((slot.has_for ? slot.log_score : none) >= bar) {  // equal to the bar: the tie-break decides, in offer
      offer(best, n, keep, {slot.log_score, kb.condition_order[c], c});
      if (n == keep) bar = best[n - 1].log_score;
    }
  }
  touched_linear = linear;
  for (std::size_t i = 0; i < n; ++i) d.push_back({best[i].condition, best[i].log_score, 0});
  return supported;
}

/// Candidates for pick_few: log scores in blocks of `lanes`, the unused ones NaN (never a log score: weights are
/// logs of finite positive ratios), and their conditions.
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

/// The same choice as pick_best for few touched conditions (at most `capacity`), by taking out the largest score
/// `keep` times. Inserting candidates that come in no particular order is a chain of branches no predictor can
/// learn (with 50 conditions, about half are inserted, each at a random place); here the scores sit in blocks of
/// `lanes` with each block's largest kept aside, and a round finds the largest of those, the block that holds it
/// (one branch, almost always taken once) and the score in it, and takes the block's largest again. Of equal
/// largest scores the condition first in id order is taken, so the order is `before`'s.
template <std::size_t capacity>
std::size_t pick_few(const compiled_kb& kb, const scratch_state& s, std::size_t keep,
                     std::vector<raw_ranking::candidate>& d) {
  static_assert(capacity % (lanes * lanes) == 0);
  constexpr std::size_t blocks = capacity / lanes;
  constexpr double none = std::numeric_limits<double>::quiet_NaN();
  alignas(16) std::array<double, capacity + lanes> score;  // + lanes: the store past the last candidate
  std::array<condition_id, capacity + lanes> condition;
  alignas(16) std::array<double, blocks> block_top;
  std::size_t m = 0;
  for (auto c : s.touched_conditions()) {  // the supported ones, without a branch
    const auto& slot = s.conditions[c];
    score[m] = slot.log_score;
    condition[m] = c;
    m += slot.has_for;
  }
  const std::size_t take = std::min(keep, m);
  const std::size_t used = (m + lanes - 1) / lanes;     // blocks that hold candidates
  const std::size_t searched = (used + lanes - 1) / lanes * lanes;  // block_top entries each round reads
  std::fill(score.begin() + static_cast<std::ptrdiff_t>(m), score.begin() + static_cast<std::ptrdiff_t>(used * lanes), none);
  for (std::size_t b = 0; b < searched; ++b)  // an empty block's largest is -infinity, below every log score
    block_top[b] = b < used ? largest(score.data() + b * lanes, lanes) : -std::numeric_limits<double>::infinity();
  for (std::size_t round = 0; round < take; ++round) {
    const double top = largest(block_top.data(), searched);
    std::size_t at = capacity;
    for (std::size_t i = 0; i < searched; i += lanes)
      for (unsigned in = equal_mask(block_top.data() + i, top); in != 0; in &= in - 1) {
        const std::size_t block = (i + static_cast<std::size_t>(std::countr_zero(in))) * lanes;
        for (unsigned mask = equal_mask(score.data() + block, top); mask != 0; mask &= mask - 1) {
          const std::size_t k = block + static_cast<std::size_t>(std::countr_zero(mask));
          if (at == capacity || kb.condition_order[condition[k]] < kb.condition_order[condition[at]]) at = k;
        }
      }
    d.push_back({condition[at], top, 0});
    score[at] = none;
    const std::size_t block = at / lanes;
    block_top[block] = largest(score.data() + block * lanes, lanes);
  }
  return m;
}

}  // namespace

void score_conditions(const compiled_kb& kb, const scratch_state& s, std::optional<std::size_t> top, raw_ranking& out) {
  auto& d = out.differential;
  d.clear();
  constexpr std::size_t few = 32;
  // pick_few for a cut of at most `small` touched conditions of which many may have evidence (at most
  // evidence_applied of them do); with few, few candidates make few branches to miss, and pick_best's single pass
  // over the touched conditions costs less. Both give the same result.
  constexpr std::size_t small = 128, many = 32;
  if (top && *top <= few && s.touched_count <= small && s.evidence_applied > many) {
    out.supported = pick_few<small>(kb, s, *top, d);
    out.log_z = log_normaliser(s);
  } else if (top && *top <= few) {
    double touched_linear = 0;
    out.supported = pick_best<few>(kb, s, *top, d, touched_linear);
    out.log_z = log_normaliser(s, touched_linear);
  } else {
    out.log_z = log_normaliser(s);
    for (auto c : s.touched_conditions())
      if (s.conditions[c].has_for) d.push_back({c, s.conditions[c].log_score, 0});
    out.supported = d.size();
    const auto better = [&](const raw_ranking::candidate& a, const raw_ranking::candidate& b) {  // as `before`
      return before({a.log_score, kb.condition_order[a.condition], a.condition},
                    {b.log_score, kb.condition_order[b.condition], b.condition});
    };
    const std::size_t keep = std::min(d.size(), top.value_or(d.size()));
    if (keep == d.size()) {
      std::sort(d.begin(), d.end(), better);
    } else {
      std::partial_sort(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(keep), d.end(), better);
    }
    d.resize(keep);
  }
  out.other_score = std::exp(kb.log_other_prior - out.log_z);
  double listed = 0;
  for (auto& x : d) {
    x.score = std::exp(x.log_score - out.log_z);
    listed += x.score;
  }
  out.unlisted_score = std::max(0.0, 1.0 - out.other_score - listed);
}

void rank_case(const compiled_kb& kb, const resolved_case& c, scratch_state& s, std::optional<std::size_t> top,
               raw_ranking& out) {
  run_chain(kb, c, s);
  score_conditions(kb, s, top, out);
  triage_case(kb, s, out);
  // The evidence moves to `out` without a copy; `s.fired` takes the old list's storage (begin_case clears it).
  out.fired_rules.swap(s.fired);
}

}  // namespace ddx::engine::detail
