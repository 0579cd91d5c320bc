// tools/json/result_writer.cpp: a diagnosis result written straight to a buffer, the bytes of
// dump_json(result_json(r, with_trace), false) (result_io.cpp, the reference it is tested against) without the DOM.
#include "tools/json/json_util.hpp"
#include "tools/json/json_writer.hpp"
#include "tools/json/result_io.hpp"

namespace ddx::tools {
namespace {

void kb_of(json_writer& w, const engine::kb_info& kb) {
  w.begin_object();
  w.key("name"), w.string(kb.name);
  w.key("version"), w.string(kb.version);
  w.key("digest"), w.string(kb.digest);
  w.end_object();
}

void flag_of(json_writer& w, const engine::raised_flag& f) {
  w.begin_object();
  w.key("id"), w.string(f.id);
  w.key("label"), w.string(f.label);
  w.key("level"), w.string(engine::triage_name(f.level));
  w.key("advice"), w.string(f.advice);
  w.key("because"), w.strings(f.because);
  w.key("rule"), w.string(f.rule);
  w.key("rule_id"), w.string(f.rule_id);
  w.end_object();
}

void setter_of(json_writer& w, const engine::triage_setter& s) {
  w.begin_object();
  w.key("kind"), w.string(engine::setter_kind_name(s.k));
  w.key("id"), w.string_or_null(s.id);
  w.key("label"), w.string_or_null(s.label);
  w.key("level"), w.string(engine::triage_name(s.level));
  w.end_object();
}

void urgency_of(json_writer& w, const engine::condition_urgency& c) {
  w.begin_object();
  w.key("id"), w.string(c.id);
  w.key("name"), w.string(c.name);
  w.key("urgency"), w.string(engine::triage_name(c.urgency));
  w.key("score"), w.number(round_number(c.score));
  w.key("share"), w.number(round_number(c.share));
  w.key("range");
  if (c.declared_low == c.declared_high) {
    w.null();
  } else {
    w.begin_object();
    w.key("low"), w.string(engine::triage_name(c.declared_low));
    w.key("high"), w.string(engine::triage_name(c.declared_high));
    w.end_object();
  }
  w.key("lowered_by"), w.string_or_null(c.lowered_by);
  w.end_object();
}

void evidence_of(json_writer& w, const std::vector<engine::evidence_item>& items) {
  w.begin_array();
  for (const auto& e : items) {
    w.begin_object();
    w.key("rule"), w.string(e.rule);
    w.key("weight"), w.number(round_number(e.weight));
    w.key("because"), w.strings(e.because);
    w.key("text"), w.string(e.text);
    w.key("rule_id"), w.string(e.rule_id);
    w.key("lr"), w.number(round_number(e.lr));
    w.key("because_absent"), w.strings(e.because_absent);
    w.end_object();
  }
  w.end_array();
}

void condition_of(json_writer& w, const engine::ranked_condition& c) {
  w.begin_object();
  w.key("rank"), w.integer(c.rank);
  w.key("id"), w.string(c.id);
  w.key("name"), w.string(c.name);
  w.key("score"), w.number(round_number(c.score));
  w.key("evidence"), w.begin_object();
  w.key("for"), evidence_of(w, c.evidence_for);
  w.key("against"), evidence_of(w, c.evidence_against);
  w.end_object();
  w.key("advice"), w.string(c.advice);
  w.key("sources"), w.strings(c.sources);
  w.key("region"), w.string(c.region);
  w.key("log_prior"), w.number(round_number(c.log_prior));
  w.key("log_score"), w.number(round_number(c.log_score));
  w.end_object();
}

void step_of(json_writer& w, const engine::trace_step& s) {
  w.begin_object();
  w.key("step"), w.integer(s.step);
  w.key("rule"), w.string(s.rule);
  w.key("rule_id"), w.string(s.rule_id);
  w.key("outcome"), w.string(truth_name(s.outcome));
  w.key("because"), w.strings(s.because);
  w.key("effects"), w.strings(s.effects);
  w.key("because_absent"), w.strings(s.because_absent);
  w.key("changes"), w.begin_array();
  for (const auto& c : s.changes) {
    w.begin_object();
    w.key("condition"), w.string(c.condition);
    w.key("effect"), w.string(c.supports ? "for" : "against");
    w.key("lr"), w.number(round_number(c.lr));
    w.key("weight"), w.number(round_number(c.weight));
    w.key("score_after");
    if (s.outcome == engine::truth::truth_) w.number(round_number(c.score_after));
    else w.null();
    w.end_object();
  }
  w.end_array();
  w.key("asserts"), w.strings(s.asserts);
  w.key("raises"), w.strings(s.raises);
  w.key("blocking"), w.strings(s.blocking);
  w.key("blocking_absent"), w.strings(s.blocking_absent);
  w.key("waiting_for"), w.strings(s.waiting_for);
  w.key("blocked_by_unless"), w.strings(s.blocked_by_unless);
  w.key("blocked_by_unless_absent"), w.strings(s.blocked_by_unless_absent);
  w.end_object();
}

}  // namespace

void write_result(fmt::memory_buffer& out, const engine::diagnosis_result& r, bool with_trace) {
  json_writer w(out);
  w.begin_object();
  w.key("case"), w.string_or_null(r.case_id);
  w.key("kb"), kb_of(w, r.kb);
  w.key("triage"), w.begin_object();
  w.key("level"), w.string(engine::triage_name(r.triage));
  w.key("flags"), w.begin_array();
  for (const auto& f : r.flags) flag_of(w, f);
  w.end_array();
  w.key("set_by"), setter_of(w, r.triage_set_by);
  w.key("conditions"), w.begin_array();
  for (const auto& c : r.urgent_conditions) urgency_of(w, c);
  w.end_array();
  w.key("urgency_threshold"), w.number(round_number(r.urgency_threshold));
  w.end_object();
  w.key("differential"), w.begin_array();
  for (const auto& c : r.differential) condition_of(w, c);
  w.end_array();
  w.key("next_questions"), w.begin_array();
  for (const auto& q : r.next_questions) {
    w.begin_object();
    w.key("finding"), w.string(q.finding);
    w.key("label"), w.string(q.label);
    w.key("value"), w.number(round_number(q.value));
    w.end_object();
  }
  w.end_array();
  w.key("unused_findings"), w.strings(r.unused_findings);
  w.key("disclaimer"), w.string(r.disclaimer);
  w.key("other_score"), w.number(round_number(r.other_score));
  w.key("unlisted_score"), w.number(round_number(r.unlisted_score));
  w.key("log_other_prior"), w.number(round_number(r.log_other_prior));
  w.key("derived_facts"), w.strings(r.derived_facts);
  if (with_trace) {
    w.key("trace"), w.begin_array();
    for (const auto& s : r.trace) step_of(w, s);
    w.end_array();
  }
  w.end_object();
}

void write_case_error_line(fmt::memory_buffer& out, const char* where, std::size_t n, const case_issue& issue) {
  const std::string error = dump_json(case_issue_json(issue), false);
  fmt::format_to(std::back_inserter(out), "{{\"{}\":{},\"error\":{}}}", where, n, error);
}

}  // namespace ddx::tools
