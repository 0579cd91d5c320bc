// tools/json/result_io.cpp: JSON writers for results, explanations, diagnostics, tests and vocabulary.
#include "tools/json/result_io.hpp"

#include "tools/json/json_util.hpp"

namespace ddx::tools {
namespace {

using oj = nlohmann::ordered_json;

oj strings(const std::vector<std::string>& v) {
  oj a = oj::array();
  for (const auto& s : v) a.push_back(s);
  return a;
}

oj optional_string(const std::string& s) { return s.empty() ? oj(nullptr) : oj(s); }

oj kb_json(const engine::kb_info& kb) {
  oj j;
  j["name"] = kb.name;
  j["version"] = kb.version;
  j["digest"] = kb.digest;
  return j;
}

oj flag_json(const engine::raised_flag& f) {
  oj j;
  j["id"] = f.id;
  j["label"] = f.label;
  j["level"] = engine::triage_name(f.level);
  j["advice"] = f.advice;
  j["because"] = strings(f.because);
  j["rule"] = f.rule;
  j["rule_id"] = f.rule_id;
  return j;
}

oj setter_json(const engine::triage_setter& s) {
  oj j;
  j["kind"] = engine::setter_kind_name(s.k);
  j["id"] = optional_string(s.id);
  j["label"] = optional_string(s.label);
  j["level"] = engine::triage_name(s.level);
  return j;
}

oj urgency_json(const engine::condition_urgency& c) {
  oj j;
  j["id"] = c.id;
  j["name"] = c.name;
  j["urgency"] = engine::triage_name(c.urgency);
  j["score"] = round_number(c.score);
  j["share"] = round_number(c.share);
  j["range"] = c.declared_low == c.declared_high
                   ? oj(nullptr)
                   : oj{{"low", engine::triage_name(c.declared_low)}, {"high", engine::triage_name(c.declared_high)}};
  j["lowered_by"] = optional_string(c.lowered_by);
  return j;
}

oj evidence_json(const engine::evidence_item& e) {
  oj j;
  j["rule"] = e.rule;
  j["weight"] = round_number(e.weight);
  j["because"] = strings(e.because);
  j["text"] = e.text;
  j["rule_id"] = e.rule_id;
  j["lr"] = round_number(e.lr);
  j["because_absent"] = strings(e.because_absent);
  return j;
}

oj evidence_list(const std::vector<engine::evidence_item>& items) {
  oj a = oj::array();
  for (const auto& e : items) a.push_back(evidence_json(e));
  return a;
}

oj condition_json(const engine::ranked_condition& c) {
  oj j;
  j["rank"] = c.rank;
  j["id"] = c.id;
  j["name"] = c.name;
  j["score"] = round_number(c.score);
  j["evidence"]["for"] = evidence_list(c.evidence_for);
  j["evidence"]["against"] = evidence_list(c.evidence_against);
  j["advice"] = c.advice;
  j["sources"] = strings(c.sources);
  j["region"] = c.region;
  j["log_prior"] = round_number(c.log_prior);
  j["log_score"] = round_number(c.log_score);
  return j;
}

oj question_json(const engine::next_question& q) {
  oj j;
  j["finding"] = q.finding;
  j["label"] = q.label;
  j["value"] = round_number(q.value);
  return j;
}

oj trace_json(const engine::trace_step& s) {
  oj j;
  j["step"] = s.step;
  j["rule"] = s.rule;
  j["rule_id"] = s.rule_id;
  j["outcome"] = truth_name(s.outcome);
  j["because"] = strings(s.because);
  j["effects"] = strings(s.effects);
  j["because_absent"] = strings(s.because_absent);
  j["changes"] = oj::array();
  for (const auto& c : s.changes) {
    oj change;
    change["condition"] = c.condition;
    change["effect"] = c.supports ? "for" : "against";
    change["lr"] = round_number(c.lr);
    change["weight"] = round_number(c.weight);
    change["score_after"] = s.outcome == engine::truth::truth_ ? oj(round_number(c.score_after)) : oj(nullptr);
    j["changes"].push_back(std::move(change));
  }
  j["asserts"] = strings(s.asserts);
  j["raises"] = strings(s.raises);
  j["blocking"] = strings(s.blocking);
  j["blocking_absent"] = strings(s.blocking_absent);
  j["waiting_for"] = strings(s.waiting_for);
  j["blocked_by_unless"] = strings(s.blocked_by_unless);
  j["blocked_by_unless_absent"] = strings(s.blocked_by_unless_absent);
  return j;
}

oj rule_status_json(const engine::rule_status& r) {
  oj j;
  j["rule"] = r.rule;
  j["rule_id"] = r.rule_id;
  j["text"] = r.text;
  j["effect"] = r.supports ? "for" : "against";
  j["weight"] = round_number(r.weight);
  j["outcome"] = truth_name(r.outcome);
  j["satisfied"] = strings(r.satisfied);
  j["blocking"] = strings(r.blocking);
  j["waiting_for"] = strings(r.waiting_for);
  j["blocking_absent"] = strings(r.blocking_absent);
  j["blocked_by_unless"] = strings(r.blocked_by_unless);
  j["blocked_by_unless_absent"] = strings(r.blocked_by_unless_absent);
  return j;
}

oj position_json(const grammar::source_span& span, const grammar::source_manager& sources) {
  oj j;
  if (span.file < sources.size()) {
    const auto& f = sources.file(span.file);
    const auto lc = f.location(span.begin);
    j["file"] = f.path();
    j["line"] = lc.line;
    j["column"] = lc.column;
  } else {
    j["file"] = "";
    j["line"] = 0;
    j["column"] = 0;
  }
  return j;
}

}  // namespace

const char* truth_name(engine::truth t) {
  switch (t) {
    case engine::truth::truth_: return "true";
    case engine::truth::falsehood: return "false";
    default: return "unknown";
  }
}

oj trace_step_json(const engine::trace_step& s) { return trace_json(s); }

oj result_json(const engine::diagnosis_result& r, bool with_trace) {
  oj j;
  j["case"] = optional_string(r.case_id);
  j["kb"] = kb_json(r.kb);
  j["triage"]["level"] = engine::triage_name(r.triage);
  j["triage"]["flags"] = oj::array();
  for (const auto& f : r.flags) j["triage"]["flags"].push_back(flag_json(f));
  j["triage"]["set_by"] = setter_json(r.triage_set_by);
  j["triage"]["conditions"] = oj::array();
  for (const auto& c : r.urgent_conditions) j["triage"]["conditions"].push_back(urgency_json(c));
  j["triage"]["urgency_threshold"] = round_number(r.urgency_threshold);
  j["differential"] = oj::array();
  for (const auto& c : r.differential) j["differential"].push_back(condition_json(c));
  j["next_questions"] = oj::array();
  for (const auto& q : r.next_questions) j["next_questions"].push_back(question_json(q));
  j["unused_findings"] = strings(r.unused_findings);
  j["disclaimer"] = r.disclaimer;
  j["other_score"] = round_number(r.other_score);
  j["unlisted_score"] = round_number(r.unlisted_score);
  j["log_other_prior"] = round_number(r.log_other_prior);
  j["derived_facts"] = strings(r.derived_facts);
  if (with_trace) {
    j["trace"] = oj::array();
    for (const auto& s : r.trace) j["trace"].push_back(trace_json(s));
  }
  return j;
}

oj explanation_json(const engine::explanation& e, const std::string& case_id, const engine::kb_info& kb) {
  oj j;
  j["case"] = optional_string(case_id);
  j["kb"] = kb_json(kb);
  j["condition"] = e.condition;
  j["name"] = e.name;
  j["rank"] = e.rank ? oj(*e.rank) : oj(nullptr);
  j["score"] = round_number(e.score);
  j["log_prior"] = round_number(e.log_prior);
  j["log_score"] = round_number(e.log_score);
  j["summary"] = e.summary;
  j["rules"] = oj::array();
  for (const auto& r : e.rules) j["rules"].push_back(rule_status_json(r));
  j["urgency"] = e.urgency ? oj(engine::triage_name(*e.urgency)) : oj(nullptr);
  j["urgency_low"] = e.urgency_low ? oj(engine::triage_name(*e.urgency_low)) : oj(nullptr);
  j["counts_for_triage"] = e.counts_for_triage;
  j["counted_urgency"] = e.counted_urgency ? oj(engine::triage_name(*e.counted_urgency)) : oj(nullptr);
  j["triage"]["level"] = engine::triage_name(e.triage);
  j["triage"]["set_by"] = setter_json(e.triage_set_by);
  j["triage_summary"] = e.triage_summary;
  return j;
}

oj diagnostic_json(const grammar::diagnostic& d, const grammar::source_manager& sources) {
  oj j = position_json(d.span, sources);
  j["severity"] = grammar::severity_name(d.level);
  j["code"] = d.code;
  j["message"] = d.message;
  j["hint"] = d.hint;
  j["notes"] = oj::array();
  for (const auto& n : d.notes) {
    oj note = position_json(n.span, sources);
    note["message"] = n.message;
    j["notes"].push_back(std::move(note));
  }
  j["fixes"] = oj::array();
  for (const auto& f : d.fixes) {
    oj fix = position_json(f.span, sources);
    if (f.span.file < sources.size()) {
      const auto end = sources.file(f.span.file).location(f.span.end);
      fix["end_line"] = end.line;
      fix["end_column"] = end.column;
    }
    fix["title"] = f.title;
    fix["replacement"] = f.replacement;
    j["fixes"].push_back(std::move(fix));
  }
  return j;
}

oj diagnostics_json(const grammar::diagnostics& ds, const grammar::source_manager& sources) {
  oj j;
  j["diagnostics"] = oj::array();
  for (const auto& d : ds.all()) j["diagnostics"].push_back(diagnostic_json(d, sources));
  j["errors"] = ds.error_count();
  j["warnings"] = ds.warning_count();
  return j;
}

oj test_outcomes_json(const std::vector<engine::test_outcome>& outcomes, const engine::coverage_report* coverage) {
  oj j;
  j["tests"] = oj::array();
  std::size_t passed = 0;
  for (const auto& t : outcomes) {
    oj o;
    o["id"] = t.id;
    o["label"] = t.label;
    o["location"] = t.location;
    o["passed"] = t.passed;
    o["failures"] = strings(t.failures);
    o["top"] = oj::array();
    for (std::size_t i = 0; i < t.result.differential.size() && i < 5; ++i) {
      const auto& c = t.result.differential[i];
      o["top"].push_back(oj{{"id", c.id}, {"score", round_number(c.score)}});
    }
    o["triage"] = engine::triage_name(t.result.triage);
    passed += t.passed ? 1 : 0;
    j["tests"].push_back(std::move(o));
  }
  j["passed"] = passed;
  j["failed"] = outcomes.size() - passed;
  if (coverage) {
    j["coverage"]["rules"] = coverage->rules;
    j["coverage"]["fired"] = coverage->fired;
    j["coverage"]["never_fired"] = strings(coverage->never_fired);
  }
  return j;
}

oj vocabulary_json(const std::vector<engine::vocab_entry>& entries) {
  oj j;
  j["entries"] = oj::array();
  for (const auto& e : entries) {
    oj o;
    o["id"] = e.id;
    o["kind"] = e.kind;
    o["label"] = e.label;
    o["region"] = e.region;
    o["unit"] = e.unit;
    o["low"] = e.low ? oj(*e.low) : oj(nullptr);
    o["high"] = e.high ? oj(*e.high) : oj(nullptr);
    j["entries"].push_back(std::move(o));
  }
  return j;
}

}  // namespace ddx::tools
