// engine/model.hpp: the checked knowledge base: names resolved to dense ids, numbers parsed, spans kept.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "engine/ids.hpp"
#include "engine/result.hpp"
#include "grammar/ast.hpp"
#include "grammar/source.hpp"
#include "support/block_store.hpp"

namespace ddx::engine {

/// `lhs OP rhs` for a value comparison; the one definition the checker and inference share.
inline bool compare(double lhs, grammar::ast::cmp_op op, double rhs) {
  using O = grammar::ast::cmp_op;
  switch (op) {
    case O::lt: return lhs < rhs;
    case O::le: return lhs <= rhs;
    case O::gt: return lhs > rhs;
    case O::ge: return lhs >= rhs;
    case O::eq: return lhs == rhs;
    case O::ne: return lhs != rhs;
  }
  return false;
}

using grammar::source_span;

/// A `when` expression with every reference resolved (index into findings, facts or values). Declared rules hold
/// it with `ref` still unset (a dotted name taken for a finding, a plain one for a fact); the resolve pass looks up
/// the name written at `name_span` and sets both.
struct model_expr {
  enum class kind : std::uint8_t { finding, fact, compare, not_, and_, or_, at_least };
  // Largest members first: 72 bytes, not 80 (a large knowledge base holds hundreds of thousands).
  double number = 0;          ///< compare: right-hand side
  std::span<model_expr> children;  ///< in model::rule_parts
  std::uint32_t ref = no_id;  ///< finding / fact / value index
  std::uint32_t n = 0;        ///< at_least: N
  source_span span;
  source_span number_span;
  source_span name_span;      ///< finding, fact, compare: the name as written (empty for a rule with no `when`)
  kind k = kind::finding;
  grammar::ast::cmp_op op = grammar::ast::cmp_op::eq;
};
static_assert(sizeof(void*) != 8 || sizeof(model_expr) == 72, "model_expr: keep the members largest first");

struct model_effect {
  enum class kind : std::uint8_t { support, oppose, assert_fact, raise_flag };
  kind k = kind::support;
  std::uint32_t target = no_id;
  double lr = 1;               ///< support/oppose: the likelihood ratio
  std::string_view weight_text;  ///< as written: "strong", "lr 3" (a view: see model_rule)
  source_span span;
  source_span target_span;     ///< the target's name as written
};
static_assert(sizeof(void*) != 8 || sizeof(model_effect) == 56, "model_effect: a large knowledge base holds hundreds of thousands");

struct model_finding {
  std::string id, kind, label, region, description;
  std::vector<std::string> synonyms;
  source_span span;
};

struct model_value {
  std::string id, label, unit, description;
  double low = 0, high = 0;
  bool has_range = false;
  source_span span;
};

struct model_condition {
  std::string id, name, region, advice, description;
  double prior = 0;
  std::vector<std::string> sources;
  source_span span;
  /// The care the condition needs (`urgency`; for a range `urgency LOW to HIGH`, its upper end): while the condition is
  /// supported it counts toward the conditions' level at this level (docs/scoring.md "Triage"). Empty: the condition
  /// never sets triage.
  std::optional<triage_level> urgency;
  /// A range's lower end, below `urgency`: the care it needs when a raised flag's `overrides` says the case is mild
  /// (model_flag::overrides). Empty for a single level.
  std::optional<triage_level> urgency_low;
  /// The lower end of the condition's urgency (its only level when it declares no range).
  std::optional<triage_level> lowest_urgency() const { return urgency_low ? urgency_low : urgency; }
};

struct model_fact {
  std::string id, label;
  source_span span;
};

struct model_flag {
  std::string id, label, advice;
  triage_level level = triage_level::self_care;
  source_span span;
  /// `overrides`: while the flag is raised, a condition whose urgency reaches no higher than this level counts
  /// at the lower end of its range, never below it (the traffic light's green, a pain the runner rates low, lowers a
  /// mild condition's default); a single-level urgency and one above this level are unchanged.
  std::optional<triage_level> overrides;
};

/// A rule; its operands, effects and sources live in model::rule_parts (a few large blocks for all the rules).
/// Its id, its text and its effects' weights as written are views, not copies: of the source text it was read
/// from (model::source_files keeps it alive) or, for a text whose escapes were resolved or a weight written
/// unusually (`lr  3`), of model::rule_parts (rule_storage::source_text). A large knowledge base has hundreds of thousands
/// of rules, and three strings each were a sixth of the memory its load touched.
struct model_rule {
  std::string_view id, text;
  model_expr when;
  /// The `unless` expression (in model::rule_parts), null when the rule has none: the rule fires only when `when` is
  /// true and this is not (false or unknown). A pointer, not a second model_expr: few rules have one.
  model_expr* unless = nullptr;
  std::span<model_effect> effects;
  std::span<std::string_view> sources;  ///< views of one copy per text (rule_storage::source_text)
  source_span span;
  source_span id_span;
};
static_assert(sizeof(void*) != 8 || sizeof(model_rule) == 168, "model_rule: a large knowledge base holds hundreds of thousands");

struct model_expect {
  grammar::ast::expectation::kind k = grammar::ast::expectation::kind::first;
  std::uint32_t target = no_id;  ///< condition or flag index
  triage_level level = triage_level::self_care;
  std::uint32_t n = 0;
  std::string text;              ///< the clause as written, e.g. "expect itbs first"
  source_span span;
};

struct model_test {
  std::string id, label;
  std::vector<finding_id> present, absent;
  std::vector<std::pair<value_id, double>> values;
  std::vector<model_expect> expects;
  source_span span;
};

/// Default text shown with every result when the knowledge base gives none.
inline constexpr const char* default_disclaimer =
    "Decision support for trained people; it does not replace a clinician's assessment.";

/// The share of the supported conditions' summed score that the conditions needing a level must hold for it to be the
/// conditions' level when the knowledge base declares no `urgency_threshold`: more likely than not, the cautious reading
/// of "the care the runner most probably needs" (docs/scoring.md "Triage").
inline constexpr double default_urgency_threshold = 0.5;

/// Where the spans of the model's rules point. Not copyable, hence neither is a model.
class rule_storage {
 public:
  support::block_store<model_expr> exprs;
  support::block_store<model_effect> effects;
  support::block_store<std::string_view> sources;

  /// `text` stored once for the whole model: rules cite the same few documents over and over, so a rule's sources
  /// are views of one copy each (the view stays valid while the storage lives, moved or not). Also where the rare
  /// rule text or weight that does not read as written in the source is kept (model_rule).
  std::string_view source_text(std::string_view text) {
    if (text == last_) return last_;  // consecutive rules mostly cite the same source
    const auto found = source_texts_.find(text);
    last_ = found != source_texts_.end() ? *found : *source_texts_.emplace(text).first;
    return last_;
  }
  std::size_t distinct_sources() const { return source_texts_.size(); }

  /// Takes over the parts of `other` (filled for rules declared elsewhere, say on another thread): every view and
  /// span into either stays valid. A text both stored is kept twice, since `other`'s rules view their own copy.
  void absorb(rule_storage&& other) {
    exprs.absorb(std::move(other.exprs));
    effects.absorb(std::move(other.effects));
    sources.absorb(std::move(other.sources));
    source_texts_.merge(other.source_texts_);  // moves nodes: the texts do not move
    if (!other.source_texts_.empty()) absorbed_texts_.push_back(std::move(other.source_texts_));
    other.last_ = {};
  }

 private:
  struct text_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  /// Node-based: an element never moves while the set grows, nor when the set is moved.
  using text_set = std::unordered_set<std::string, text_hash, std::equal_to<>>;
  text_set source_texts_;
  std::vector<text_set> absorbed_texts_;  ///< texts of absorbed storages that this one held already
  std::string_view last_;
};

/// A knowledge base after the checks: complete and consistent when no error was reported.
struct model {
  std::string name, version;
  std::string disclaimer = default_disclaimer;
  double other_prior = 0.10;
  double urgency_threshold = default_urgency_threshold;
  std::vector<std::string> regions;
  std::vector<model_finding> findings;
  std::vector<model_value> values;
  std::vector<model_condition> conditions;
  std::vector<model_fact> facts;
  std::vector<model_flag> flags;
  std::vector<model_rule> rules;
  std::vector<model_test> tests;
  interner names;  ///< every declared name (not regions)
  rule_storage rule_parts;  ///< operands, effects and sources of `rules`
  /// The files the model was checked from: the views of its rules (id, text, weights as written) point into their
  /// texts, so the model keeps them alive (check::checker::finish sets it).
  std::vector<std::shared_ptr<const grammar::source_file>> source_files;
};

}  // namespace ddx::engine
