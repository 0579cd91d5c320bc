// grammar/ast.hpp: plain AST structs for the ddx rule language; every node keeps its source span.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "grammar/source.hpp"

namespace ddx::grammar::ast {

/// A plain (`itbs`) or dotted (`loc.lateral_knee`) identifier as written: a view of the source text, which must
/// outlive the tree (the source_manager that parsed it).
struct ident {
  std::string_view name;
  source_span span;
};

/// A string literal, escapes already resolved.
struct string_lit {
  std::string value;
  source_span span;
  std::string_view raw;  ///< what is between the quotes as written, a view of the source text (== value without escapes)
};

/// A number literal; `text` is the spelling in the source (kept for `ddx fmt`), a view of the source text.
struct number_lit {
  double value = 0;
  std::string_view text;
  source_span span;
};

enum class cmp_op : std::uint8_t { lt, le, gt, ge, eq, ne };

/// A `when` expression. `children` holds operands of not/and/or/at_least.
struct expr {
  enum class kind { ref, not_, and_, or_, at_least, compare };
  kind k = kind::ref;
  source_span span;
  ident name;                    ///< ref: finding or fact; compare: the value
  cmp_op op = cmp_op::eq;        ///< compare
  number_lit number;             ///< compare: right-hand side; at_least: N
  std::vector<expr> children;    ///< not_: 1; and_/or_: >= 2; at_least: >= 1
  bool parenthesized = false;    ///< written inside `( )` (kept by `ddx fmt` when mixing and/or)
};

/// `for` / `against` weight: a word (weak, moderate, strong, decisive) or `lr N`.
struct weight_spec {
  enum class kind { word, lr };
  kind k = kind::word;
  ident word;
  number_lit lr;
  source_span span;
  std::string_view text;  ///< as written (`strong`, `lr 4.4`), a view of the source text
};

/// One effect after `then`.
struct effect {
  enum class kind { support, oppose, assert_fact, raise_flag };
  kind k = kind::support;
  ident target;
  std::optional<weight_spec> weight;  ///< support and oppose only
  source_span span;
};

/// `prior common` or `prior 0.02`.
struct prior_spec {
  std::optional<ident> word;
  std::optional<number_lit> probability;
  source_span span;
};

struct knowledge_base_decl {
  string_lit name;
  std::optional<string_lit> version;
  std::optional<number_lit> other_prior;
  std::vector<ident> regions;
  std::optional<string_lit> disclaimer;
  std::optional<number_lit> urgency_threshold;
  source_span span;
};

struct finding_decl {
  ident id;
  ident kind;
  string_lit label;
  std::optional<ident> region;
  std::vector<string_lit> synonyms;
  std::optional<string_lit> description;
  std::vector<string_lit> sources;
  source_span span;
};

struct value_decl {
  ident id;
  string_lit label;
  std::optional<string_lit> unit;
  std::optional<number_lit> low, high;  ///< `range LOW to HIGH`
  std::optional<string_lit> description;
  source_span span;
};

struct condition_decl {
  ident id;
  string_lit name;
  std::optional<ident> region;
  std::optional<prior_spec> prior;
  std::optional<ident> urgency;  ///< the triage level the condition needs (docs/language.md); a range's lower end
  std::optional<ident> urgency_high;  ///< `urgency LOW to HIGH`: the range's upper end
  std::optional<string_lit> advice;
  std::optional<string_lit> description;
  std::vector<string_lit> sources;
  source_span span;
};

struct fact_decl {
  ident id;
  string_lit label;
  std::optional<string_lit> description;
  std::vector<string_lit> sources;
  source_span span;
};

struct flag_decl {
  ident id;
  string_lit label;
  std::optional<ident> level;
  std::optional<ident> overrides;  ///< condition urgencies up to this level do not count while the flag is raised
  std::optional<string_lit> advice;
  std::vector<string_lit> sources;
  source_span span;
};

struct rule_decl {
  ident id;
  string_lit text;
  std::optional<expr> when;
  /// `unless EXPR`: the rule fires only while this is not known true (false or unknown). Its span is the expression's.
  std::optional<expr> unless;
  std::vector<effect> effects;
  std::vector<string_lit> sources;
  source_span span;
};

/// One `expect` clause of a test.
struct expectation {
  enum class kind {
    first, not_first, rank, in_top, not_in_top, listed, not_listed,
    triage_is, triage_at_least, triage_at_most, flag_raised, flag_not_raised
  };
  kind k = kind::first;
  ident target;            ///< condition, flag or triage level
  std::uint32_t n = 0;     ///< rank / top N
  source_span span;
};

struct value_entry {
  ident id;
  number_lit number;
};

struct test_decl {
  ident id;
  std::optional<string_lit> label;
  std::vector<ident> present, absent;
  std::vector<value_entry> values;
  std::vector<expectation> expects;
  source_span span;
};

using declaration = std::variant<knowledge_base_decl, finding_decl, value_decl, condition_decl,
                                 fact_decl, flag_decl, rule_decl, test_decl>;

/// A `#` comment, kept so `ddx fmt` can put it back and `# ddx:allow` can silence warnings.
struct comment {
  std::string text;  ///< without the leading `#`
  source_span span;
  bool own_line = false;  ///< nothing but blanks before it on its line
};

/// One parsed file. Declarations that failed to parse are left out (their error is reported).
struct file {
  file_id id = 0;
  std::vector<declaration> decls;
  std::vector<comment> comments;
};

/// Span of any declaration.
source_span span_of(const declaration& d);
/// Declared id of any declaration; nullptr for knowledge_base (its name is a string, not an ident).
const ident* id_of(const declaration& d);

}  // namespace ddx::grammar::ast
