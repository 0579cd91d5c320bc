// grammar/rules.hpp: PEGTL rules for expressions and declarations, one named struct per construct of docs/language.md.
#pragma once

#include "grammar/lexical.hpp"

namespace ddx::grammar::rules {

// clang-format off

// Comma-separated list: `Item, Item, ...`.
template< typename Item > struct list_of : pg::seq< pg::must< Item >, pg::star< sep, pg::one< ',' >, sep, pg::must< Item > > > {};

// Expressions (docs/language.md "Expressions"). Every expression is reached through a must<>,
// so expressions never backtrack once started.
struct expr;
struct expr_mark : pg::success {};  // where an and/or/at-least operand list starts
struct expr_name : pg::seq< pg::not_at< keyword >, name_body > {};
struct cmp_op : pg::sor< pg::string< '>', '=' >, pg::string< '<', '=' >, pg::string< '!', '=' >, pg::one< '>', '<', '=' > > {};
struct cmp_number : pg::seq< number > {};
// A name is a reference unless an operator follows: `f.x` or `age >= 40`, the name read once either way.
struct operand_name : expr_name {};
struct comparison_tail : pg::seq< sep, cmp_op, sep, pg::must< cmp_number > > {};
struct reference_or_comparison : pg::seq< operand_name, pg::opt< comparison_tail > > {};
struct paren_open : pg::one< '(' > {};
struct paren_close : pg::one< ')' > {};
struct operand : pg::seq< expr > {};
struct paren_expr : pg::seq< paren_open, sep, pg::must< operand >, sep, pg::must< paren_close > > {};
struct at_least_n : pg::seq< integer > {};
struct at_least_open : pg::seq< paren_open > {};
struct at_least : pg::seq< kw_at, sep, pg::must< kw_least >, sep, pg::must< at_least_n >, sep, pg::must< kw_of >, sep, pg::must< at_least_open >, sep, expr_mark, pg::must< operand >, pg::star< sep, pg::one< ',' >, sep, pg::must< operand > >, sep, pg::must< paren_close > > {};
// A name first, the most common operand: `at` (of `at least`) is a keyword, so no name starts an `at least`.
struct primary : pg::sor< reference_or_comparison, paren_expr, at_least > {};
struct not_expr;
struct negation : pg::seq< kw_not, sep, pg::must< not_expr > > {};
struct not_expr : pg::sor< negation, primary > {};
struct and_operand : pg::seq< not_expr > {};
struct and_expr : pg::seq< expr_mark, pg::must< and_operand >, pg::star< sep, kw_and, sep, pg::must< and_operand > > > {};
struct or_operand : pg::seq< and_expr > {};
struct or_expr : pg::seq< expr_mark, or_operand, pg::star< sep, kw_or, sep, pg::must< or_operand > > > {};
struct expr : pg::seq< or_expr > {};

// Values common to several declarations.
struct decl_id : pg::seq< plain_name > {};
struct label : pg::seq< string_lit > {};
struct text_value : pg::seq< string_lit > {};
struct region_ref : pg::seq< plain_name > {};
struct source_clause : pg::seq< kw_source, sep, pg::must< text_value > > {};
struct description_clause : pg::seq< kw_description, sep, pg::must< text_value > > {};
struct advice_clause : pg::seq< kw_advice, sep, pg::must< text_value > > {};
struct region_clause : pg::seq< kw_region, sep, pg::must< region_ref > > {};

// A declaration ends at the next declaration keyword or at the end of the file.
template< typename Tag > struct decl_end : pg::sor< pg::eof, pg::at< decl_keyword > > {};
template< typename Tag, typename Head, typename Clause > struct declaration_of : pg::seq< Head, pg::star< sep, Clause >, sep, pg::must< decl_end< Tag > > > {};

// knowledge_base
struct kb_tag {};
struct kb_head : pg::seq< kw_knowledge_base, sep, pg::must< label > > {};
struct version_clause : pg::seq< kw_version, sep, pg::must< text_value > > {};
struct prior_number : pg::seq< number > {};
struct other_prior_clause : pg::seq< kw_other_prior, sep, pg::must< prior_number > > {};
struct regions_clause : pg::seq< kw_regions, sep, list_of< region_ref > > {};
struct disclaimer_clause : pg::seq< kw_disclaimer, sep, pg::must< text_value > > {};
struct threshold_number : pg::seq< number > {};
struct urgency_threshold_clause : pg::seq< kw_urgency_threshold, sep, pg::must< threshold_number > > {};
struct kb_clause : pg::sor< version_clause, other_prior_clause, regions_clause, disclaimer_clause, urgency_threshold_clause > {};
struct knowledge_base_decl : declaration_of< kb_tag, kb_head, kb_clause > {};

// finding
struct finding_tag {};
struct finding_id : pg::seq< dotted_name > {};
struct finding_kind : pg::seq< plain_name > {};
struct finding_head : pg::seq< kw_finding, sep, pg::must< finding_id >, sep, pg::must< finding_kind >, sep, pg::must< label > > {};
struct synonyms_clause : pg::seq< kw_synonyms, sep, list_of< text_value > > {};
struct finding_clause : pg::sor< region_clause, synonyms_clause, description_clause, source_clause > {};
struct finding_decl : declaration_of< finding_tag, finding_head, finding_clause > {};

// value
struct value_tag {};
struct value_head : pg::seq< kw_value, sep, pg::must< decl_id >, sep, pg::must< label > > {};
struct range_low : pg::seq< number > {};
struct range_high : pg::seq< number > {};
struct unit_clause : pg::seq< kw_unit, sep, pg::must< text_value > > {};
struct range_clause : pg::seq< kw_range, sep, pg::must< range_low >, sep, pg::must< kw_to >, sep, pg::must< range_high > > {};
struct value_clause : pg::sor< unit_clause, range_clause, description_clause > {};
struct value_decl : declaration_of< value_tag, value_head, value_clause > {};

// condition
struct condition_tag {};
struct condition_head : pg::seq< kw_condition, sep, pg::must< decl_id >, sep, pg::must< label > > {};
struct prior_class : pg::seq< plain_name > {};
struct prior_value : pg::sor< prior_number, prior_class > {};
struct prior_clause : pg::seq< kw_prior, sep, pg::must< prior_value > > {};
struct urgency_ref : pg::seq< plain_name > {};
struct urgency_high_ref : pg::seq< plain_name > {};
// `urgency LEVEL` or a range `urgency LOW to HIGH` (docs/language.md). The `to` is looked for with `at` (no actions)
// first, so a comment after a one-level clause is not recorded twice when the attempt rewinds.
struct urgency_range_end : pg::seq< pg::at< sep, kw_to >, sep, kw_to, sep, pg::must< urgency_high_ref > > {};
struct urgency_clause : pg::seq< kw_urgency, sep, pg::must< urgency_ref >, pg::opt< urgency_range_end > > {};
struct condition_clause : pg::sor< region_clause, prior_clause, urgency_clause, advice_clause, description_clause, source_clause > {};
struct condition_decl : declaration_of< condition_tag, condition_head, condition_clause > {};

// fact
struct fact_tag {};
struct fact_head : pg::seq< kw_fact, sep, pg::must< decl_id >, sep, pg::must< label > > {};
struct fact_clause : pg::sor< description_clause, source_clause > {};
struct fact_decl : declaration_of< fact_tag, fact_head, fact_clause > {};

// flag
struct flag_tag {};
struct flag_head : pg::seq< kw_flag, sep, pg::must< decl_id >, sep, pg::must< label > > {};
struct level_ref : pg::seq< plain_name > {};
struct level_clause : pg::seq< kw_level, sep, pg::must< level_ref > > {};
struct overrides_ref : pg::seq< plain_name > {};
struct overrides_clause : pg::seq< kw_overrides, sep, pg::must< overrides_ref > > {};
struct flag_clause : pg::sor< level_clause, overrides_clause, advice_clause, source_clause > {};
struct flag_decl : declaration_of< flag_tag, flag_head, flag_clause > {};

// rule
struct rule_tag {};
struct rule_head : pg::seq< kw_rule, sep, pg::must< decl_id >, sep, pg::must< label > > {};
struct when_expr : pg::seq< expr > {};
struct when_clause : pg::seq< kw_when, sep, pg::must< when_expr > > {};
// `unless EXPR`: the rule does not fire while EXPR is known true (docs/language.md "rule").
struct unless_expr : pg::seq< expr > {};
struct unless_clause : pg::seq< kw_unless, sep, pg::must< unless_expr > > {};
struct effect_target : pg::seq< plain_name > {};
struct lr_number : pg::seq< number > {};
struct lr_weight : pg::seq< kw_lr, sep, pg::must< lr_number > > {};
struct weight_word : pg::seq< pg::not_at< keyword >, plain_body > {};
struct weight : pg::sor< lr_weight, weight_word > {};
struct support_effect : pg::seq< kw_for, sep, pg::must< effect_target >, sep, pg::must< weight > > {};
struct oppose_effect : pg::seq< kw_against, sep, pg::must< effect_target >, sep, pg::must< weight > > {};
struct assert_effect : pg::seq< kw_assert, sep, pg::must< effect_target > > {};
struct raise_effect : pg::seq< kw_raise, sep, pg::must< effect_target > > {};
struct effect : pg::sor< support_effect, oppose_effect, assert_effect, raise_effect > {};
struct then_clause : pg::seq< kw_then, sep, list_of< effect > > {};
struct rule_clause : pg::sor< when_clause, unless_clause, then_clause, source_clause > {};
struct rule_decl : declaration_of< rule_tag, rule_head, rule_clause > {};

// test
struct test_tag {};
struct test_head : pg::seq< kw_test, sep, pg::must< decl_id >, pg::opt< sep, label > > {};
struct case_finding : pg::seq< name > {};
struct present_clause : pg::seq< kw_present, sep, list_of< case_finding > > {};
struct absent_clause : pg::seq< kw_absent, sep, list_of< case_finding > > {};
struct case_value_number : pg::seq< number > {};
struct case_value : pg::seq< plain_name, sep, pg::must< case_value_number > > {};
struct values_clause : pg::seq< kw_values, sep, list_of< case_value > > {};
struct expect_n : pg::seq< integer > {};
struct expect_target : pg::seq< plain_name > {};
struct expect_first : kw_first {};
struct expect_rank : pg::seq< kw_rank, sep, pg::must< expect_n > > {};
struct expect_in_top : pg::seq< kw_in, sep, pg::must< kw_top >, sep, pg::must< expect_n > > {};
struct expect_listed : kw_listed {};
struct expect_not_first : kw_first {};
struct expect_not_in_top : pg::seq< kw_in, sep, pg::must< kw_top >, sep, pg::must< expect_n > > {};
struct expect_not_listed : kw_listed {};
struct negated_check : pg::sor< expect_not_first, expect_not_in_top, expect_not_listed > {};
struct condition_check : pg::sor< expect_first, expect_rank, expect_in_top, expect_listed, pg::seq< kw_not, sep, pg::must< negated_check > > > {};
struct expect_condition : pg::seq< expect_target, sep, pg::must< condition_check > > {};
struct triage_least : kw_least {};
struct triage_most : kw_most {};
struct least_or_most : pg::sor< triage_least, triage_most > {};
struct triage_bound : pg::seq< kw_at, sep, pg::must< least_or_most >, sep, pg::must< expect_target > > {};
struct triage_check : pg::sor< triage_bound, expect_target > {};
struct expect_triage : pg::seq< kw_triage, sep, pg::must< triage_check > > {};
struct expect_flag : pg::seq< kw_flag, sep, pg::must< expect_target > > {};
struct expect_no_flag : pg::seq< kw_no, sep, pg::must< kw_flag >, sep, pg::must< expect_target > > {};
struct expectation : pg::sor< expect_triage, expect_flag, expect_no_flag, expect_condition > {};
struct expect_clause : pg::seq< kw_expect, sep, pg::must< expectation > > {};
struct test_clause : pg::sor< present_clause, absent_clause, values_clause, expect_clause > {};
struct test_decl : declaration_of< test_tag, test_head, test_clause > {};

// A file: declarations; a broken one is reported and skipped up to the next line that starts
// with a declaration keyword (docs/language.md "Diagnostics").
// Rules first: most declarations of a large knowledge base are rules (each alternative starts with its own keyword).
struct declaration : pg::sor< rule_decl, knowledge_base_decl, finding_decl, value_decl, condition_decl, fact_decl, flag_decl, test_decl, pg::must< decl_keyword > > {};
struct decl_line_ahead : pg::at< pg::star< pg::one< ' ', '\t' > >, decl_keyword > {};
struct recover : pg::seq< line_rest, pg::star< pg::not_at< decl_line_ahead >, line_rest > > {};
struct declaration_or_recover : pg::sor< pg::try_catch< declaration >, recover > {};
struct file : pg::seq< sep, pg::until< pg::eof, declaration_or_recover, sep > > {};

// clang-format on

}  // namespace ddx::grammar::rules
