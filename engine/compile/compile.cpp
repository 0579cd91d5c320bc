// engine/compile/compile.cpp: model -> network graph and the dense arrays, rules in rule_order (a topological order).
#include "engine/compile/compile.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "engine/compile/steps.hpp"

namespace ddx::engine {
namespace {

std::vector<std::uint32_t> id_order(std::size_t n, auto id_of) {
  std::vector<std::uint32_t> by_id(n), rank(n);
  std::iota(by_id.begin(), by_id.end(), 0u);
  std::sort(by_id.begin(), by_id.end(), [&](auto a, auto b) { return id_of(a) < id_of(b); });
  for (std::uint32_t i = 0; i < n; ++i) rank[by_id[i]] = i;
  return rank;
}

std::string rule_location(const grammar::source_manager& sources, grammar::source_span span) {
  const auto& f = sources.file(span.file);
  return fmt::format("{}:{}", f.path(), f.location(span.begin).line);
}

void compile_priors(compiled_kb& kb) {
  const model& m = kb.m;
  double sum = 0;
  for (const auto& c : m.conditions) sum += c.prior;
  kb.log_other_prior = std::log(m.other_prior);
  kb.base_z = m.other_prior;
  kb.log_prior.reserve(m.conditions.size());
  kb.prior_mass.reserve(m.conditions.size());
  for (const auto& c : m.conditions) {
    const double pi = (1 - m.other_prior) * c.prior / sum;
    kb.log_prior.push_back(std::log(pi));
    kb.prior_mass.push_back(pi);
    kb.base_z += pi;
  }
  kb.conditions_have_urgency =
      std::any_of(m.conditions.begin(), m.conditions.end(), [](const model_condition& c) { return c.urgency.has_value(); });
}

void compile_finding_names(compiled_kb& kb) {
  std::size_t finding_chars = 0;
  for (const auto& f : kb.m.findings) finding_chars += f.id.size();
  kb.finding_names.reserve(kb.m.findings.size(), finding_chars);
  for (std::uint32_t f = 0; f < kb.m.findings.size(); ++f) kb.finding_names.add(kb.m.findings[f].id, {node_kind::finding, f});
}

}  // namespace

std::string compiled_kb::rule_location(rule_id r) const {
  return fmt::format("{}:{}", file_paths.at(model_rule_of(r).span.file), rules[r].line);
}

csr csr::from_rows(const std::vector<std::vector<std::uint32_t>>& rows) {
  csr out;
  out.offsets.reserve(rows.size() + 1);
  for (const auto& row : rows) {
    out.items.insert(out.items.end(), row.begin(), row.end());
    out.offsets.push_back(static_cast<std::uint32_t>(out.items.size()));
  }
  return out;
}

std::shared_ptr<compiled_kb> compile(model m, const grammar::source_manager& sources, kb_info info) {
  auto kb = std::make_shared<compiled_kb>();
  kb->m = std::move(m);
  kb->info = std::move(info);
  kb->finding_order = id_order(kb->m.findings.size(), [&](auto i) -> const std::string& { return kb->m.findings[i].id; });
  kb->condition_order = id_order(kb->m.conditions.size(), [&](auto i) -> const std::string& { return kb->m.conditions[i].id; });
  kb->flag_order = id_order(kb->m.flags.size(), [&](auto i) -> const std::string& { return kb->m.flags[i].id; });
  for (grammar::file_id f = 0; f < sources.size(); ++f) kb->file_paths.push_back(sources.file(f).path());
  detail::compile_rules(*kb, sources, schedule_rules(kb->m));
  for (const auto& t : kb->m.tests) kb->test_locations.push_back(rule_location(sources, t.span));
  detail::compile_questions(*kb);
  compile_priors(*kb);
  compile_literal_groups(*kb);
  compile_finding_names(*kb);
  return kb;
}

}  // namespace ddx::engine
