// tools/render/text.cpp: terminal rendering of results (triage, differential, questions) and explanations.
#include "tools/render/text.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace ddx::tools {
namespace {

struct painter {
  bool on;
  std::string paint(const std::string& s, const char* code) const {
    return on ? fmt::format("\x1b[{}m{}\x1b[0m", code, s) : s;
  }
  std::string bold(const std::string& s) const { return paint(s, "1"); }
  std::string dim(const std::string& s) const { return paint(s, "2"); }
  std::string level(const std::string& s, engine::triage_level l) const {
    switch (l) {
      case engine::triage_level::self_care: return paint(s, "1;32");
      case engine::triage_level::modify_training: return paint(s, "1;33");
      default: return paint(s, "1;31");
    }
  }
};

std::string percent(double score) { return fmt::format("{:.1f}%", score * 100.0); }

std::string join(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string spaced(const char* name) {
  std::string s = name;
  for (auto& c : s)
    if (c == '_') c = ' ';
  return s;
}

std::string set_by_words(const engine::triage_setter& s) {
  switch (s.k) {
    case engine::triage_setter::kind::flag: return fmt::format("level set by flag {}", s.id);
    case engine::triage_setter::kind::condition: return fmt::format("level set by condition {}", s.id);
    default: return "level by default: no flag raised and no supported condition needs more";
  }
}

void render_triage(std::string& out, const engine::diagnosis_result& r, const painter& p) {
  out += p.bold("Triage: ") + p.level(triage_words(r.triage), r.triage) + "\n";
  for (const auto& f : r.flags) {
    out += "  " + p.level("! " + f.label, f.level) + fmt::format(" [{}] ({})\n", f.id, spaced(engine::triage_name(f.level)));
    if (!f.advice.empty()) out += "    " + f.advice + "\n";
    out += p.dim(fmt::format("    because {} ({})", join(f.because), f.rule)) + "\n";
  }
  if (r.flags.empty()) out += "  no red flag raised\n";
  for (const auto& c : r.urgent_conditions)
    out += "  " + p.level("~ " + c.name, c.urgency) +
           fmt::format(" [{}] ({}{}; score {}, {} of the supported)\n", c.id, spaced(engine::triage_name(c.urgency)),
                       c.lowered_by.empty() ? std::string()
                                            : fmt::format(", lowered from {} by {}",
                                                          spaced(engine::triage_name(c.declared_high)), c.lowered_by),
                       percent(c.score), percent(c.share));
  out += p.dim("  " + set_by_words(r.triage_set_by)) + "\n";
}

void render_evidence(std::string& out, const std::vector<engine::evidence_item>& items, const char* sign,
                     const text_style& style, const painter& p) {
  for (std::size_t i = 0; i < items.size() && i < style.max_evidence; ++i) {
    const auto& e = items[i];
    out += fmt::format("       {} {} ", sign, e.text);
    out += p.dim(fmt::format("(LR {:g}, {}; because {})", e.lr, e.rule, join(e.because))) + "\n";
  }
  if (items.size() > style.max_evidence)
    out += p.dim(fmt::format("       {} {} more", sign, items.size() - style.max_evidence)) + "\n";
}

void render_differential(std::string& out, const engine::diagnosis_result& r, const text_style& style,
                         const painter& p) {
  out += "\n" + p.bold("Differential") + "\n";
  if (r.differential.empty()) out += "  no condition of the knowledge base is supported by these findings\n";
  for (const auto& c : r.differential) {
    out += fmt::format("  {:>2}. {} [{}]  {}\n", c.rank, p.bold(c.name), c.id, p.bold(percent(c.score)));
    render_evidence(out, c.evidence_for, "+", style, p);
    render_evidence(out, c.evidence_against, "-", style, p);
    if (!c.advice.empty()) out += "       advice: " + c.advice + "\n";
  }
  out += p.dim(fmt::format("  not in this knowledge base: {}; conditions not listed: {}", percent(r.other_score),
                           percent(r.unlisted_score))) + "\n";
}

void render_questions(std::string& out, const engine::diagnosis_result& r, const painter& p) {
  if (r.next_questions.empty()) return;
  out += "\n" + p.bold("Worth asking next") + "\n";
  for (const auto& q : r.next_questions)
    out += fmt::format("  - {} [{}] ", q.label, q.finding) + p.dim(fmt::format("({:.2f} bits)", q.value)) + "\n";
}

const char* outcome_word(engine::truth t) {
  switch (t) {
    case engine::truth::truth_: return "fired";
    case engine::truth::falsehood: return "does not hold";
    default: return "waiting";
  }
}

std::string lr_text(double lr) { return fmt::format("LR {:g}", lr); }

std::size_t digits(std::size_t n) { return fmt::formatted_size("{}", n); }

/// Leaves as the page shows them: "no X" for one that counts by being absent.
std::vector<std::string> marked(const std::vector<std::string>& leaves, const std::vector<std::string>& absent) {
  std::vector<std::string> out;
  for (const auto& l : leaves)
    out.push_back(std::find(absent.begin(), absent.end(), l) != absent.end() ? "no " + l : l);
  return out;
}

/// One step: "  12. fired          itbs_downhill  kb/knee.ddx:40", then its because / conclusions, or what stops it
/// or what it waits for, indented under it.
void render_step(std::string& out, const engine::trace_step& s, std::size_t width, const painter& p) {
  const char* word = outcome_word(s.outcome);
  const std::string head = fmt::format("{:<13} {}", word, s.rule_id);
  out += fmt::format("  {:>{}}. ", s.step, width);
  out += s.outcome == engine::truth::truth_ ? p.bold(head) : head;
  out += "  " + p.dim(s.rule) + "\n";
  const std::string indent(width + 6, ' ');
  if (s.outcome == engine::truth::truth_) {
    if (!s.because.empty()) out += indent + "because " + join(marked(s.because, s.because_absent)) + "\n";
    for (const auto& f : s.asserts) out += indent + "derives fact " + p.bold(f) + "\n";
    for (const auto& f : s.raises) out += indent + p.level("raises flag " + f, engine::triage_level::urgent_care) + "\n";
    for (const auto& c : s.changes)
      out += indent + fmt::format("{} {}: {}, score now {}\n", c.supports ? "for" : "against", p.bold(c.condition),
                                  lr_text(c.lr), p.bold(percent(c.score_after)));
    return;
  }
  std::vector<std::string> would;
  for (const auto& f : s.asserts) would.push_back("derive fact " + f);
  for (const auto& f : s.raises) would.push_back("raise flag " + f);
  for (const auto& c : s.changes)
    would.push_back(fmt::format("count {} {} ({})", c.supports ? "for" : "against", c.condition, lr_text(c.lr)));
  if (s.outcome == engine::truth::falsehood) {
    if (!s.blocking.empty()) out += indent + "stopped by " + join(marked(s.blocking, s.blocking_absent)) + "\n";
    if (!s.blocked_by_unless.empty())
      out += indent + "stopped by its unless: " + join(marked(s.blocked_by_unless, s.blocked_by_unless_absent)) + "\n";
  } else if (!s.waiting_for.empty()) {
    out += indent + "waiting for " + join(s.waiting_for) + "\n";
  }
  if (!would.empty()) out += p.dim(indent + "would " + join(would)) + "\n";
}

bool speaks_for_any(const engine::trace_step& s, const std::vector<std::string>& conditions) {
  for (const auto& c : s.changes)
    if (std::find(conditions.begin(), conditions.end(), c.condition) != conditions.end()) return true;
  return false;
}

std::size_t width_of(const std::vector<engine::trace_step>& trace) {
  return trace.empty() ? 1 : digits(trace.back().step);
}

}  // namespace

std::vector<std::size_t> trace_steps_for(const std::vector<engine::trace_step>& trace, const std::string& condition) {
  // The leaves the condition's rules read: a fired rule that derived one of them is part of the story.
  std::vector<std::string> leaves;
  std::vector<bool> keep(trace.size(), false);
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const auto& s = trace[i];
    if (!speaks_for_any(s, {condition})) continue;
    keep[i] = true;
    for (const auto* list : {&s.because, &s.blocking, &s.waiting_for, &s.blocked_by_unless}) leaves.insert(leaves.end(), list->begin(), list->end());
  }
  for (std::size_t i = 0; i < trace.size(); ++i) {
    const auto& s = trace[i];
    if (s.outcome != engine::truth::truth_) continue;
    for (const auto& f : s.asserts)
      if (std::find(leaves.begin(), leaves.end(), f) != leaves.end()) keep[i] = true;
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < trace.size(); ++i)
    if (keep[i]) out.push_back(i);
  return out;
}

std::string render_trace_text(const engine::diagnosis_result& r, const trace_view& view, const text_style& style) {
  const painter p{style.color};
  std::vector<std::string> top;
  for (std::size_t i = 0; i < r.differential.size() && i < view.top; ++i) top.push_back(r.differential[i].id);
  std::size_t fired = 0, hidden = 0;
  for (const auto& s : r.trace) {
    if (s.outcome == engine::truth::truth_) ++fired;
    else if (!view.all && !speaks_for_any(s, top)) ++hidden;
  }
  std::string out = "\n" + p.bold("Trace") + "\n";
  out += fmt::format("  {} rule evaluations in forward-chaining order, {} fired\n", r.trace.size(), fired);
  if (!view.all)
    out += p.dim(fmt::format("  shown: every rule that fired, and the rules for or against {} that did not; {} other "
                             "evaluations hidden (--trace-all shows every one)",
                             top.empty() ? std::string("the leading conditions") : join(top), hidden)) + "\n";
  if (r.trace.empty()) out += "  no rule read any finding of this case\n";
  const std::size_t width = width_of(r.trace);
  for (const auto& s : r.trace)
    if (view.all || s.outcome == engine::truth::truth_ || speaks_for_any(s, top)) render_step(out, s, width, p);
  return out;
}

std::string render_explanation_trace_text(const engine::explanation& e, const std::vector<engine::trace_step>& trace,
                                          const text_style& style) {
  const painter p{style.color};
  const auto steps = trace_steps_for(trace, e.condition);
  std::string out = "\n" + p.bold(fmt::format("Trace for {}", e.condition)) + "\n";
  out += fmt::format("  {} of {} rule evaluations concern it: its rules, and the fired rules that derived a fact they "
                     "read\n",
                     steps.size(), trace.size());
  if (steps.empty()) out += "  no rule for or against it was evaluated: no finding it reads is known\n";
  const std::size_t width = width_of(trace);
  for (auto i : steps) render_step(out, trace[i], width, p);
  return out;
}

std::string triage_words(engine::triage_level level) {
  switch (level) {
    case engine::triage_level::self_care: return "self care (green: keep running, watch it)";
    case engine::triage_level::modify_training:
      return "modify training (yellow: cut load, self-treat, review if it does not settle)";
    case engine::triage_level::stop_and_assess: return "stop and assess (red: stop running, get assessed within days)";
    case engine::triage_level::urgent_care: return "urgent care (same-day medical assessment)";
    case engine::triage_level::emergency: return "emergency (call emergency services now)";
  }
  return "unknown";
}

std::string render_result_text(const engine::diagnosis_result& r, const text_style& style, const trace_view* trace) {
  const painter p{style.color};
  std::string out;
  if (!r.case_id.empty()) out += p.dim("case " + r.case_id) + "\n";
  render_triage(out, r, p);
  render_differential(out, r, style, p);
  render_questions(out, r, p);
  if (!r.unused_findings.empty()) out += "\n" + p.dim("not used by any rule: " + join(r.unused_findings)) + "\n";
  if (trace) out += render_trace_text(r, *trace, style);
  out += "\n" + r.disclaimer + "\n";
  return out;
}

std::string render_explanation_text(const engine::explanation& e, const text_style& style) {
  const painter p{style.color};
  std::string out = p.bold(fmt::format("{} [{}]", e.name, e.condition));
  out += e.rank ? fmt::format(": rank {}, score {}\n", *e.rank, percent(e.score))
                : fmt::format(": not in the differential, score {}\n", percent(e.score));
  if (!e.summary.empty()) out += e.summary + "\n";
  if (!e.triage_summary.empty()) out += e.triage_summary + "\n";
  out += p.dim(fmt::format("log prior {:.4f}, log score {:.4f}", e.log_prior, e.log_score)) + "\n";
  for (const auto& r : e.rules) {
    out += fmt::format("\n  {} {} ", r.supports ? "for" : "against", p.bold(r.rule_id));
    out += fmt::format("({}, weight {:+.3f}): {}\n", r.rule, r.weight, outcome_word(r.outcome));
    out += "    " + r.text + "\n";
    if (!r.satisfied.empty()) out += "    holds: " + join(r.satisfied) + "\n";
    if (!r.blocking.empty()) out += "    blocked by: " + join(r.blocking) + "\n";
    if (!r.waiting_for.empty()) out += "    waiting for: " + join(r.waiting_for) + "\n";
    if (!r.blocked_by_unless.empty())
      out += "    blocked by its unless: " + join(marked(r.blocked_by_unless, r.blocked_by_unless_absent)) + "\n";
  }
  if (e.rules.empty()) out += "\n  no rule speaks for or against it\n";
  return out;
}

}  // namespace ddx::tools
