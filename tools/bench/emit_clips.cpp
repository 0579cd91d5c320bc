// tools/bench/emit_clips.cpp: a synthetic knowledge base as CLIPS 6.30 programs, one per encoding.
#include <fmt/format.h>

#include <map>

#include "tools/bench/emit.hpp"

namespace ddx::tools::bench {
namespace {

using buffer = fmt::memory_buffer;

// Keeps the best 10 (score, id) pairs in ?*ts* / ?*ti*, best first, ties by id; ?*thr* is the score to beat.
constexpr const char* top10_code = R"((defglobal ?*thr* = -1.0e308 ?*ts* = (create$) ?*ti* = (create$) ?*fl* = (create$))
(deffunction cand (?c ?s)
  (bind ?n (length$ ?*ts*))
  (bind ?p (+ ?n 1))
  (loop-for-count (?j 1 ?n) do
    (bind ?t (nth$ ?j ?*ts*))
    (if (or (> ?s ?t) (and (= ?s ?t) (< (str-compare ?c (nth$ ?j ?*ti*)) 0))) then (bind ?p ?j) (break)))
  (if (<= ?p 10) then
    (bind ?*ts* (insert$ ?*ts* ?p ?s))
    (bind ?*ti* (insert$ ?*ti* ?p ?c))
    (if (> (length$ ?*ts*) 10) then (bind ?*ts* (subseq$ ?*ts* 1 10)) (bind ?*ti* (subseq$ ?*ti* 1 10)))
    (if (= (length$ ?*ts*) 10) then (bind ?*thr* (nth$ 10 ?*ts*)))))
)";

// Fires after every other rule: ranks, then prints `ids | scores | flags` to the `ddx` router.
constexpr const char* rank_rule_code = R"((defrule zz-rank (declare (salience -10000)) => (rank)
  (printout ddx (implode$ ?*ti*) " | " (implode$ ?*ts*) " | " (implode$ ?*fl*) crlf))
)";

std::string weight(double lr) { return fmt::format("{:.17g}", std::log(lr)); }

void emit_lhs(const synth_kb& kb, const synth_rule& rule, buffer& out) {
  auto it = std::back_inserter(out);
  for (auto f : rule.present) fmt::format_to(it, " (p {})", finding_name(kb, f));
  for (auto f : rule.absent) fmt::format_to(it, " (a {})", finding_name(kb, f));
  for (auto d : rule.facts) fmt::format_to(it, " (d {})", fact_name(kb, d));
}

/// Effects for the globals encodings: ?*f<c>* sums `for` weights, ?*a<c>* `against` weights.
void emit_global_effect(const synth_kb& kb, const synth_effect& e, buffer& out) {
  auto it = std::back_inserter(out);
  switch (e.kind) {
    case effect_kind::for_: fmt::format_to(it, " (bind ?*f{0}* (+ ?*f{0}* {1}))", e.target, weight(e.lr)); break;
    case effect_kind::against: fmt::format_to(it, " (bind ?*a{0}* (+ ?*a{0}* {1}))", e.target, weight(e.lr)); break;
    case effect_kind::assert_: fmt::format_to(it, " (assert (d {}))", fact_name(kb, e.target)); break;
    case effect_kind::raise: fmt::format_to(it, " (bind ?*fl* (create$ ?*fl* {}))", flag_name(kb, e.target)); break;
  }
}

void emit_globals_header(const synth_kb& kb, buffer& out) {
  auto it = std::back_inserter(out);
  out.append(std::string_view(top10_code));
  for (std::uint32_t c = 0; c < kb.params.conditions; ++c) fmt::format_to(it, "(defglobal ?*f{0}* = 0.0 ?*a{0}* = 0.0)\n", c);
  const auto priors = log_priors(kb);
  out.append(std::string_view("(deffunction rank ()\n"));
  for (std::uint32_t c = 0; c < kb.params.conditions; ++c)
    fmt::format_to(it, "  (if (> ?*f{0}* 0.0) then (bind ?s (+ {1:.17g} ?*f{0}* ?*a{0}*)) (if (>= ?s ?*thr*) then (cand {2} ?s)))\n",
                   c, priors[c], condition_name(kb, c));
  out.append(std::string_view("  TRUE)\n"));
}

void emit_rule_globals(const synth_kb& kb, buffer& out, bool group_single) {
  // Rules whose `when` is one finding (present or absent) share a CLIPS rule per finding state.
  std::map<std::pair<char, std::uint32_t>, std::vector<const synth_effect*>> grouped;
  for (std::uint32_t i = 0; i < kb.rules.size(); ++i) {
    const auto& rule = kb.rules[i];
    const std::size_t literals = rule.present.size() + rule.absent.size() + rule.facts.size();
    if (group_single && literals == 1 && rule.facts.empty()) {
      const auto key = rule.present.empty() ? std::pair{'a', rule.absent[0]} : std::pair{'p', rule.present[0]};
      for (const auto& e : rule.effects) grouped[key].push_back(&e);
      continue;
    }
    fmt::format_to(std::back_inserter(out), "(defrule {}", rule_name(kb, i));
    emit_lhs(kb, rule, out);
    out.append(std::string_view(" =>"));
    for (const auto& e : rule.effects) emit_global_effect(kb, e, out);
    out.append(std::string_view(")\n"));
  }
  for (const auto& [key, effects] : grouped) {
    const auto name = finding_name(kb, key.second);
    fmt::format_to(std::back_inserter(out), "(defrule {0}_{1} ({0} {1}) =>", key.first, name);
    for (const auto* e : effects) emit_global_effect(kb, *e, out);
    out.append(std::string_view(")\n"));
  }
}

constexpr const char* evidence_code = R"((deftemplate ev (slot c) (slot w) (slot r) (slot kind) (slot counted (default no)))
(deftemplate sc (slot c) (slot p) (slot f (default 0.0)) (slot a (default 0.0)))
(defrule count-for ?e <- (ev (c ?c) (w ?w) (kind for) (counted no)) ?s <- (sc (c ?c) (f ?f))
  => (modify ?e (counted yes)) (modify ?s (f (+ ?f ?w))))
(defrule count-against ?e <- (ev (c ?c) (w ?w) (kind against) (counted no)) ?s <- (sc (c ?c) (a ?a))
  => (modify ?e (counted yes)) (modify ?s (a (+ ?a ?w))))
(deffunction rank ()
  (do-for-all-facts ((?s sc)) (> ?s:f 0.0)
    (bind ?v (+ ?s:p ?s:f ?s:a))
    (if (>= ?v ?*thr*) then (cand ?s:c ?v)))
  TRUE)
)";

void emit_evidence_facts(const synth_kb& kb, buffer& out) {
  auto it = std::back_inserter(out);
  out.append(std::string_view(top10_code));
  out.append(std::string_view(evidence_code));
  const auto priors = log_priors(kb);
  out.append(std::string_view("(deffacts scores\n"));
  for (std::uint32_t c = 0; c < kb.params.conditions; ++c)
    fmt::format_to(it, "  (sc (c {}) (p {:.17g}))\n", condition_name(kb, c), priors[c]);
  out.append(std::string_view(")\n"));
  for (std::uint32_t i = 0; i < kb.rules.size(); ++i) {
    const auto& rule = kb.rules[i];
    const auto name = rule_name(kb, i);
    fmt::format_to(it, "(defrule {}", name);
    emit_lhs(kb, rule, out);
    out.append(std::string_view(" =>"));
    for (const auto& e : rule.effects) {
      const bool evidence = e.kind == effect_kind::for_ || e.kind == effect_kind::against;
      if (!evidence) { emit_global_effect(kb, e, out); continue; }
      fmt::format_to(it, " (assert (ev (c {}) (w {}) (r {}) (kind {})))", condition_name(kb, e.target), weight(e.lr),
                     name, e.kind == effect_kind::for_ ? "for" : "against");
    }
    out.append(std::string_view(")\n"));
  }
}

}  // namespace

const char* clips_top10_code() { return top10_code; }
const char* clips_rank_rule_code() { return rank_rule_code; }

const std::vector<clips_encoding>& all_encodings() {
  static const std::vector<clips_encoding> all = {clips_encoding::finding_globals, clips_encoding::rule_globals,
                                                  clips_encoding::evidence_facts};
  return all;
}

const char* encoding_name(clips_encoding encoding) {
  switch (encoding) {
    case clips_encoding::finding_globals: return "finding_globals";
    case clips_encoding::rule_globals: return "rule_globals";
    case clips_encoding::evidence_facts: return "evidence_facts";
  }
  return "?";
}

std::string emit_clips(const synth_kb& kb, clips_encoding encoding) {
  buffer out;
  fmt::format_to(std::back_inserter(out), ";; Synthetic knowledge base `{}` (seed {}), CLIPS encoding `{}`.\n",
                 kb.params.name, kb.params.seed, encoding_name(encoding));
  switch (encoding) {
    case clips_encoding::finding_globals: emit_globals_header(kb, out); emit_rule_globals(kb, out, true); break;
    case clips_encoding::rule_globals: emit_globals_header(kb, out); emit_rule_globals(kb, out, false); break;
    case clips_encoding::evidence_facts: emit_evidence_facts(kb, out); break;
  }
  out.append(std::string_view(rank_rule_code));
  return fmt::to_string(out);
}

}  // namespace ddx::tools::bench
