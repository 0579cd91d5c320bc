// engine/rank/diagnosis.cpp: differential with evidence, flags, unused findings, derived facts, trace, questions.
#include "engine/rank/diagnosis.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "engine/infer/trace.hpp"
#include "engine/rank/next_question.hpp"
#include "engine/rank/score.hpp"
#include "engine/rank/triage.hpp"

namespace ddx::engine::detail {
namespace {

ranked_condition ranked(const compiled_kb& kb, const raw_ranking::candidate& d, std::uint32_t rank) {
  const model_condition& c = kb.m.conditions[d.condition];
  ranked_condition out;
  out.rank = rank;
  out.id = c.id;
  out.name = c.name;
  out.region = c.region;
  out.score = d.score;
  out.log_prior = kb.log_prior[d.condition];
  out.log_score = d.log_score;
  out.advice = c.advice;
  out.sources = c.sources;
  return out;
}

/// Fired rules in declaration order, so evidence lists read like the knowledge base.
std::vector<rule_id> fired_in_declaration_order(const compiled_kb& kb, const raw_ranking& raw) {
  std::vector<rule_id> fired(raw.fired_rules.begin(), raw.fired_rules.end());
  std::sort(fired.begin(), fired.end(), [&](rule_id a, rule_id b) { return kb.rules[a].model_index < kb.rules[b].model_index; });
  return fired;
}

void add_evidence(const compiled_kb& kb, const scratch_state& s, const raw_ranking& raw,
                  std::vector<ranked_condition>& differential, const std::vector<condition_id>& listed) {
  std::unordered_map<condition_id, std::size_t> position;
  for (std::size_t i = 0; i < listed.size(); ++i) position.emplace(listed[i], i);
  for (rule_id r : fired_in_declaration_order(kb, raw)) {
    for (std::uint32_t e = kb.hot[r].effect_begin; e < kb.hot[r].effect_end; ++e) {
      const hot_effect& eff = kb.hot_effects[e];
      if (eff.k != model_effect::kind::support && eff.k != model_effect::kind::oppose) continue;
      const auto it = position.find(eff.target);
      if (it == position.end()) continue;
      auto& into = eff.k == model_effect::kind::support ? differential[it->second].evidence_for
                                                        : differential[it->second].evidence_against;
      into.push_back(evidence_of(kb, s, r, eff));
    }
  }
}

std::vector<raised_flag> flags_of(const compiled_kb& kb, const scratch_state& s, const raw_ranking& raw) {
  std::vector<raised_flag> out;
  for (flag_id f : raw.flags) {
    const model_flag& mf = kb.m.flags[f];
    const rule_id r = s.flags[f].rule;
    raised_flag flag{mf.id, mf.label, mf.level, mf.advice, {}, kb.rule_location(r), std::string(kb.rule_id_of(r))};
    std::vector<std::string> absent;
    because_of(kb, s, r, flag.because, absent);
    out.push_back(std::move(flag));
  }
  return out;
}

std::vector<std::string> unused_findings(const compiled_kb& kb, const resolved_case& c) {
  std::vector<std::string> out;
  for (const auto* list : {&c.present, &c.absent})
    for (finding_id f : *list)
      if (kb.finding_readers.row(f).empty()) out.push_back(kb.m.findings[f].id);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> derived_facts(const compiled_kb& kb, const scratch_state& s) {
  std::vector<std::string> out;
  for (fact_id f : s.true_facts) out.push_back(kb.m.facts[f].id);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

evidence_item evidence_of(const compiled_kb& kb, const scratch_state& s, rule_id r, const hot_effect& e) {
  evidence_item item;
  item.rule = kb.rule_location(r);
  item.rule_id = kb.rule_id_of(r);
  item.weight = e.weight;
  item.lr = e.factor;
  item.text = kb.model_rule_of(r).text;
  because_of(kb, s, r, item.because, item.because_absent);
  return item;
}

diagnosis_result diagnose_case(const compiled_kb& kb, const resolved_case& c, const diagnose_options& options,
                               scratch_state& s, raw_ranking& raw) {
  // The state goes back to its pool after this call, thrown out of or not: it must not keep this call's deadline.
  struct deadline_scope {
    scratch_state& s;
    ~deadline_scope() { s.deadline.reset(); }
  } scope{s};
  s.deadline = options.deadline;
  check_deadline(s.deadline);
  s.record_steps = options.trace;
  rank_case(kb, c, s, std::nullopt, raw);
  s.record_steps = false;
  check_deadline(s.deadline);
  diagnosis_result out;
  out.case_id = c.id;
  out.kb = kb.info;
  out.disclaimer = kb.m.disclaimer;
  out.triage = raw.triage;
  out.flags = flags_of(kb, s, raw);
  out.triage_set_by = setter_of(kb, raw);
  out.urgent_conditions = urgencies_of(kb, raw);
  out.urgency_threshold = kb.m.urgency_threshold;
  out.log_other_prior = kb.log_other_prior;
  out.other_score = raw.other_score;
  const std::size_t keep = std::min(raw.differential.size(), options.top.value_or(raw.differential.size()));
  std::vector<condition_id> listed;
  double listed_score = 0;
  for (std::size_t i = 0; i < keep; ++i) {
    out.differential.push_back(ranked(kb, raw.differential[i], static_cast<std::uint32_t>(i + 1)));
    listed.push_back(raw.differential[i].condition);
    listed_score += raw.differential[i].score;
  }
  out.unlisted_score = std::max(0.0, 1.0 - raw.other_score - listed_score);
  add_evidence(kb, s, raw, out.differential, listed);
  out.unused_findings = unused_findings(kb, c);
  out.derived_facts = derived_facts(kb, s);
  if (options.trace) out.trace = build_trace(kb, s);
  check_deadline(s.deadline);
  if (options.next_questions) out.next_questions = next_questions(kb, c, raw, s, options.max_next_questions);
  return out;
}

}  // namespace ddx::engine::detail
