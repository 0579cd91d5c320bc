// tools/bench/synth.cpp: the synthetic knowledge-base and case generator (fixed seed, own distributions).
#include "tools/bench/synth.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ddx::tools::bench {
namespace detail {

std::uint64_t rng::below(std::uint64_t n) {
  // Rejection sampling: unbiased and identical on every platform.
  const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n);
  std::uint64_t x = engine_();
  while (x >= limit) x = engine_();
  return x % n;
}

std::uint32_t rng::between(std::uint32_t lo, std::uint32_t hi) {
  return lo + static_cast<std::uint32_t>(below(std::uint64_t{hi} - lo + 1));
}

double rng::unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

}  // namespace detail

namespace {

using detail::rng;

struct prior_class_entry {
  const char* name;
  double probability;
  double share;  ///< how often the generator picks it
};
constexpr prior_class_entry prior_classes[] = {
    {"very_common", 0.10, 0.05}, {"common", 0.04, 0.15}, {"uncommon", 0.01, 0.30},
    {"rare", 0.003, 0.30},       {"very_rare", 0.001, 0.20}};

/// A likelihood ratio log-uniform in [lo, hi], rounded to 3 decimals as the rule text writes it.
double draw_lr(rng& r, double lo, double hi) {
  const double x = std::exp(std::log(lo) + r.unit() * (std::log(hi) - std::log(lo)));
  return std::round(x * 1000.0) / 1000.0;
}

/// Finding popularity is skewed (a few findings appear in many conditions), then scattered by a permutation.
class finding_picker {
 public:
  finding_picker(rng& r, std::uint32_t findings) : r_(r), order_(findings) {
    for (std::uint32_t i = 0; i < findings; ++i) order_[i] = i;
    for (std::uint32_t i = findings; i > 1; --i) std::swap(order_[i - 1], order_[r.below(i)]);
  }
  std::uint32_t popular() {
    const auto n = static_cast<double>(order_.size());
    const auto i = static_cast<std::uint32_t>(n * std::pow(r_.unit(), 1.4));
    return order_[std::min<std::uint32_t>(i, static_cast<std::uint32_t>(order_.size() - 1))];
  }
  std::uint32_t uniform() { return static_cast<std::uint32_t>(r_.below(order_.size())); }

 private:
  rng& r_;
  std::vector<std::uint32_t> order_;
};

struct builder {
  const synth_params& p;
  rng r;
  synth_kb kb;
  finding_picker picker;
  std::vector<std::vector<std::uint32_t>> linked;    ///< per condition: findings it has a rule on
  std::vector<std::vector<std::uint32_t>> positive;  ///< per condition: findings that speak for it

  explicit builder(const synth_params& params)
      : p(params), r(params.seed), picker(r, params.findings), linked(params.conditions),
        positive(params.conditions) {
    kb.params = params;
  }

  void add_conditions() {
    for (std::uint32_t c = 0; c < p.conditions; ++c) {
      double u = r.unit();
      const prior_class_entry* chosen = &prior_classes[4];
      for (const auto& entry : prior_classes) {
        if (u < entry.share) { chosen = &entry; break; }
        u -= entry.share;
      }
      kb.prior_class.emplace_back(chosen->name);
      kb.prior.push_back(chosen->probability);
    }
  }

  std::vector<std::uint32_t> pick_links(std::uint32_t count) {
    std::vector<std::uint32_t> out;
    while (out.size() < count) {
      const std::uint32_t f = picker.popular();
      if (std::find(out.begin(), out.end(), f) == out.end()) out.push_back(f);
    }
    return out;
  }

  void add_link_rules(std::uint32_t c, const std::vector<std::uint32_t>& fs) {
    for (std::size_t i = 0; i < fs.size(); ++i) {
      synth_rule rule;
      if (i + 1 < fs.size() && r.chance(0.12)) {
        rule.present.push_back(fs[i]);
        (r.chance(0.15) ? rule.absent : rule.present).push_back(fs[i + 1]);
        rule.effects.push_back({effect_kind::for_, c, draw_lr(r, 2.0, 50.0)});
        for (auto f : rule.present) positive[c].push_back(f);
        ++i;
      } else if (r.chance(0.06)) {
        rule.present.push_back(fs[i]);
        rule.effects.push_back({effect_kind::against, c, draw_lr(r, 0.1, 0.8)});
      } else {
        rule.present.push_back(fs[i]);
        rule.effects.push_back({effect_kind::for_, c, draw_lr(r, 1.2, 30.0)});
        positive[c].push_back(fs[i]);
        if (r.chance(0.08)) {
          synth_rule sensitivity;
          sensitivity.absent.push_back(fs[i]);
          sensitivity.effects.push_back({effect_kind::against, c, draw_lr(r, 0.05, 0.7)});
          kb.rules.push_back(std::move(sensitivity));
        }
      }
      kb.rules.push_back(std::move(rule));
    }
  }

  /// Links per condition vary from half to one and a half times the mean and add up to `links` exactly.
  std::vector<std::uint32_t> link_counts() {
    const double mean = static_cast<double>(p.links) / p.conditions;
    const std::uint32_t low = 2, high = std::max<std::uint32_t>(low, p.findings / 2);
    std::vector<std::uint32_t> counts;
    std::uint64_t total = 0;
    for (std::uint32_t c = 0; c < p.conditions; ++c) {
      counts.push_back(std::clamp<std::uint32_t>(static_cast<std::uint32_t>(std::lround(mean * (0.5 + r.unit()))), low, high));
      total += counts.back();
    }
    for (std::uint32_t guard = 0; total != p.links && guard < 100 * p.links; ++guard) {
      auto& n = counts[r.below(p.conditions)];
      if (total < p.links && n < high) { ++n; ++total; }
      else if (total > p.links && n > low) { --n; --total; }
    }
    return counts;
  }

  void add_links() {
    const auto counts = link_counts();
    for (std::uint32_t c = 0; c < p.conditions; ++c) {
      linked[c] = pick_links(counts[c]);
      kb.link_count += static_cast<std::uint32_t>(linked[c].size());
      add_link_rules(c, linked[c]);
    }
  }

  std::uint32_t from_condition(std::uint32_t c) {
    const auto& fs = linked[c];
    return fs[r.below(fs.size())];
  }

  void add_facts(std::vector<std::uint32_t>& home) {
    for (std::uint32_t d = 0; d < p.facts; ++d) {
      const auto c = static_cast<std::uint32_t>(r.below(p.conditions));
      home.push_back(c);
      const std::uint32_t writers = r.chance(0.3) ? 2 : 1;
      for (std::uint32_t w = 0; w < writers; ++w) {
        synth_rule rule;
        rule.present.push_back(from_condition(c));
        if (d > 0 && r.chance(0.3)) rule.facts.push_back(static_cast<std::uint32_t>(r.below(d)));
        else {
          const std::uint32_t f = from_condition(c);
          if (f != rule.present[0]) rule.present.push_back(f);
        }
        rule.effects.push_back({effect_kind::assert_, d, 1});
        kb.rules.push_back(std::move(rule));
      }
    }
  }

  void add_fact_readers(const std::vector<std::uint32_t>& home) {
    for (std::uint32_t d = 0; d < p.facts; ++d) {
      const std::uint32_t readers = r.between(2, 4);
      for (std::uint32_t k = 0; k < readers; ++k) {
        const auto c = k == 0 ? home[d] : static_cast<std::uint32_t>(r.below(p.conditions));
        synth_rule rule;
        rule.facts.push_back(d);
        if (r.chance(0.4)) rule.present.push_back(from_condition(c));
        rule.effects.push_back({effect_kind::for_, c, draw_lr(r, 1.5, 20.0)});
        if (r.chance(0.3)) {
          const auto other = static_cast<std::uint32_t>(r.below(p.conditions));
          if (other != c) rule.effects.push_back({effect_kind::against, other, draw_lr(r, 0.2, 0.8)});
        }
        kb.rules.push_back(std::move(rule));
      }
    }
  }

  void add_flags() {
    for (std::uint32_t g = 0; g < p.flags; ++g) kb.flag_level.push_back(static_cast<std::uint8_t>(r.below(5)));
    for (std::uint32_t k = 0; k < p.flag_rules; ++k) {
      const auto c = static_cast<std::uint32_t>(r.below(p.conditions));
      synth_rule rule;
      rule.present.push_back(from_condition(c));
      if (r.chance(0.5)) {
        const std::uint32_t f = from_condition(c);
        if (f != rule.present[0]) rule.present.push_back(f);
      }
      if (p.facts > 0 && r.chance(0.1)) rule.facts.push_back(static_cast<std::uint32_t>(r.below(p.facts)));
      rule.effects.push_back({effect_kind::raise, static_cast<std::uint32_t>(r.below(p.flags)), 1});
      kb.rules.push_back(std::move(rule));
    }
  }

  std::uint32_t draw_condition(const std::vector<double>& cumulative) {
    const double u = r.unit() * cumulative.back();
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
    return static_cast<std::uint32_t>(std::min<std::size_t>(it - cumulative.begin(), cumulative.size() - 1));
  }

  static bool contains(const std::vector<std::uint32_t>& v, std::uint32_t x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  }

  synth_case draw_case(const std::vector<double>& cumulative) {
    synth_case out;
    out.truth = draw_condition(cumulative);
    const std::uint32_t n = r.between(p.present_min, p.present_max);
    std::vector<std::uint32_t> signal = positive[out.truth];
    const auto wanted = static_cast<std::uint32_t>(n * (0.4 + 0.3 * r.unit()));
    for (std::uint32_t k = 0; k < wanted && !signal.empty(); ++k) {
      const auto j = r.below(signal.size());
      if (!contains(out.present, signal[j])) out.present.push_back(signal[j]);
      signal[j] = signal.back();
      signal.pop_back();
    }
    while (out.present.size() < n) {
      const std::uint32_t f = picker.uniform();
      if (!contains(out.present, f)) out.present.push_back(f);
    }
    const std::uint32_t a = r.between(p.absent_min, p.absent_max);
    while (out.absent.size() < a) {
      const std::uint32_t f = r.chance(0.5) ? from_condition(out.truth) : picker.uniform();
      if (!contains(out.present, f) && !contains(out.absent, f)) out.absent.push_back(f);
    }
    return out;
  }

  void add_cases() {
    std::vector<double> cumulative;
    double total = 0;
    for (double prior : kb.prior) cumulative.push_back(total += prior);
    for (std::uint32_t k = 0; k < p.cases; ++k) kb.cases.push_back(draw_case(cumulative));
  }
};

std::string padded(const char* prefix, std::uint32_t index, std::uint32_t count) {
  int width = 1;
  for (std::uint32_t n = count > 0 ? count - 1 : 0; n >= 10; n /= 10) ++width;
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%s%0*u", prefix, width, index);
  return buffer;
}

}  // namespace

synth_params running_scale() {
  synth_params p;
  p.name = "running";
  return p;
}

synth_params dxplain_scale() {
  synth_params p;
  p.name = "dxplain";
  p.conditions = 2600;
  p.findings = 5000;
  p.links = 230000;
  p.facts = 2000;
  p.flags = 60;
  p.flag_rules = 300;
  return p;
}

synth_params multiple_of_running(std::uint32_t scale_factor) {
  synth_params p = running_scale();
  std::string name = std::to_string(scale_factor);
  name.insert(name.begin(), 'x');
  p.name = std::move(name);
  p.conditions *= scale_factor;
  p.findings *= scale_factor;
  p.links *= scale_factor;
  p.facts *= scale_factor;
  p.flags *= scale_factor;
  p.flag_rules *= scale_factor;
  return p;
}

synth_kb generate(const synth_params& params) {
  builder b(params);
  b.add_conditions();
  b.add_links();
  std::vector<std::uint32_t> home;
  b.add_facts(home);
  b.add_fact_readers(home);
  b.add_flags();
  b.add_cases();
  return std::move(b.kb);
}

std::string condition_name(const synth_kb& kb, std::uint32_t i) { return padded("c", i, kb.params.conditions); }
std::string finding_name(const synth_kb& kb, std::uint32_t i) { return padded("f.n", i, kb.params.findings); }
std::string fact_name(const synth_kb& kb, std::uint32_t i) { return padded("d", i, kb.params.facts); }
std::string flag_name(const synth_kb& kb, std::uint32_t i) { return padded("fl", i, kb.params.flags); }
std::string rule_name(const synth_kb& kb, std::uint32_t i) {
  return padded("r", i, static_cast<std::uint32_t>(kb.rules.size()));
}

const char* level_name(std::uint8_t level) {
  static const char* const names[] = {"self_care", "modify_training", "stop_and_assess", "urgent_care",
                                      "emergency"};
  return names[level < 5 ? level : 0];
}

std::vector<double> log_priors(const synth_kb& kb) {
  constexpr double other_prior = 0.10;
  double total = 0;
  for (double p : kb.prior) total += p;
  std::vector<double> out;
  for (double p : kb.prior) out.push_back(std::log((1 - other_prior) * p / total));
  return out;
}

}  // namespace ddx::tools::bench
