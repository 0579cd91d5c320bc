// tools/bench/emit_ddx.cpp: a synthetic knowledge base as ddx rule text, and its cases as plain lines.
#include <fmt/format.h>

#include "tools/bench/emit.hpp"

namespace ddx::tools::bench {
namespace {

void emit_when(const synth_kb& kb, const synth_rule& rule, fmt::memory_buffer& out) {
  const char* sep = "";
  for (auto f : rule.present) { fmt::format_to(std::back_inserter(out), "{}{}", sep, finding_name(kb, f)); sep = " and "; }
  for (auto f : rule.absent) { fmt::format_to(std::back_inserter(out), "{}not {}", sep, finding_name(kb, f)); sep = " and "; }
  for (auto d : rule.facts) { fmt::format_to(std::back_inserter(out), "{}{}", sep, fact_name(kb, d)); sep = " and "; }
}

void emit_effect(const synth_kb& kb, const synth_effect& e, fmt::memory_buffer& out) {
  auto it = std::back_inserter(out);
  switch (e.kind) {
    case effect_kind::for_: fmt::format_to(it, "for {} lr {:.3f}", condition_name(kb, e.target), e.lr); break;
    case effect_kind::against: fmt::format_to(it, "against {} lr {:.3f}", condition_name(kb, e.target), e.lr); break;
    case effect_kind::assert_: fmt::format_to(it, "assert {}", fact_name(kb, e.target)); break;
    case effect_kind::raise: fmt::format_to(it, "raise {}", flag_name(kb, e.target)); break;
  }
}

void emit_rules(const synth_kb& kb, fmt::memory_buffer& out) {
  for (std::uint32_t i = 0; i < kb.rules.size(); ++i) {
    const auto& rule = kb.rules[i];
    fmt::format_to(std::back_inserter(out), "rule {} \"synthetic rule\"\n  when ", rule_name(kb, i));
    emit_when(kb, rule, out);
    fmt::format_to(std::back_inserter(out), "\n  then ");
    for (std::size_t k = 0; k < rule.effects.size(); ++k) {
      if (k > 0) fmt::format_to(std::back_inserter(out), ", ");
      emit_effect(kb, rule.effects[k], out);
    }
    fmt::format_to(std::back_inserter(out), "\n  source \"synthetic\"\n");
  }
}

}  // namespace

std::string emit_ddx(const synth_kb& kb) {
  const auto& p = kb.params;
  fmt::memory_buffer out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "# Synthetic knowledge base `{}` (seed {}), written by ddx_bench_gen.\n", p.name, p.seed);
  fmt::format_to(it, "knowledge_base \"synthetic-{}\"\n  version \"1\"\n  other_prior 0.10\n  regions synthetic\n\n",
                 p.name);
  for (std::uint32_t f = 0; f < p.findings; ++f)
    fmt::format_to(it, "finding {} symptom \"finding {}\"\n", finding_name(kb, f), f);
  for (std::uint32_t c = 0; c < p.conditions; ++c)
    fmt::format_to(it, "condition {} \"condition {}\"\n  region synthetic\n  prior {}\n  source \"synthetic\"\n",
                   condition_name(kb, c), c, kb.prior_class[c]);
  for (std::uint32_t d = 0; d < p.facts; ++d)
    fmt::format_to(it, "fact {} \"fact {}\"\n  source \"synthetic\"\n", fact_name(kb, d), d);
  for (std::uint32_t g = 0; g < p.flags; ++g)
    fmt::format_to(it, "flag {} \"flag {}\"\n  level {}\n  source \"synthetic\"\n", flag_name(kb, g), g,
                   level_name(kb.flag_level[g]));
  emit_rules(kb, out);
  return fmt::to_string(out);
}

std::string emit_cases(const synth_kb& kb) {
  fmt::memory_buffer out;
  auto it = std::back_inserter(out);
  for (std::uint32_t k = 0; k < kb.cases.size(); ++k) {
    const auto& c = kb.cases[k];
    fmt::format_to(it, "{} {} |", k, condition_name(kb, c.truth));
    for (auto f : c.present) fmt::format_to(it, " {}", finding_name(kb, f));
    fmt::format_to(it, " |");
    for (auto f : c.absent) fmt::format_to(it, " {}", finding_name(kb, f));
    fmt::format_to(it, "\n");
  }
  return fmt::to_string(out);
}

}  // namespace ddx::tools::bench
