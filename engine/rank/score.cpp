// engine/rank/score.cpp: the scoring model of docs/scoring.md: log scores, the normaliser Z from the precomputed prior
// sum corrected for the touched conditions, each listed condition's share.
#include "engine/rank/score.hpp"

#include <algorithm>
#include <cmath>

#include "engine/rank/top_k.hpp"
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

void score_conditions(const compiled_kb& kb, const scratch_state& s, std::optional<std::size_t> top, raw_ranking& out) {
  // The differential: conditions with a fired `for` rule, best first, ties by id, cut to `top` (engine/rank/top_k.hpp).
  auto& d = out.differential;
  d.clear();
  const top_k_counts counts = select_top_k(top_k_input::of(kb, s), top, s.evidence_applied, d);
  out.supported = counts.supported;
  // Z, from the touched conditions' linear scores that choosing added up on its way (docs/scoring.md section 3).
  out.log_z = log_normaliser(s, counts.touched_linear);
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
