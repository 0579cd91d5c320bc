// grammar/errors.hpp: error_message<Rule> (message, hint, code) for every must<> point, and the parser's control.
#pragma once

#include "grammar/builder.hpp"

namespace ddx::grammar::detail {

/// What a found token is checked for before the generic message is used.
enum class name_check { none, characters, keyword_and_characters };
/// Which span the diagnostic points at.
enum class error_span { token, identifier, opening_quote, escape, opening_paren };

/// The text of one error point. `{found}` is the token found (or "end of file"), `{prev}` the token before it.
struct error_text {
  const char* code = nullptr;
  const char* message = nullptr;
  const char* hint = "";
  const char* candidates = "";    ///< space-separated words offered as "did you mean" for a found word
  name_check check = name_check::none;
  error_span where = error_span::token;
  const char* word_message = "";  ///< used instead of `message` when the found token is a word
};

/// True when the word at `at` starts its line and is closest to a declaration keyword among `t.candidates`.
bool misspelt_declaration_keyword(const error_text& t, const builder& b, const char* at);
template <typename Rule> struct is_decl_end : std::false_type {};
template <typename Tag> struct is_decl_end<rules::decl_end<Tag>> : std::true_type {};

/// Builds the diagnostic for an error point at `at`.
diagnostic make_error(const error_text& t, const builder& b, const char* at);

inline constexpr int max_nesting = 200;
inline constexpr error_text nesting_error{"E112", "expressions are nested more than 200 levels deep",
                                          "split the expression into facts asserted by smaller rules"};

template <typename Rule>
inline constexpr error_text error_message{};

// clang-format off
namespace r = rules;
constexpr const char* expr_hint = "an expression joins finding ids, fact names and comparisons such as `age >= 40` with `and`, `or` and `not`";
constexpr const char* at_least_hint = "write `at least N of (A, B, C)`";
constexpr const char* range_hint = "write `range LOW to HIGH`, for example `range 0 to 10`";
constexpr const char* weight_hint = "a weight is `weak`, `moderate`, `strong`, `decisive` or `lr N`";
constexpr const char* name_hint = "names use lower-case letters, digits and `_`, for example `itbs`";
constexpr const char* expect_hint = "for example `expect itbs first`, `expect triage at most modify_training` or `expect no flag possible_dvt`";
constexpr const char* decl_words = "knowledge_base finding value condition fact flag rule test";
constexpr error_text expr_error{"E115", "expected a finding, fact or comparison after `{prev}`, found {found}", expr_hint, "", name_check::characters};
constexpr error_text number_error{"E109", "expected a number after `{prev}`, found {found}", ""};
constexpr error_text name_error{"E103", "expected a name after `{prev}`, found {found}", name_hint, "", name_check::keyword_and_characters};
constexpr error_text string_error{"E106", "expected a string after `{prev}`, found {found}", "write text in double quotes, like \"Outer knee\""};

template <> inline constexpr error_text error_message<r::dot_segment> = {"E103", "expected a name after `.`, found {found}", "finding ids look like `loc.lateral_knee`", "", name_check::characters, error_span::identifier};
template <> inline constexpr error_text error_message<r::ident_end> = {"E105", "identifier {found} has characters other than `a`-`z`, `0`-`9`, `_` and `.`", "", "", name_check::characters, error_span::identifier};
template <> inline constexpr error_text error_message<r::escape_char> = {"E108", "unknown escape {found} in a string", "a string may use the escapes `\\\"`, `\\\\`, `\\n` and `\\t`", "", name_check::none, error_span::escape};
template <> inline constexpr error_text error_message<r::string_close> = {"E107", "unterminated string", "close the string with `\"` on the same line", "", name_check::none, error_span::opening_quote};
template <> inline constexpr error_text error_message<r::decl_keyword> = {"E101", "expected a declaration, found {found}", "a declaration starts with `knowledge_base`, `finding`, `value`, `condition`, `fact`, `flag`, `rule` or `test`", decl_words};
template <> inline constexpr error_text error_message<r::decl_id> = name_error;
template <> inline constexpr error_text error_message<r::effect_target> = name_error;
template <> inline constexpr error_text error_message<r::expect_target> = name_error;
template <> inline constexpr error_text error_message<r::case_value> = {"E103", "expected a value name after `{prev}`, found {found}", "write `values age 34, pain_score 4`", "", name_check::keyword_and_characters};
template <> inline constexpr error_text error_message<r::case_finding> = {"E103", "expected a finding id after `{prev}`, found {found}", "finding ids look like `loc.lateral_knee`", "", name_check::keyword_and_characters};
template <> inline constexpr error_text error_message<r::finding_id> = {"E103", "expected a dotted finding id after `finding`, found {found}", "finding ids have a dotted prefix, like `loc.lateral_knee`", "", name_check::keyword_and_characters};
template <> inline constexpr error_text error_message<r::finding_kind> = {"E103", "expected the kind of finding after `{prev}`, found {found}", "the kind is `location`, `symptom`, `timing`, `trigger`, `reliever`, `history`, `risk`, `sign`, `red_flag` or `demographic`", "", name_check::keyword_and_characters};
template <> inline constexpr error_text error_message<r::region_ref> = {"E103", "expected a region after `{prev}`, found {found}", "regions are names such as `knee` or `ankle_foot`", "", name_check::keyword_and_characters};
template <> inline constexpr error_text error_message<r::prior_value> = {"E103", "expected a prevalence class or a probability after `prior`, found {found}", "use `very_common`, `common`, `uncommon`, `rare`, `very_rare` or a probability such as `0.02`", "", name_check::keyword_and_characters};
template <> inline constexpr error_text error_message<r::level_ref> = {"E103", "expected a triage level after `level`, found {found}", "the levels are `self_care`, `modify_training`, `stop_and_assess`, `urgent_care` and `emergency`", "", name_check::keyword_and_characters};
template <> inline constexpr error_text error_message<r::urgency_ref> = {"E103", "expected a triage level after `urgency`, found {found}", "the levels are `self_care`, `modify_training`, `stop_and_assess`, `urgent_care` and `emergency`", "", name_check::keyword_and_characters};
template <> inline constexpr error_text error_message<r::urgency_high_ref> = {"E103", "expected a triage level after `to`, found {found}", "write a range from the lower level to the higher one, like `urgency self_care to modify_training`", "", name_check::keyword_and_characters};
template <> inline constexpr error_text error_message<r::overrides_ref> = {"E103", "expected a triage level after `overrides`, found {found}", "the levels are `self_care`, `modify_training`, `stop_and_assess`, `urgent_care` and `emergency`", "", name_check::keyword_and_characters};
template <> inline constexpr error_text error_message<r::threshold_number> = {"E109", "expected a number after `urgency_threshold`, found {found}", "write a share between 0 and 1, like `urgency_threshold 0.5`"};
template <> inline constexpr error_text error_message<r::triage_check> = {"E103", "expected a triage level after `triage`, found {found}", "the levels are `self_care`, `modify_training`, `stop_and_assess`, `urgent_care` and `emergency`", "", name_check::keyword_and_characters};
template <> inline constexpr error_text error_message<r::label> = {"E106", "expected a quoted label after `{prev}`, found {found}", "a declaration's name is followed by its label in double quotes, like `condition itbs \"Iliotibial band syndrome\"`"};
template <> inline constexpr error_text error_message<r::text_value> = string_error;
template <> inline constexpr error_text error_message<r::cmp_number> = {"E109", "expected a number after `{prev}`, found {found}", "only values can be compared, and only with numbers, as in `age >= 40`"};
template <> inline constexpr error_text error_message<r::prior_number> = number_error;
template <> inline constexpr error_text error_message<r::range_low> = {"E109", "expected a number after `{prev}`, found {found}", range_hint};
template <> inline constexpr error_text error_message<r::range_high> = {"E109", "expected a number after `{prev}`, found {found}", range_hint};
template <> inline constexpr error_text error_message<r::lr_number> = {"E109", "expected a number after `lr`, found {found}", "write a likelihood ratio, like `lr 3` or `lr 0.5`"};
template <> inline constexpr error_text error_message<r::case_value_number> = {"E109", "expected a number after `{prev}`, found {found}", "write `values age 34, pain_score 4`"};
template <> inline constexpr error_text error_message<r::expect_n> = {"E109", "expected a whole number after `{prev}`, found {found}", "for example `expect itbs rank 2` or `expect itbs in top 3`"};
template <> inline constexpr error_text error_message<r::at_least_n> = {"E109", "expected a whole number after `least`, found {found}", at_least_hint};
template <> inline constexpr error_text error_message<r::kw_least> = {"E116", "expected `least` after `at`, found {found}", at_least_hint};
template <> inline constexpr error_text error_message<r::kw_of> = {"E116", "expected `of` after `{prev}`, found {found}", at_least_hint};
template <> inline constexpr error_text error_message<r::at_least_open> = {"E116", "expected `(` after `of`, found {found}", at_least_hint};
template <> inline constexpr error_text error_message<r::kw_to> = {"E116", "expected `to` after `{prev}`, found {found}", range_hint};
template <> inline constexpr error_text error_message<r::kw_top> = {"E116", "expected `top` after `in`, found {found}", "write `in top N`"};
template <> inline constexpr error_text error_message<r::kw_flag> = {"E116", "expected `flag` after `no`, found {found}", "write `expect no flag FLAG`"};
template <> inline constexpr error_text error_message<r::least_or_most> = {"E116", "expected `least` or `most` after `at`, found {found}", "write `expect triage at least LEVEL` or `expect triage at most LEVEL`", "least most"};
template <> inline constexpr error_text error_message<r::paren_close> = {"E111", "unclosed `(`", "expected `)` before {found}", "", name_check::none, error_span::opening_paren};
template <> inline constexpr error_text error_message<r::operand> = expr_error;
template <> inline constexpr error_text error_message<r::and_operand> = expr_error;
template <> inline constexpr error_text error_message<r::or_operand> = expr_error;
template <> inline constexpr error_text error_message<r::not_expr> = expr_error;
template <> inline constexpr error_text error_message<r::when_expr> = expr_error;
template <> inline constexpr error_text error_message<r::unless_expr> = expr_error;
template <> inline constexpr error_text error_message<r::weight> = {"E110", "expected a weight after `{prev}`, found {found}", weight_hint, "weak moderate strong decisive lr"};
template <> inline constexpr error_text error_message<r::effect> = {"E117", "expected an effect after `{prev}`, found {found}", "an effect is `for CONDITION WEIGHT`, `against CONDITION WEIGHT`, `assert FACT` or `raise FLAG`", "for against assert raise"};
template <> inline constexpr error_text error_message<r::expectation> = {"E118", "expected what to check after `expect`, found {found}", expect_hint, "triage flag no"};
template <> inline constexpr error_text error_message<r::condition_check> = {"E118", "expected `first`, `rank N`, `in top N`, `listed` or `not` after `{prev}`, found {found}", expect_hint, "first rank in listed not"};
template <> inline constexpr error_text error_message<r::negated_check> = {"E118", "expected `first`, `in top N` or `listed` after `not`, found {found}", expect_hint, "first in listed"};

constexpr error_text decl_end_error(const char* word_message, const char* hint, const char* candidates) {
  return {"E102", "unexpected {found} in this declaration", hint, candidates, name_check::none, error_span::token, word_message};
}
template <> inline constexpr error_text error_message<r::decl_end<r::kb_tag>> = decl_end_error("`{word}` is not a clause of `knowledge_base`", "the clauses of `knowledge_base` are `version`, `other_prior`, `regions`, `disclaimer` and `urgency_threshold`", "version other_prior regions disclaimer urgency_threshold knowledge_base finding value condition fact flag rule test");
template <> inline constexpr error_text error_message<r::decl_end<r::finding_tag>> = decl_end_error("`{word}` is not a clause of `finding`", "the clauses of `finding` are `region`, `synonyms`, `description` and `source`", "region synonyms description source knowledge_base finding value condition fact flag rule test");
template <> inline constexpr error_text error_message<r::decl_end<r::value_tag>> = decl_end_error("`{word}` is not a clause of `value`", "the clauses of `value` are `range`, `unit` and `description`", "range unit description knowledge_base finding value condition fact flag rule test");
template <> inline constexpr error_text error_message<r::decl_end<r::condition_tag>> = decl_end_error("`{word}` is not a clause of `condition`", "the clauses of `condition` are `region`, `prior`, `urgency`, `advice`, `description` and `source`", "region prior urgency advice description source knowledge_base finding value condition fact flag rule test");
template <> inline constexpr error_text error_message<r::decl_end<r::fact_tag>> = decl_end_error("`{word}` is not a clause of `fact`", "the clauses of `fact` are `description` and `source`", "description source knowledge_base finding value condition fact flag rule test");
template <> inline constexpr error_text error_message<r::decl_end<r::flag_tag>> = decl_end_error("`{word}` is not a clause of `flag`", "the clauses of `flag` are `level`, `overrides`, `advice` and `source`", "level overrides advice source knowledge_base finding value condition fact flag rule test");
template <> inline constexpr error_text error_message<r::decl_end<r::rule_tag>> = decl_end_error("`{word}` is not a clause of `rule`", "the clauses of `rule` are `when`, `unless`, `then` and `source`; effects follow `then`, separated by `,`", "when unless then source knowledge_base finding value condition fact flag rule test");
template <> inline constexpr error_text error_message<r::decl_end<r::test_tag>> = decl_end_error("`{word}` is not a clause of `test`", "the clauses of `test` are `present`, `absent`, `values` and `expect`", "present absent values expect knowledge_base finding value condition fact flag rule test");
// clang-format on

/// PEGTL control: every must<> failure becomes one diagnostic kept in the builder; nesting is limited.
template <typename Rule>
struct control : tao::pegtl::normal<Rule> {
  template <typename ParseInput>
  [[noreturn]] static void raise(const ParseInput& in, builder& b) {
    static_assert(error_message<Rule>.code != nullptr, "every must<> point needs an error_message");
    if constexpr (is_decl_end<Rule>::value) {
      // `conditon x` after a good declaration: keep that declaration, report the misspelt keyword.
      if (misspelt_declaration_keyword(error_message<Rule>, b, in.current())) {
        b.keep_before_misspelt_keyword();
        b.fail(make_error(error_message<rules::decl_keyword>, b, in.current()), in.current());
      }
    }
    b.fail(make_error(error_message<Rule>, b, in.current()), in.current());
  }

  template <typename ParseInput>
  static void start(const ParseInput& in, builder& b) {
    if constexpr (std::is_same_v<Rule, rules::not_expr>) {
      if (++b.depth > max_nesting + 1)  // the outermost operand is level 0
        b.fail(make_error(nesting_error, b, in.current()), in.current());
    }
  }

  template <typename ParseInput>
  static void success(const ParseInput& /*in*/, builder& b) {
    if constexpr (std::is_same_v<Rule, rules::not_expr>) --b.depth;
  }

  template <typename ParseInput>
  static void failure(const ParseInput& /*in*/, builder& b) {
    if constexpr (std::is_same_v<Rule, rules::not_expr>) --b.depth;
  }
};

}  // namespace ddx::grammar::detail
