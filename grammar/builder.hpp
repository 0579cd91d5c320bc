// grammar/builder.hpp: PEGTL actions and the builder state that turn matched input into AST nodes with spans.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "grammar/ast.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/rules.hpp"

namespace ddx::grammar::detail {

/// Parser state: the declaration under construction, token stacks and the file's comments. Each declaration goes
/// to a sink as soon as it is complete and free of syntax errors; the builder never holds more than one. A rule
/// goes to `rule_sink` as a reference to the builder's own rule, whose storage the next rule reuses (so a large
/// file of rules allocates no tree per rule); anything else is moved to `sink`. Both sinks must outlive the builder.
class builder {
 public:
  using sink_type = std::function<void(ast::declaration&&)>;
  using rule_sink_type = std::function<void(ast::rule_decl&)>;
  using rule_hint_type = std::function<void(std::string_view)>;
  builder(std::string_view text, file_id id, diagnostics& diags, const sink_type& sink, const rule_sink_type& rule_sink,
          const rule_hint_type& rule_hint = {});

  std::string_view text() const { return text_; }
  const std::vector<ast::comment>& comments() const { return comments_; }
  source_span span(const char* begin, std::size_t size) const {
    const std::uint32_t b = offset(begin);
    return {id_, b, b + static_cast<std::uint32_t>(size)};
  }
  std::uint32_t offset(const char* at) const { return static_cast<std::uint32_t>(at - text_.data()); }
  /// The comments, once parsing is over (a declaration left half built is dropped).
  std::vector<ast::comment> take_comments();

  // The syntax error of the declaration being parsed (set before a parse_error is thrown).
  std::optional<diagnostic> error;
  [[noreturn]] void fail(diagnostic d, const char* at);
  /// After a failed declaration: report its error and forget what was half built.
  void recover(const char* at);

  // Lexical tokens.
  void comment(source_span s);
  void push_ident(source_span s);
  void push_string(source_span s);
  void push_number(source_span s);
  std::uint32_t quote = 0;           ///< offset of the last opening `"`
  std::vector<std::uint32_t> parens; ///< offsets of the open `(`
  int depth = 0;                     ///< expression nesting

  // Expressions.
  void mark() { marks_.push_back(exprs_.size()); }
  void operand_name(source_span s) { cmp_name_ = {slice(s), s}; }
  void comparison_op(std::string_view op);
  /// `s` spans the operand name alone (a reference) or the whole comparison.
  void reference_or_comparison(source_span s) { s.end == cmp_name_.span.end ? reference(s) : comparison(s); }
  void negation(source_span s);
  void chain(ast::expr::kind k, source_span s);
  void parenthesized() { exprs_.back().parenthesized = true; }
  void at_least(source_span s);

  // Declarations.
  void knowledge_base_head(source_span s);
  void finding_head(source_span s);
  void value_head(source_span s);
  void condition_head(source_span s);
  void fact_head(source_span s);
  void flag_head(source_span s);
  void rule_head(source_span s);
  void test_head(source_span s);
  void clause(std::string_view keyword, source_span s);
  void effect(ast::effect::kind k, source_span s);
  void weight_word(source_span s, const char* at);
  void weight_lr(source_span s);
  void expect_kind(ast::expectation::kind k) { expect_kind_ = k; }
  void finish_declaration(source_span s);
  /// Keeps the declaration being parsed when the token that ended it is a misspelt declaration keyword.
  void keep_before_misspelt_keyword() { finish_declaration({id_, decl_begin_, last_end_}); }

 private:
  std::string_view slice(source_span s) const { return text_.substr(s.begin, s.end - s.begin); }
  ast::ident pop_ident();
  ast::string_lit pop_string();
  ast::number_lit pop_number();
  ast::expr pop_expr();
  void reference(source_span s);
  void comparison(source_span s);
  bool once(std::string_view keyword, source_span s);
  void require(std::string_view keyword, bool present, const char* hint);
  /// The declaration being built (valid while `building_`).
  ast::declaration& current_decl() { return current_; }
  template <typename Decl> Decl& current() { return std::get<Decl>(current_decl()); }
  void apply_clause(std::string_view keyword, source_span s);
  void apply_rule_clause(std::string_view keyword, source_span s);
  void apply_test_clause(std::string_view keyword, source_span s);
  template <typename Decl> Decl& start(source_span s);
  void clear();
  /// Empties `r` for the next rule, keeping the capacity of its vectors and strings.
  static void reset(ast::rule_decl& r);

  std::string_view text_;
  file_id id_;
  diagnostics& diags_;
  const sink_type& sink_;
  const rule_sink_type& rule_sink_;
  const rule_hint_type& rule_hint_;  ///< told each rule's id at its head (grammar::rule_name_hint), may be empty
  std::vector<ast::comment> comments_;
  ast::declaration current_;
  bool building_ = false;          ///< current_ is a declaration under construction
  std::string_view decl_keyword_;  ///< points into text_
  std::uint32_t decl_begin_ = 0;
  std::uint32_t last_end_ = 0;  ///< end of the last clause, so a declaration's span leaves out trailing blanks
  std::vector<std::pair<std::string_view, source_span>> seen_;  ///< keywords point into text_
  std::vector<diagnostic> decl_errors_;
  std::vector<ast::ident> idents_;
  std::vector<ast::string_lit> strings_;
  std::vector<ast::number_lit> numbers_;
  std::vector<ast::expr> exprs_;
  std::vector<std::size_t> marks_;
  std::vector<ast::effect> effects_;
  std::optional<ast::weight_spec> weight_;
  ast::ident cmp_name_;
  ast::cmp_op cmp_op_ = ast::cmp_op::eq;
  ast::expectation::kind expect_kind_ = ast::expectation::kind::first;
};

namespace r = rules;

template <typename Rule>
struct action : tao::pegtl::nothing<Rule> {};

/// Actions that only need the matched span.
template <void (builder::*Member)(source_span)>
struct span_action {
  template <typename ActionInput>
  static void apply(const ActionInput& in, builder& b) {
    (b.*Member)(b.span(in.begin(), in.size()));
  }
};

/// The leading keyword of `t`: its run of lowercase letters and underscores.
inline std::string_view leading_keyword(std::string_view t) {
  std::size_t n = 0;
  while (n < t.size() && ((t[n] >= 'a' && t[n] <= 'z') || t[n] == '_')) ++n;
  return t.substr(0, n);
}

/// Actions that record a clause by its keyword (the first word of the match).
struct clause_action {
  template <typename ActionInput>
  static void apply(const ActionInput& in, builder& b) {
    b.clause(leading_keyword(in.string_view()), b.span(in.begin(), in.size()));
  }
};

template <ast::expectation::kind K>
struct expect_action {
  static void apply0(builder& b) { b.expect_kind(K); }
};

template <ast::effect::kind K>
struct effect_action {
  template <typename ActionInput>
  static void apply(const ActionInput& in, builder& b) {
    b.effect(K, b.span(in.begin(), in.size()));
  }
};

// clang-format off
template <> struct action<r::comment> : span_action<&builder::comment> {};
template <> struct action<r::name> : span_action<&builder::push_ident> {};
template <> struct action<r::plain_name> : span_action<&builder::push_ident> {};
template <> struct action<r::dotted_name> : span_action<&builder::push_ident> {};
template <> struct action<r::string_lit> : span_action<&builder::push_string> {};
template <> struct action<r::number> : span_action<&builder::push_number> {};
template <> struct action<r::integer> : span_action<&builder::push_number> {};
template <> struct action<r::operand_name> : span_action<&builder::operand_name> {};
template <> struct action<r::reference_or_comparison> : span_action<&builder::reference_or_comparison> {};
template <> struct action<r::negation> : span_action<&builder::negation> {};
template <> struct action<r::at_least> : span_action<&builder::at_least> {};
template <> struct action<r::knowledge_base_decl> : span_action<&builder::finish_declaration> {};
template <> struct action<r::finding_decl> : span_action<&builder::finish_declaration> {};
template <> struct action<r::value_decl> : span_action<&builder::finish_declaration> {};
template <> struct action<r::condition_decl> : span_action<&builder::finish_declaration> {};
template <> struct action<r::fact_decl> : span_action<&builder::finish_declaration> {};
template <> struct action<r::flag_decl> : span_action<&builder::finish_declaration> {};
template <> struct action<r::rule_decl> : span_action<&builder::finish_declaration> {};
template <> struct action<r::test_decl> : span_action<&builder::finish_declaration> {};
template <> struct action<r::kb_head> : span_action<&builder::knowledge_base_head> {};
template <> struct action<r::finding_head> : span_action<&builder::finding_head> {};
template <> struct action<r::value_head> : span_action<&builder::value_head> {};
template <> struct action<r::condition_head> : span_action<&builder::condition_head> {};
template <> struct action<r::fact_head> : span_action<&builder::fact_head> {};
template <> struct action<r::flag_head> : span_action<&builder::flag_head> {};
template <> struct action<r::rule_head> : span_action<&builder::rule_head> {};
template <> struct action<r::test_head> : span_action<&builder::test_head> {};
template <> struct action<r::lr_weight> : span_action<&builder::weight_lr> {};
template <> struct action<r::kb_clause> : clause_action {};
template <> struct action<r::finding_clause> : clause_action {};
template <> struct action<r::value_clause> : clause_action {};
template <> struct action<r::condition_clause> : clause_action {};
template <> struct action<r::fact_clause> : clause_action {};
template <> struct action<r::flag_clause> : clause_action {};
template <> struct action<r::rule_clause> : clause_action {};
template <> struct action<r::test_clause> : clause_action {};
template <> struct action<r::support_effect> : effect_action<ast::effect::kind::support> {};
template <> struct action<r::oppose_effect> : effect_action<ast::effect::kind::oppose> {};
template <> struct action<r::assert_effect> : effect_action<ast::effect::kind::assert_fact> {};
template <> struct action<r::raise_effect> : effect_action<ast::effect::kind::raise_flag> {};
template <> struct action<r::kw_expect> : expect_action<ast::expectation::kind::triage_is> {};
template <> struct action<r::expect_first> : expect_action<ast::expectation::kind::first> {};
template <> struct action<r::expect_rank> : expect_action<ast::expectation::kind::rank> {};
template <> struct action<r::expect_in_top> : expect_action<ast::expectation::kind::in_top> {};
template <> struct action<r::expect_listed> : expect_action<ast::expectation::kind::listed> {};
template <> struct action<r::expect_not_first> : expect_action<ast::expectation::kind::not_first> {};
template <> struct action<r::expect_not_in_top> : expect_action<ast::expectation::kind::not_in_top> {};
template <> struct action<r::expect_not_listed> : expect_action<ast::expectation::kind::not_listed> {};
template <> struct action<r::triage_least> : expect_action<ast::expectation::kind::triage_at_least> {};
template <> struct action<r::triage_most> : expect_action<ast::expectation::kind::triage_at_most> {};
template <> struct action<r::expect_flag> : expect_action<ast::expectation::kind::flag_raised> {};
template <> struct action<r::expect_no_flag> : expect_action<ast::expectation::kind::flag_not_raised> {};
// clang-format on

template <> struct action<r::string_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, builder& b) { b.quote = b.offset(in.begin()); }
};
template <> struct action<r::paren_open> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, builder& b) { b.parens.push_back(b.offset(in.begin())); }
};
template <> struct action<r::paren_close> {
  static void apply0(builder& b) { if (!b.parens.empty()) b.parens.pop_back(); }
};
template <> struct action<r::expr_mark> {
  static void apply0(builder& b) { b.mark(); }
};
template <> struct action<r::cmp_op> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, builder& b) { b.comparison_op(in.string_view()); }
};
template <> struct action<r::and_expr> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, builder& b) { b.chain(ast::expr::kind::and_, b.span(in.begin(), in.size())); }
};
template <> struct action<r::or_expr> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, builder& b) { b.chain(ast::expr::kind::or_, b.span(in.begin(), in.size())); }
};
template <> struct action<r::paren_expr> {
  static void apply0(builder& b) { b.parenthesized(); }
};
template <> struct action<r::weight_word> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, builder& b) { b.weight_word(b.span(in.begin(), in.size()), in.begin()); }
};
template <> struct action<r::recover> {
  template <typename ActionInput>
  static void apply(const ActionInput& in, builder& b) { b.recover(in.begin()); }
};

}  // namespace ddx::grammar::detail
