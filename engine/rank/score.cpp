// engine/rank/score.cpp: Z from the precomputed prior sum corrected for touched conditions; ranking and cut.
#include "engine/rank/score.hpp"

#include <algorithm>
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
  for (auto c : s.touched_conditions) touched += s.conditions[c].linear;
  const double z = std::max(0.0, s.untouched_mass) + touched;
  if (std::isfinite(z) && z > 0) return std::log(z);
  return shifted_log_normaliser(s);  // a product overflowed (evidence beyond e^709): sum exps in the log domain
}

double shifted_log_normaliser(const scratch_state& s) {
  double shift = 0;
  for (auto c : s.touched_conditions) shift = std::max(shift, s.conditions[c].log_score);
  // Z e^-shift = (base_z - sum of touched priors) e^-shift + sum over touched of exp(log_score - shift).
  double touched = 0;
  for (auto c : s.touched_conditions) touched += std::exp(s.conditions[c].log_score - shift);
  return shift + std::log(std::max(0.0, s.untouched_mass) * std::exp(-shift) + touched);
}

void score_conditions(const compiled_kb& kb, const scratch_state& s, std::optional<std::size_t> top, raw_ranking& out) {
  out.log_z = log_normaliser(s);
  out.differential.clear();
  for (auto c : s.touched_conditions)
    if (s.conditions[c].has_for) out.differential.push_back({c, s.conditions[c].log_score, 0});
  out.supported = out.differential.size();
  const auto better = [&](const raw_ranking::candidate& a, const raw_ranking::candidate& b) {
    if (a.log_score != b.log_score) return a.log_score > b.log_score;
    return kb.condition_order[a.condition] < kb.condition_order[b.condition];
  };
  auto& d = out.differential;
  const std::size_t keep = std::min(d.size(), top.value_or(d.size()));
  if (keep == d.size()) {
    std::sort(d.begin(), d.end(), better);
  } else if (keep > 0) {
    // The best `keep` by insertion into the sorted front: most candidates lose to the current last at once, which
    // is cheaper than a heap for a short cut (`better` is a strict total order, so the result is the same).
    for (std::size_t i = 0; i < d.size(); ++i) {
      const auto x = d[i];
      if (i >= keep && !better(x, d[keep - 1])) continue;
      std::size_t j = std::min(i, keep - 1);
      for (; j > 0 && better(x, d[j - 1]); --j) d[j] = d[j - 1];
      d[j] = x;
    }
  }
  d.resize(keep);
  out.other_score = std::exp(kb.log_other_prior - out.log_z);
  double listed = 0;
  for (auto& d : out.differential) {
    d.score = std::exp(d.log_score - out.log_z);
    listed += d.score;
  }
  out.unlisted_score = std::max(0.0, 1.0 - out.other_score - listed);
}

void rank_case(const compiled_kb& kb, const resolved_case& c, scratch_state& s, std::optional<std::size_t> top,
               raw_ranking& out) {
  run_chain(kb, c, s);
  score_conditions(kb, s, top, out);
  triage_flags(kb, s, out);
  out.fired_rules.assign(s.fired.begin(), s.fired.end());
}

}  // namespace ddx::engine::detail
