// engine/result.hpp: ranked result, triage, trace and explanation structs (mirror docs/json-contracts.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ddx::engine {

/// Triage levels, least to most urgent.
enum class triage_level : std::uint8_t { self_care, modify_training, stop_and_assess, urgent_care, emergency };
const char* triage_name(triage_level level);
std::optional<triage_level> parse_triage(std::string_view name);

/// Three-valued truth.
enum class truth : std::uint8_t { unknown, falsehood, truth_ };  // NOLINT: `true`/`false` are keywords

struct kb_info {
  std::string name;
  std::string version;
  std::string digest;  ///< "sha256:<hex>" over the sorted (path, text) of every source file
};

/// One fired rule's contribution to a condition's score.
struct evidence_item {
  std::string rule;                  ///< "kb/knee.ddx:40" (path as loaded, 1-based line of `rule`)
  std::string rule_id;               ///< the rule's declared id
  double weight = 0;                 ///< natural log of the likelihood ratio (negative for `against`)
  double lr = 1;                     ///< the likelihood ratio itself
  std::vector<std::string> because;  ///< findings / facts whose state made the rule true
  std::vector<std::string> because_absent;  ///< those of `because` that held by being absent
  std::string text;                  ///< the rule's plain-language explanation
};

struct ranked_condition {
  std::uint32_t rank = 0;
  std::string id;
  std::string name;
  std::string region;
  double score = 0;        ///< posterior share in [0, 1]
  double log_prior = 0;    ///< ln(prior probability)
  double log_score = 0;    ///< log_prior + sum of evidence weights
  std::vector<evidence_item> evidence_for;
  std::vector<evidence_item> evidence_against;
  std::string advice;
  std::vector<std::string> sources;
};

struct raised_flag {
  std::string id;
  std::string label;
  triage_level level = triage_level::self_care;
  std::string advice;
  std::vector<std::string> because;
  std::string rule;     ///< location of the first rule that raised it
  std::string rule_id;
};

/// What set a case's triage level: the most urgent raised flag, else the condition that set the conditions' level, else the
/// default (self_care, nothing raised it). A flag wins a tie with a condition: it names the finding that matters.
struct triage_setter {
  enum class kind : std::uint8_t { default_level, flag, condition };
  kind k = kind::default_level;
  std::string id;     ///< the flag's or condition's id; empty for the default
  std::string label;  ///< the flag's label or the condition's name
  triage_level level = triage_level::self_care;
};
const char* setter_kind_name(triage_setter::kind k);  ///< "default", "flag", "condition"

/// A supported condition's part in triage: it declares an urgency and counts at the conditions' level or above, a level
/// that the supported conditions counting at it or above hold more than the urgency threshold's share of.
struct condition_urgency {
  std::string id;
  std::string name;
  triage_level urgency = triage_level::self_care;  ///< the level it counts at in this case
  double score = 0;
  double share = 0;  ///< score / the supported conditions' summed score (docs/scoring.md "Triage")
  triage_level declared_low = triage_level::self_care;   ///< its declared urgency: a range's lower end, or its level
  triage_level declared_high = triage_level::self_care;  ///< a range's upper end, or its level
  std::string lowered_by;  ///< the raised flag whose `overrides` lowered it to `declared_low`; empty when none did
};

struct next_question {
  std::string finding;
  std::string label;
  double value = 0;  ///< expected information gain (bits) over the leading candidates
};

/// A `for` or `against` effect of a traced rule; when the rule fired, the condition's score right after it.
struct trace_change {
  std::string condition;
  bool supports = true;  ///< `for` (true) or `against` (false)
  double lr = 1;         ///< the likelihood ratio
  double weight = 0;     ///< ln(lr)
  /// For a fired rule: the condition's share right after this step, of every condition's score so far plus the
  /// "not in this knowledge base" share. Later steps for other conditions move it too; after the trace's last
  /// step every share is the final one.
  double score_after = 0;
};

/// One rule evaluation, in evaluation order (`--trace`, educators' step-by-step view).
struct trace_step {
  std::uint32_t step = 0;
  std::string rule;       ///< location
  std::string rule_id;
  truth outcome = truth::unknown;
  std::vector<std::string> because;   ///< for a true outcome: what made it true
  std::vector<std::string> effects;   ///< rendered effects that fired, e.g. "for itbs strong (+2.303)"
  std::vector<trace_change> changes;  ///< every `for`/`against` effect of the rule (score_after only when it fired)
  std::vector<std::string> asserts;   ///< facts the rule asserts (made true when it fired)
  std::vector<std::string> raises;    ///< flags the rule raises (raised when it fired)
  std::vector<std::string> because_absent;  ///< those of `because` that held by being absent (or, for facts, false)
  std::vector<std::string> blocking;     ///< for a false outcome: leaves whose known state stops it
  std::vector<std::string> blocking_absent;  ///< those of `blocking` that stop it by being absent (or, facts, false)
  std::vector<std::string> waiting_for;  ///< for an unknown outcome: the unknown findings, values or facts it needs
  /// For a rule stopped by its `unless` (outcome false, its `unless` true): the leaves that made the `unless` true.
  std::vector<std::string> blocked_by_unless;
  std::vector<std::string> blocked_by_unless_absent;  ///< those of `blocked_by_unless` that held by being absent
};

struct diagnosis_result {
  std::string case_id;
  kb_info kb;
  triage_level triage = triage_level::self_care;
  std::vector<raised_flag> flags;          ///< most urgent first, ties by id
  triage_setter triage_set_by;             ///< the flag or condition that set `triage` (or the default)
  std::vector<condition_urgency> urgent_conditions;  ///< conditions at the conditions' level or above, most urgent first, then by score
  double urgency_threshold = 0;            ///< the knowledge base's urgency_threshold
  std::vector<ranked_condition> differential;  ///< best first
  double other_score = 0;      ///< share of "something not in this knowledge base"
  double unlisted_score = 0;   ///< share of knowledge-base conditions left out of the differential
  double log_other_prior = 0;
  std::vector<next_question> next_questions;
  std::vector<std::string> unused_findings;  ///< case findings no rule reads
  std::vector<std::string> derived_facts;    ///< facts that became true
  std::string disclaimer;
  std::vector<trace_step> trace;             ///< filled only when asked for
};

/// Why a rule did or did not speak for/against a condition.
struct rule_status {
  std::string rule;
  std::string rule_id;
  std::string text;
  bool supports = true;   ///< `for` (true) or `against` (false)
  double weight = 0;
  truth outcome = truth::unknown;
  std::vector<std::string> satisfied;    ///< leaves that currently agree with the rule firing
  std::vector<std::string> blocking;     ///< leaves whose known state stops it
  std::vector<std::string> blocking_absent;  ///< those of `blocking` that stop it by being absent (or, facts, false)
  std::vector<std::string> waiting_for;  ///< unknown findings/values/facts it depends on
  /// Its `unless` is true, so it does not fire (outcome false): the leaves that made the `unless` true.
  std::vector<std::string> blocked_by_unless;
  std::vector<std::string> blocked_by_unless_absent;  ///< those of `blocked_by_unless` that held by being absent
};

struct explanation {
  std::string condition;
  std::string name;
  std::optional<std::uint32_t> rank;  ///< empty when not in the differential
  double score = 0;
  double log_prior = 0;
  double log_score = 0;
  std::vector<rule_status> rules;     ///< every rule with an effect on the condition, fired first
  std::string summary;                ///< one plain sentence
  std::optional<triage_level> urgency;  ///< the condition's declared urgency (a range's upper end)
  std::optional<triage_level> urgency_low;  ///< a declared range's lower end; empty for a single level
  std::optional<triage_level> counted_urgency;  ///< the level it counts at, when it counts for triage
  bool counts_for_triage = false;       ///< its urgency is one of the case's urgent_conditions
  triage_level triage = triage_level::self_care;  ///< the case's triage level
  triage_setter triage_set_by;          ///< what set it
  std::string triage_summary;           ///< one plain sentence: the condition's part in triage, and what set it
};

}  // namespace ddx::engine
