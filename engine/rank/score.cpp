// engine/rank/score.cpp: Z from the precomputed prior sum corrected for touched conditions; ranking and cut.
#include "engine/rank/score.hpp"

#include <algorithm>
#include <array>
#include <cmath>

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
  const double z = std::max(0.0, s.untouched_mass) + touched;
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

/// The best `keep` (at most `capacity`) supported conditions into `d`, best first: kept sorted by insertion as
/// the candidates come, since most lose to the current last at once; `before` is a strict total order, so the
/// result is the same as sorting everything and cutting. Returns how many conditions are supported.
template <std::size_t capacity>
std::size_t pick_best(const compiled_kb& kb, const scratch_state& s, std::size_t keep,
                      std::vector<raw_ranking::candidate>& d) {
  std::array<pick, capacity> best;
  std::size_t n = 0, supported = 0;
  for (auto c : s.touched_conditions()) {
    const auto& slot = s.conditions[c];
    if (!slot.has_for) continue;
    ++supported;
    const pick x{slot.log_score, kb.condition_order[c], c};
    if (n < keep) {
      ++n;
    } else if (keep == 0 || !before(x, best[n - 1])) {
      continue;
    }
    std::size_t j = n - 1;
    for (; j > 0 && before(x, best[j - 1]); --j) best[j] = best[j - 1];
    best[j] = x;
  }
  for (std::size_t i = 0; i < n; ++i) d.push_back({best[i].condition, best[i].log_score, 0});
  return supported;
}

}  // namespace

void score_conditions(const compiled_kb& kb, const scratch_state& s, std::optional<std::size_t> top, raw_ranking& out) {
  out.log_z = log_normaliser(s);
  auto& d = out.differential;
  d.clear();
  constexpr std::size_t few = 32;
  if (top && *top <= few) {
    out.supported = pick_best<few>(kb, s, *top, d);
  } else {
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
  triage_flags(kb, s, out);
  // The evidence moves to `out` without a copy; `s.fired` takes the old list's storage (begin_case clears it).
  out.fired_rules.swap(s.fired);
}

}  // namespace ddx::engine::detail
