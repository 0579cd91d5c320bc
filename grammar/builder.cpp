// grammar/builder.cpp: builder state behind the PEGTL actions: tokens, expressions, declarations, clause checks.
#include "grammar/builder.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstdlib>

#include "grammar/suggest.hpp"

namespace ddx::grammar::detail {

namespace {

/// The text of string literal `quoted` (quotes included), escapes resolved, into `out`.
void unescape(std::string_view quoted, std::string& out) {
  std::string_view body = quoted.substr(1, quoted.size() - 2);
  if (body.find('\\') == std::string_view::npos) {
    out.assign(body);
    return;
  }
  out.clear();
  out.reserve(body.size());
  for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
    char c = quoted[i];
    if (c == '\\') {
      char e = quoted[++i];
      c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
    }
    out += c;
  }
}

/// `text`, a number as the grammar spells it (`-?[0-9]+(\.[0-9]+)?`), read with one division when it has at most 15
/// digits: the digits are then an exact integer below 2^53 and the power of ten exact, so the quotient is the
/// correctly rounded value, which is what from_chars gives. False for longer or other spellings.
bool read_short_decimal(std::string_view text, double& value) {
  static constexpr double powers[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const bool negative = !text.empty() && text[0] == '-';
  std::uint64_t digits = 0;
  std::size_t count = 0, decimals = 0;
  bool point = false;
  for (std::size_t i = negative ? 1 : 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '.' && !point) {
      point = true;
    } else if (c >= '0' && c <= '9') {
      digits = digits * 10 + static_cast<std::uint64_t>(c - '0');
      ++count;
      if (point) ++decimals;
    } else {
      return false;
    }
  }
  if (count == 0 || count > 15) return false;
  const double x = static_cast<double>(digits) / powers[decimals];
  value = negative ? -x : x;
  return true;
}

}  // namespace

builder::builder(std::string_view text, file_id id, diagnostics& diags, const sink_type& sink,
                 const rule_sink_type& rule_sink, const rule_hint_type& rule_hint)
    : text_(text), id_(id), diags_(diags), sink_(sink), rule_sink_(rule_sink), rule_hint_(rule_hint) {}

std::vector<ast::comment> builder::take_comments() {
  clear();  // drops a declaration left half built
  return std::move(comments_);
}

void builder::fail(diagnostic d, const char* at) {
  error = std::move(d);
  throw tao::pegtl::parse_error(error->message, tao::pegtl::position(tao::pegtl::internal::iterator(at), "input"));
}

void builder::recover(const char* at) {
  if (error) {
    diags_.report(std::move(*error));
  } else {
    diags_.error("E101", span(at, 0), "this declaration could not be read");
  }
  error.reset();
  clear();
}

void builder::clear() {
  building_ = false;
  seen_.clear();
  decl_errors_.clear();
  idents_.clear();
  strings_.clear();
  numbers_.clear();
  exprs_.clear();
  marks_.clear();
  effects_.clear();
  weight_.reset();
  parens.clear();
  depth = 0;
}

void builder::comment(source_span s) {
  if (!comments_.empty() && comments_.back().span.begin >= s.begin) return;  // seen before backtracking
  std::string_view body = slice(s).substr(1);
  if (!body.empty() && body.back() == '\r') body.remove_suffix(1), --s.end;
  std::uint32_t i = s.begin;
  while (i > 0 && (text_[i - 1] == ' ' || text_[i - 1] == '\t')) --i;
  bool own_line = i == 0 || text_[i - 1] == '\n';
  comments_.push_back({std::string(body), s, own_line});
}

void builder::push_ident(source_span s) { idents_.push_back({slice(s), s}); }
void builder::push_string(source_span s) {
  ast::string_lit& lit = strings_.emplace_back();  // filled in place: one copy of the text
  const std::string_view quoted = slice(s);
  unescape(quoted, lit.value);
  lit.span = s;
  lit.raw = quoted.size() >= 2 ? quoted.substr(1, quoted.size() - 2) : std::string_view{};
}

void builder::push_number(source_span s) {
  std::string_view text = slice(s);
  double value = 0;
  if (read_short_decimal(text, value)) {
    // most numbers of a knowledge base (`lr 4.4`, `prior 0.02`)
  } else if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc()) {
    value = std::strtod(std::string(text).c_str(), nullptr);  // out of range: inf or 0 as before
  }
  numbers_.push_back({value, text, s});
}

ast::ident builder::pop_ident() {
  ast::ident i = std::move(idents_.back());
  idents_.pop_back();
  return i;
}

ast::string_lit builder::pop_string() {
  ast::string_lit s = std::move(strings_.back());
  strings_.pop_back();
  return s;
}

ast::number_lit builder::pop_number() {
  ast::number_lit n = std::move(numbers_.back());
  numbers_.pop_back();
  return n;
}

ast::expr builder::pop_expr() {
  ast::expr e = std::move(exprs_.back());
  exprs_.pop_back();
  return e;
}

void builder::reference(source_span s) {
  ast::expr& e = exprs_.emplace_back();
  e.k = ast::expr::kind::ref;
  e.span = s;
  e.name = {slice(s), s};
}

void builder::comparison_op(std::string_view op) {
  static constexpr std::array<std::pair<std::string_view, ast::cmp_op>, 6> ops{{
      {">=", ast::cmp_op::ge}, {"<=", ast::cmp_op::le}, {"!=", ast::cmp_op::ne},
      {">", ast::cmp_op::gt}, {"<", ast::cmp_op::lt}, {"=", ast::cmp_op::eq}}};
  for (const auto& [text, value] : ops) {
    if (text == op) cmp_op_ = value;
  }
}

void builder::comparison(source_span s) {
  ast::number_lit number = pop_number();
  ast::expr& e = exprs_.emplace_back();
  e.k = ast::expr::kind::compare;
  e.span = s;
  e.name = std::move(cmp_name_);
  e.op = cmp_op_;
  e.number = std::move(number);
}

void builder::negation(source_span s) {
  ast::expr e;
  e.k = ast::expr::kind::not_;
  e.span = s;
  e.children.push_back(pop_expr());
  exprs_.push_back(std::move(e));
}

void builder::chain(ast::expr::kind k, source_span s) {
  std::size_t m = marks_.back();
  marks_.pop_back();
  if (exprs_.size() - m < 2) return;
  ast::expr e;
  e.k = k;
  e.span = s;
  e.children.assign(std::make_move_iterator(exprs_.begin() + static_cast<std::ptrdiff_t>(m)),
                    std::make_move_iterator(exprs_.end()));
  exprs_.resize(m);
  exprs_.push_back(std::move(e));
}

void builder::at_least(source_span s) {
  std::size_t m = marks_.back();
  marks_.pop_back();
  ast::expr e;
  e.k = ast::expr::kind::at_least;
  e.span = s;
  e.children.assign(std::make_move_iterator(exprs_.begin() + static_cast<std::ptrdiff_t>(m)),
                    std::make_move_iterator(exprs_.end()));
  exprs_.resize(m);
  e.number = pop_number();
  exprs_.push_back(std::move(e));
}

void builder::weight_word(source_span s, const char* at) {
  static const std::vector<std::string> words{"weak", "moderate", "strong", "decisive", "lr"};
  std::string word(slice(s));
  if (std::find(words.begin(), words.end(), word) == words.end() || word == "lr") {
    const auto close = closest_names(word, words);
    std::string hint = did_you_mean(close);
    if (hint.empty()) hint = "a weight is `weak`, `moderate`, `strong`, `decisive` or `lr N`";
    fail({severity::error, "E110", "unknown weight `" + word + "`", s, {}, hint, replace_with_each(s, close)}, at);
  }
  weight_ = ast::weight_spec{ast::weight_spec::kind::word, {slice(s), s}, {}, s, slice(s)};
}

void builder::weight_lr(source_span s) {
  weight_ = ast::weight_spec{ast::weight_spec::kind::lr, {}, pop_number(), s, slice(s)};
}

void builder::effect(ast::effect::kind k, source_span s) {
  ast::effect e{k, pop_ident(), std::nullopt, s};
  if (k == ast::effect::kind::support || k == ast::effect::kind::oppose) e.weight = std::move(weight_);
  weight_.reset();
  effects_.push_back(std::move(e));
}

}  // namespace ddx::grammar::detail
