// grammar/errors.cpp: turns an error point (error_text + position) into a diagnostic with the smallest span.
#include "grammar/errors.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <sstream>

#include "grammar/suggest.hpp"

namespace ddx::grammar::detail {

namespace {

bool is_word_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         u >= 0x80;
}

bool is_op_byte(char c) { return c == '<' || c == '>' || c == '=' || c == '!'; }

/// Byte length of the token at `p` (a word, an operator, or one UTF-8 character).
std::size_t token_length(std::string_view text, std::size_t p) {
  std::size_t n = 0;
  if (is_word_byte(text[p])) {
    while (p + n < text.size() && is_word_byte(text[p + n])) ++n;
  } else if (is_op_byte(text[p])) {
    while (p + n < text.size() && is_op_byte(text[p + n])) ++n;
  } else {
    n = 1;
    while (p + n < text.size() && (static_cast<unsigned char>(text[p + n]) & 0xC0) == 0x80) ++n;
  }
  return n;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// The offset just after the last token before `p`, skipping blanks and the comments the parser kept.
std::size_t skip_back(const builder& b, std::size_t p) {
  std::string_view text = b.text();
  const auto& comments = b.comments();
  for (bool moved = true; moved;) {
    moved = false;
    while (p > 0 && is_blank(text[p - 1])) --p, moved = true;
    auto it = std::find_if(comments.rbegin(), comments.rend(), [&](const ast::comment& c) { return c.span.end == p; });
    if (p > 0 && it != comments.rend()) p = it->span.begin, moved = true;
  }
  return p;
}

/// The token that ends at `p`.
std::string_view previous_token(std::string_view text, std::size_t p) {
  std::size_t b = p;
  if (b > 0 && is_word_byte(text[b - 1])) {
    while (b > 0 && is_word_byte(text[b - 1])) --b;
  } else if (b > 0 && is_op_byte(text[b - 1])) {
    while (b > 0 && is_op_byte(text[b - 1])) --b;
  } else if (b > 0) {
    --b;
  }
  return text.substr(b, p - b);
}

void replace_all(std::string& s, std::string_view key, std::string_view value) {
  for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size())) {
    s.replace(at, key.size(), value);
  }
}

std::vector<std::string> split_words(const char* words) {
  std::istringstream in(words);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool is_keyword(std::string_view word) {
  tao::pegtl::memory_input in(word.data(), word.size(), "");
  return tao::pegtl::parse<tao::pegtl::seq<rules::keyword, tao::pegtl::eof>>(in);
}

bool has_bad_char(std::string_view word) {
  for (char c : word) {
    if ((c >= 'A' && c <= 'Z') || static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

std::string lower_ascii(std::string_view word) {
  std::string out(word);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

diagnostic bad_identifier(std::string_view word, source_span s) {
  diagnostic d{severity::error, "E105", "identifier `" + std::string(word) + "` has characters other than `a`-`z`, `0`-`9`, `_` and `.`", s, {}, ""};
  std::string lower = lower_ascii(word);
  d.hint = has_bad_char(lower) ? "identifiers use only lower-case ASCII letters, digits, `_` and `.`"
                               : "identifiers are lower case: write `" + lower + "`";
  return d;
}

/// Byte length of the typographic quote at `p` (“ ” „ ‘ ’ ‚ « » ″), 0 when there is none.
std::size_t typographic_quote_at(std::string_view text, std::size_t p) {
  static const std::string_view quotes[] = {"\u201C", "\u201D", "\u201E", "\u2018", "\u2019", "\u201A",
                                            "\u00AB", "\u00BB", "\u2033"};
  for (auto q : quotes)
    if (text.substr(p).starts_with(q)) return q.size();
  return 0;
}

/// E120: a string opened (or closed) with a typographic quote. `open` is where the string starts (a typographic or a
/// straight quote); the fix rewrites the string up to its typographic closing quote on the same line.
std::optional<diagnostic> typographic_string(const builder& b, std::size_t open) {
  std::string_view text = b.text();
  const std::size_t open_len = text[open] == '"' ? 1 : typographic_quote_at(text, open);
  std::size_t close = open + open_len, close_len = 0;
  for (; close < text.size() && text[close] != '\n' && text[close] != '\r'; ++close) {
    if (text[close] == '\\' && text[open] == '"') {
      ++close;
      continue;
    }
    if ((close_len = typographic_quote_at(text, close)) > 0 || (text[close] == '"' && text[open] != '"')) break;
  }
  const bool closed = close < text.size() && (close_len > 0 || text[close] == '"');
  if (!closed && open_len == 1) return std::nullopt;  // a straight quote left open: E107
  if (closed && close_len == 0) close_len = 1;
  const std::string_view bad = open_len > 1 ? text.substr(open, open_len) : text.substr(close, close_len);
  diagnostic d{severity::error, "E120",
               fmt::format("typographic quote `{}`: strings are written between straight double quotes `\"`", bad),
               b.span(text.data() + (open_len > 1 ? open : close), bad.size()), {},
               "a word processor turned `\"` into a curly quote; type the straight quote `\"` (the fix replaces both ends)"};
  std::string inner;
  for (char c : text.substr(open + open_len, close - open - open_len)) {
    if (c == '"' && open_len > 1) inner += '\\';
    inner += c;
  }
  const std::size_t end = closed ? close + close_len : close;
  d.fixes.push_back({"Use straight quotes", b.span(text.data() + open, end - open), "\"" + inner + "\""});
  return d;
}

bool is_list_keyword(std::string_view w) {
  return w == "present" || w == "absent" || w == "regions" || w == "synonyms" || w == "values";
}

/// E119: `present loc.lateral_knee trig.downhill_running`, a list item after another without the `,` between them.
/// `p` is the unexpected item, `end` the end of the token before it. True when the tokens back to the clause's keyword
/// are list items (names, numbers, strings and commas) and that keyword starts a comma-separated list.
bool missing_list_comma(const builder& b, std::size_t p, std::size_t end) {
  std::string_view text = b.text();
  if (end == 0 || text[end - 1] == ',' || p >= text.size()) return false;
  const char c = text[p];
  if (!(is_word_byte(c) || c == '"' || c == '-')) return false;
  std::size_t at = end;
  for (int tokens = 0; tokens < 4096 && at > 0; ++tokens) {
    if (text[at - 1] == '"') {  // a string: back to its opening quote on the same line
      std::size_t q = at - 1;
      while (q > 0 && text[q - 1] != '"' && text[q - 1] != '\n') --q;
      if (q == 0 || text[q - 1] != '"') return false;
      at = q - 1;
    } else if (text[at - 1] == ',') {
      --at;
    } else if (is_word_byte(text[at - 1]) || text[at - 1] == '-') {
      std::size_t w = at;
      while (w > 0 && (is_word_byte(text[w - 1]) || text[w - 1] == '-')) --w;
      std::string_view word = text.substr(w, at - w);
      if (is_list_keyword(word)) return true;
      if (is_keyword(word)) return false;
      at = w;
    } else {
      return false;
    }
    at = skip_back(b, at);
  }
  return false;
}

}  // namespace

bool misspelt_declaration_keyword(const error_text& t, const builder& b, const char* at) {
  std::string_view text = b.text();
  std::size_t p = b.offset(at);
  std::size_t line = p;
  while (line > 0 && (text[line - 1] == ' ' || text[line - 1] == '\t')) --line;
  if (line > 0 && text[line - 1] != '\n') return false;
  std::size_t n = 0;
  while (p + n < text.size() && text[p + n] >= 'a' && text[p + n] <= 'z') ++n;
  auto best = closest_names(text.substr(p, n), split_words(t.candidates), 1);
  auto decls = split_words(decl_words);
  return n > 0 && !best.empty() && std::find(decls.begin(), decls.end(), best[0]) != decls.end();
}

diagnostic make_error(const error_text& t, const builder& b, const char* at) {
  std::string_view text = b.text();
  std::size_t p = b.offset(at);
  if (p < text.size() && typographic_quote_at(text, p) > 0) {
    if (auto d = typographic_string(b, p)) return *d;
  }
  if (t.where == error_span::opening_quote) {
    if (auto d = typographic_string(b, b.quote)) return *d;
  }
  std::size_t n = p < text.size() ? token_length(text, p) : 0;
  if (t.where == error_span::identifier) {
    while (p > 0 && is_word_byte(text[p - 1])) --p, ++n;
    while (p + n < text.size() && is_word_byte(text[p + n])) ++n;
  }
  std::string_view token = text.substr(p, n);
  bool word = n > 0 && is_word_byte(token[0]);
  std::string found = p >= text.size() ? "end of file"
                      : token == "\n" || token == "\r" ? "end of line"
                      : token == "\"" ? "a string"
                                      : fmt::format("`{}`", token);
  source_span s = b.span(text.data() + p, n);
  if (t.check != name_check::none && word && has_bad_char(token)) return bad_identifier(token, s);
  if (t.check == name_check::keyword_and_characters && word && is_keyword(token)) {
    return {severity::error, "E104", fmt::format("`{}` is a keyword and cannot be used as a name", token), s, {},
            fmt::format("choose another name, for example `{}_1`", token)};
  }
  if (t.where == error_span::escape) {
    s = b.span(text.data() + p - 1, n == 0 ? 1 : 2);
    found = fmt::format("`{}`", text.substr(s.begin, s.end - s.begin));
    if (p < text.size() && (text[p] == '\n' || text[p] == '\r')) found = "`\\` at the end of the line";
  }
  if (t.where == error_span::opening_quote) s = {s.file, b.quote, b.quote + 1};
  if (t.where == error_span::opening_paren && !b.parens.empty()) s = {s.file, b.parens.back(), b.parens.back() + 1};
  if (t.where == error_span::token && !*t.word_message && std::string_view(t.code) != "E101") {
    // Something is missing at the end of a line: point just after the last token of that line.
    std::size_t end = skip_back(b, p);
    if (text.substr(end, p - end).find('\n') != std::string_view::npos) {
      s = b.span(text.data() + end, 0);
      found = "end of line";
      word = false;
    }
  }
  diagnostic d{severity::error, t.code, word && *t.word_message ? t.word_message : t.message, s, {}, t.hint};
  if (t.check == name_check::keyword_and_characters && word && token.find('.') != std::string_view::npos) {
    d.hint = "only findings have dotted ids; other names are plain, like `itbs`";
  }
  const auto close = word ? closest_names(token, split_words(t.candidates)) : std::vector<std::string>{};
  std::string hint = did_you_mean(close);
  if (!hint.empty()) d.hint = hint;
  d.fixes = replace_with_each(s, close);
  if (close.empty() && *t.word_message && (word || (p < text.size() && text[p] == '"'))) {
    const std::size_t end = skip_back(b, p);
    if (missing_list_comma(b, p, end)) {
      d.code = "E119";
      d.message = "missing `,` between `{prev}` and {found}";
      d.hint = "the items of a list are separated by commas, like `present loc.lateral_knee, trig.downhill_running`";
      d.fixes = {{"Insert `,`", b.span(text.data() + end, 0), ","}};
    }
  }
  for (std::string* field : {&d.message, &d.hint}) {
    replace_all(*field, "{found}", found);
    replace_all(*field, "{word}", token);
    replace_all(*field, "{prev}", previous_token(text, skip_back(b, p)));
  }
  return d;
}

}  // namespace ddx::grammar::detail
