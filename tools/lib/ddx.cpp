// tools/lib/ddx.cpp: the public library (<ddx/ddx.hpp>) over engine::knowledge_base and tools/json, so its JSON is the
// command line's, byte for byte: the same reader (read_case), the same writers (result_json, explanation_json).
#include <ddx/ddx.hpp>

#include <cmath>

#include "engine/kb.hpp"
#include "grammar/suggest.hpp"
#include "tools/json/case_io.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"

#ifndef DDX_VERSION
#define DDX_VERSION "0.0.0"
#endif

namespace ddx {

struct knowledge_base::state {
  engine::knowledge_base kb;
  std::vector<diagnostic> warnings;
};

namespace {

using nlohmann::json;

diagnostic from_json_diagnostic(const nlohmann::ordered_json& j) {
  diagnostic d;
  d.file = j.value("file", "");
  d.line = j.value("line", 0u);
  d.column = j.value("column", 0u);
  d.severity = j.value("severity", "");
  d.code = j.value("code", "");
  d.message = j.value("message", "");
  d.hint = j.value("hint", "");
  return d;
}

std::vector<diagnostic> diagnostics_of(const engine::load_result& r, bool errors_too) {
  std::vector<diagnostic> out;
  for (const auto& d : r.diags.all())
    if (errors_too || d.level != grammar::severity::error) out.push_back(from_json_diagnostic(tools::diagnostic_json(d, r.sources)));
  return out;
}

knowledge_base::state make_state(engine::load_result&& r) {
  if (r.diags.has_errors() || !r.kb) {
    auto text = grammar::format_diagnostics(r.diags, r.sources);
    auto json_text = tools::dump_json(tools::diagnostics_json(r.diags, r.sources), false);
    throw load_error(diagnostics_of(r, true), std::move(text), std::move(json_text));
  }
  return knowledge_base::state{std::move(*r.kb), diagnostics_of(r, false)};
}

engine::load_options engine_load_options(const load_options& o) {
  engine::load_options e;
  e.lints = o.lints;
  return e;
}

engine::diagnose_options engine_options(const diagnose_options& o) {
  engine::diagnose_options e;
  e.trace = o.trace;
  e.next_questions = o.next_questions;
  e.max_next_questions = o.max_next_questions;
  if (o.top) {
    if (*o.top == 0) throw std::invalid_argument("ddx::diagnose_options::top must be 1 or more");
    e.top = o.top;
  }
  return e;
}

[[noreturn]] void throw_case_error(const std::vector<tools::case_issue>& issues) {
  std::vector<case_issue> out;
  out.reserve(issues.size());
  for (const auto& i : issues) out.push_back({i.code, i.message, i.field, i.suggestions, i.line, i.column});
  throw case_error(std::move(out), tools::dump_json(tools::case_issues_json(issues), true));
}

tools::case_issue issue(std::string code, std::string field, std::string message) {
  return tools::case_issue{std::move(code), std::move(message), std::move(field), {}, {}, {}};
}

/// A C++ case as the JSON document it stands for, so it is checked by the JSON reader's rules and codes. What JSON
/// cannot carry (a value given twice, a value that is not finite) is reported with the code JSON would give it.
json case_document(const case_input& c) {
  std::vector<tools::case_issue> issues;
  json doc = json::object();
  if (c.id) doc["id"] = *c.id;
  if (!c.present.empty()) doc["present"] = c.present;
  if (!c.absent.empty()) doc["absent"] = c.absent;
  if (!c.values.empty()) {
    json values = json::object();
    for (const auto& [id, v] : c.values) {
      if (values.contains(id)) issues.push_back(issue("case.duplicate_key", id, "key `" + id + "` appears twice; give each field once"));
      else if (!std::isfinite(v))
        issues.push_back(issue("case.wrong_type", "values." + id, "values." + id + " must be a finite number, found " + std::to_string(v)));
      else values[id] = v;
    }
    doc["values"] = std::move(values);
  }
  if (!issues.empty()) throw_case_error(issues);
  return doc;
}

/// The explain.unknown_condition issue, with the closest condition ids as suggestions (as the CLI gives it).
tools::case_issue unknown_condition(const engine::knowledge_base& kb, std::string_view condition) {
  std::vector<std::string> ids;
  for (const auto& e : kb.vocabulary())
    if (e.kind == "condition") ids.push_back(e.id);
  auto i = issue("explain.unknown_condition", "condition", "unknown condition `" + std::string(condition) + "`");
  i.suggestions = grammar::closest_names(std::string(condition), ids);
  return i;
}

engine::resolved_case resolve(const engine::knowledge_base& kb, const json& doc) {
  auto read = tools::read_case_json(doc, kb);
  if (!read.errors.empty()) throw_case_error(read.errors);
  return std::move(*read.resolved);
}

engine::resolved_case resolve_text(const engine::knowledge_base& kb, std::string_view text) {
  auto read = tools::read_case(text, kb);
  if (!read.errors.empty()) throw_case_error(read.errors);
  return std::move(*read.resolved);
}

std::string dump(const nlohmann::ordered_json& j, json_style style) { return tools::dump_json(j, style == json_style::pretty); }

}  // namespace

const char* version() { return DDX_VERSION; }

load_error::load_error(std::vector<diagnostic> diagnostics, std::string text, std::string json)
    : std::runtime_error(diagnostics.empty() ? std::string("the knowledge base could not be loaded")
                                             : diagnostics.front().file + ":" + std::to_string(diagnostics.front().line) + ":" +
                                                   std::to_string(diagnostics.front().column) + ": " +
                                                   diagnostics.front().message),
      diagnostics_(std::move(diagnostics)), text_(std::move(text)), json_(std::move(json)) {}

case_error::case_error(std::vector<case_issue> issues, std::string json)
    : std::invalid_argument(issues.empty() ? std::string("the case was rejected") : issues.front().message),
      issues_(std::move(issues)), json_(std::move(json)) {}

knowledge_base::knowledge_base(std::shared_ptr<const state> s) : s_(std::move(s)) {}

knowledge_base knowledge_base::load(const std::vector<std::string>& paths, const load_options& options) {
  return knowledge_base(std::make_shared<const state>(make_state(engine::load(paths, engine_load_options(options)))));
}

knowledge_base knowledge_base::from_strings(const std::vector<std::pair<std::string, std::string>>& files,
                                            const load_options& options) {
  return knowledge_base(std::make_shared<const state>(make_state(engine::load_texts(files, engine_load_options(options)))));
}

const kb_info& knowledge_base::info() const { return s_->kb.info(); }
const std::string& knowledge_base::disclaimer() const { return s_->kb.disclaimer(); }
std::vector<vocab_entry> knowledge_base::vocabulary() const { return s_->kb.vocabulary(); }
const std::vector<diagnostic>& knowledge_base::warnings() const { return s_->warnings; }

case_input knowledge_base::read_case(std::string_view json_text) const {
  auto read = tools::read_case(json_text, s_->kb);
  if (!read.errors.empty()) throw_case_error(read.errors);
  return std::move(read.input);
}

diagnosis_result knowledge_base::diagnose(const case_input& c, const diagnose_options& options) const {
  const auto e = engine_options(options);
  return s_->kb.diagnose(resolve(s_->kb, case_document(c)), e);
}

explanation knowledge_base::explain(const case_input& c, std::string_view condition) const {
  auto e = s_->kb.explain(resolve(s_->kb, case_document(c)), condition);
  if (!e) throw_case_error({unknown_condition(s_->kb, condition)});
  return std::move(*e);
}

std::vector<next_question> knowledge_base::next_questions(const case_input& c, std::size_t max) const {
  engine::diagnose_options e;
  e.next_questions = true;
  e.max_next_questions = max;
  e.top = 1;  // questions are chosen from the uncut ranking; the cut only spares building the listed conditions
  return s_->kb.diagnose(resolve(s_->kb, case_document(c)), e).next_questions;
}

std::string knowledge_base::diagnose_json(std::string_view case_json, const diagnose_options& options,
                                          json_style style) const {
  const auto e = engine_options(options);
  return dump(tools::result_json(s_->kb.diagnose(resolve_text(s_->kb, case_json), e), options.trace), style);
}

std::string knowledge_base::explain_json(std::string_view case_json, std::string_view condition, json_style style) const {
  const auto c = resolve_text(s_->kb, case_json);
  const auto e = s_->kb.explain(c, condition);
  if (!e) throw_case_error({unknown_condition(s_->kb, condition)});
  return dump(tools::explanation_json(*e, c.id, s_->kb.info()), style);
}

std::string knowledge_base::diagnose_jsonl(std::string_view lines, const diagnose_options& options,
                                           std::size_t first_line, std::size_t* rejected) const {
  const auto e = engine_options(options);
  std::string out;
  std::size_t bad = 0;
  for (std::size_t n = first_line; !lines.empty(); ++n) {
    const auto end = lines.find('\n');
    const auto line = lines.substr(0, end);
    lines.remove_prefix(end == std::string_view::npos ? lines.size() : end + 1);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const auto read = tools::read_case(line, s_->kb);
    if (!read.errors.empty()) {
      ++bad;
      nlohmann::ordered_json j;
      j["line"] = n;
      j["error"] = tools::case_issue_json(read.errors.front());
      out += tools::dump_json(j, false);
    } else {
      out += tools::dump_json(tools::result_json(s_->kb.diagnose(*read.resolved, e), options.trace), false);
    }
    out += '\n';
  }
  if (rejected) *rejected = bad;
  return out;
}

std::string knowledge_base::to_json(const diagnosis_result& r, json_style style) {
  return dump(tools::result_json(r, !r.trace.empty()), style);
}

std::string knowledge_base::to_json(const explanation& e, std::string_view case_id, json_style style) const {
  return dump(tools::explanation_json(e, std::string(case_id), s_->kb.info()), style);
}

}  // namespace ddx
