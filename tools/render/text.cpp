// tools/render/text.cpp: terminal rendering of results (triage, differential, questions) and explanations.
#include "tools/render/text.hpp"

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

}  // namespace

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

std::string render_result_text(const engine::diagnosis_result& r, const text_style& style) {
  const painter p{style.color};
  std::string out;
  if (!r.case_id.empty()) out += p.dim("case " + r.case_id) + "\n";
  render_triage(out, r, p);
  render_differential(out, r, style, p);
  render_questions(out, r, p);
  if (!r.unused_findings.empty()) out += "\n" + p.dim("not used by any rule: " + join(r.unused_findings)) + "\n";
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
  }
  if (e.rules.empty()) out += "\n  no rule speaks for or against it\n";
  return out;
}

}  // namespace ddx::tools
