// engine/rank/next_question.cpp: expected information gain over the top candidates (docs/scoring.md "Next question"),
// whichever way each answer's effect is found (next_question_fast.cpp, next_question_rerun.cpp).
#include "engine/rank/next_question.hpp"

#include <algorithm>
#include <cmath>

namespace ddx::engine::detail {
namespace {

double entropy_bits(const std::vector<double>& p) {
  double h = 0;
  for (double x : p)
    if (x > 0) h -= x * std::log2(x);
  return h;
}

std::vector<finding_id> candidates(const compiled_kb& kb, const resolved_case& c, const std::vector<condition_id>& leaders) {
  std::vector<finding_id> out;
  for (auto l : leaders)
    for (auto f : kb.condition_questions.row(l)) out.push_back(f);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  std::erase_if(out, [&](finding_id f) {
    return std::find(c.present.begin(), c.present.end(), f) != c.present.end() ||
           std::find(c.absent.begin(), c.absent.end(), f) != c.absent.end();
  });
  return out;
}

/// exp(after - before), without calling exp for a leader the answer left alone (exp(0) is exactly 1).
double factor(double after, double before) { return after == before ? 1.0 : std::exp(after - before); }

/// P(present): each leader i answers "present" with probability L+ / (L+ + L-), where L± is the factor the
/// answer multiplies its unnormalised score by; the rest answers either way with probability 1/2.
double chance_present(const question_outcome& now, const question_outcome& yes, const question_outcome& no) {
  const std::size_t n = now.log_scores.size();
  double p = now.p[n] * 0.5;
  for (std::size_t i = 0; i < n; ++i) {
    const double up = factor(yes.log_scores[i], now.log_scores[i]);
    const double down = factor(no.log_scores[i], now.log_scores[i]);
    p += now.p[i] * up / (up + down);
  }
  return p;
}

}  // namespace

void fill_outcome(const std::vector<double>& log_scores, double log_z, question_outcome& out) {
  out.log_scores = log_scores;
  out.p.clear();
  double rest = 1;
  for (const double ls : log_scores) {
    out.p.push_back(std::exp(ls - log_z));
    rest -= out.p.back();
  }
  out.p.push_back(std::max(0.0, rest));
}

std::vector<condition_id> question_leaders_of(const raw_ranking& ranking) {
  std::vector<condition_id> leaders;
  for (std::size_t i = 0; i < ranking.differential.size() && i < question_leaders; ++i)
    leaders.push_back(ranking.differential[i].condition);
  return leaders;
}

std::vector<next_question> rank_questions(const compiled_kb& kb, const resolved_case& c,
                                          const std::vector<condition_id>& leaders, const question_outcome& now,
                                          std::size_t max, const what_if& simulate) {
  const double h_now = entropy_bits(now.p);
  std::vector<std::pair<double, finding_id>> gains;
  question_outcome yes, no;
  for (finding_id f : candidates(kb, c, leaders)) {
    simulate(f, true, yes);
    simulate(f, false, no);
    // An answer that leaves the distribution as it is (most often "absent": few rules read a finding's absence) has
    // the case's entropy; neither answer changing it gives a gain of rounding size, below the cut.
    const bool yes_same = yes.p == now.p, no_same = no.p == now.p;
    if (yes_same && no_same) continue;
    const double q = chance_present(now, yes, no);
    const double h_yes = yes_same ? h_now : entropy_bits(yes.p), h_no = no_same ? h_now : entropy_bits(no.p);
    const double gain = h_now - (q * h_yes + (1 - q) * h_no);
    if (gain > 1e-9) gains.emplace_back(gain, f);
  }
  // Best first by the gain in units of 1e-9 bits, ties by id: questions whose gains differ only by rounding (two
  // symmetric questions, say) keep their id order whatever the order of the additions behind them. The units are
  // worked out once a question, not once a comparison.
  struct keyed {
    long long units;
    std::uint32_t order;
    std::size_t at;
  };
  std::vector<keyed> keys;
  keys.reserve(gains.size());
  for (std::size_t i = 0; i < gains.size(); ++i)
    keys.push_back({std::llround(gains[i].first * 1e9), kb.finding_order[gains[i].second], i});
  const std::size_t n = std::min(max, keys.size());
  std::partial_sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(n), keys.end(),
                    [](const keyed& a, const keyed& b) { return a.units != b.units ? a.units > b.units : a.order < b.order; });
  std::vector<next_question> out;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& g = gains[keys[i].at];
    const auto& f = kb.m.findings[g.second];
    out.push_back({f.id, f.label, g.first});
  }
  return out;
}

}  // namespace ddx::engine::detail
