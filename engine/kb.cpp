// engine/kb.cpp: the knowledge_base's queries, each handed to its stage (loading is engine/load/).
#include "engine/kb.hpp"

#include "engine/infer/resolve.hpp"
#include "engine/compile/network.hpp"
#include "engine/explain/explain.hpp"
#include "engine/infer/pool.hpp"
#include "engine/rank/diagnosis.hpp"
#include "engine/rank/score.hpp"
#include "engine/testing/run_tests.hpp"

namespace ddx::engine {

knowledge_base::knowledge_base(std::shared_ptr<const compiled_kb> impl)
    : impl_(std::move(impl)), pool_(std::make_shared<detail::scratch_pool>()) {}

const kb_info& knowledge_base::info() const { return impl_->info; }
const std::string& knowledge_base::disclaimer() const { return impl_->m.disclaimer; }
std::vector<vocab_entry> knowledge_base::vocabulary() const { return detail::vocabulary_of(impl_->m); }

std::optional<resolved_case> knowledge_base::resolve(const case_input& input, std::vector<case_error>& errors) const {
  resolved_case out;
  if (!resolve(input, out, errors)) return std::nullopt;
  return out;
}

bool knowledge_base::resolve(const case_input& input, resolved_case& out, std::vector<case_error>& errors) const {
  return detail::resolve_case(*impl_, input, out, errors);
}

void knowledge_base::rank(const resolved_case& c, inference_scratch& scratch, raw_ranking& out,
                          std::optional<std::size_t> top) const {
  detail::rank_case(*impl_, c, scratch.state(), top, out);
}

diagnosis_result knowledge_base::diagnose(const resolved_case& c, const diagnose_options& options) const {
  detail::scratch_lease s(*pool_, *impl_);
  raw_ranking raw;
  return detail::diagnose_case(*impl_, c, options, *s, raw);
}

std::optional<explanation> knowledge_base::explain(const resolved_case& c, std::string_view condition_id) const {
  const auto ref = impl_->m.names.find(condition_id);
  if (!ref || ref->kind != node_kind::condition) return std::nullopt;
  detail::scratch_lease s(*pool_, *impl_);
  return detail::explain_condition(*impl_, c, ref->index, *s);
}

std::vector<test_outcome> knowledge_base::run_tests(std::string_view filter, coverage_report* coverage) const {
  detail::scratch_lease s(*pool_, *impl_);
  return detail::run_tests(*impl_, *s, filter, coverage);
}

std::size_t knowledge_base::condition_count() const { return impl_->m.conditions.size(); }
const std::string& knowledge_base::condition_id(std::uint32_t condition) const { return impl_->m.conditions.at(condition).id; }
std::size_t knowledge_base::finding_count() const { return impl_->m.findings.size(); }
const std::string& knowledge_base::finding_id(std::uint32_t finding) const { return impl_->m.findings.at(finding).id; }
std::size_t knowledge_base::rule_count() const { return impl_->rules.size(); }
std::string knowledge_base::rule_location(std::uint32_t rule) const { return impl_->rule_location(rule); }

std::optional<std::uint32_t> knowledge_base::finding_index(std::string_view id) const {
  const auto ref = impl_->finding_names.find(id);
  if (!ref) return std::nullopt;
  return ref->index;
}

std::optional<std::uint32_t> knowledge_base::value_index(std::string_view id) const {
  const auto ref = impl_->m.names.find(id);
  if (!ref || ref->kind != node_kind::value) return std::nullopt;
  return ref->index;
}

}  // namespace ddx::engine
