// tools/bench/synth.hpp: synthetic knowledge bases and cases for the benchmark (deterministic from a seed).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ddx::tools::bench {

/// Sizes of one synthetic knowledge base and its case set.
struct synth_params {
  std::string name;                  ///< "running", "dxplain", "x10", ...
  std::uint32_t conditions = 50;
  std::uint32_t findings = 200;
  std::uint32_t links = 1500;        ///< condition-finding pairs in `for`/`against` rules
  std::uint32_t facts = 40;          ///< derived facts
  std::uint32_t flags = 5;
  std::uint32_t flag_rules = 10;
  std::uint32_t cases = 1000;
  std::uint32_t present_min = 10, present_max = 30;
  std::uint32_t absent_min = 1, absent_max = 4;
  std::uint64_t seed = 20261123;
};

/// The named scales of docs/performance.md; `scale_factor` multiplies the running scale.
synth_params running_scale();
synth_params dxplain_scale();
synth_params multiple_of_running(std::uint32_t scale_factor);

enum class effect_kind : std::uint8_t { for_, against, assert_, raise };

struct synth_effect {
  effect_kind kind = effect_kind::for_;
  std::uint32_t target = 0;  ///< condition, fact or flag index
  double lr = 1;             ///< as written in the rule text (3 decimals)
};

/// `when` is a conjunction: present findings, absent findings (`not f`) and derived facts.
struct synth_rule {
  std::vector<std::uint32_t> present, absent, facts;
  std::vector<synth_effect> effects;
};

struct synth_case {
  std::uint32_t truth = 0;  ///< the condition the case was drawn from
  std::vector<std::uint32_t> present, absent;
};

struct synth_kb {
  synth_params params;
  std::vector<std::string> prior_class;  ///< per condition: very_common ... very_rare
  std::vector<double> prior;             ///< per condition: the class probability
  std::vector<std::uint8_t> flag_level;  ///< per flag: 0 (self_care) ... 4 (emergency)
  std::vector<synth_rule> rules;         ///< rules asserting a fact come before rules reading it
  std::vector<synth_case> cases;
  std::uint32_t link_count = 0;          ///< links actually generated
};

synth_kb generate(const synth_params& params);

// Names shared by the ddx and CLIPS emitters, zero-padded so that text order is index order.
std::string condition_name(const synth_kb& kb, std::uint32_t index);
std::string finding_name(const synth_kb& kb, std::uint32_t index);
std::string fact_name(const synth_kb& kb, std::uint32_t index);
std::string flag_name(const synth_kb& kb, std::uint32_t index);
std::string rule_name(const synth_kb& kb, std::uint32_t index);
const char* level_name(std::uint8_t level);

/// ln of the normalised prior, as docs/scoring.md defines it (other_prior 0.10).
std::vector<double> log_priors(const synth_kb& kb);

namespace detail {

/// Distributions written out on top of mt19937_64 so output never depends on the standard library.
class rng {
 public:
  explicit rng(std::uint64_t seed) : engine_(seed) {}
  std::uint64_t below(std::uint64_t n);                       ///< uniform in [0, n)
  std::uint32_t between(std::uint32_t lo, std::uint32_t hi);  ///< uniform in [lo, hi]
  double unit();                                              ///< uniform in [0, 1)
  bool chance(double p) { return unit() < p; }

 private:
  std::mt19937_64 engine_;
};

}  // namespace detail
}  // namespace ddx::tools::bench
