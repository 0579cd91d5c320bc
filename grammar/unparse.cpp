// grammar/unparse.cpp: canonical layout of a parsed file (what `ddx fmt` writes), comments kept in place.
#include "grammar/unparse.hpp"

#include <algorithm>
#include <array>

namespace ddx::grammar {

namespace {

/// One output line: its text and the source range it came from (to place comments).
struct out_line {
  std::string text;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool declaration = false;  ///< the head line of a declaration (top level)
  /// A rule's `when` or `unless` line: `unless` is printed right after `when` wherever the author wrote it.
  enum class clause_kind : std::uint8_t { other, when, unless };
  clause_kind clause = clause_kind::other;
};

std::string quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

const char* op_text(ast::cmp_op op) {
  static constexpr std::array<const char*, 6> ops{"<", "<=", ">", ">=", "=", "!="};
  return ops[static_cast<std::size_t>(op)];
}

bool is_chain(const ast::expr& e) { return e.k == ast::expr::kind::and_ || e.k == ast::expr::kind::or_; }

std::string expr_text(const ast::expr& e);

/// Parentheses only where the tree needs them, plus the author's around `and` inside `or`.
std::string operand_text(const ast::expr& child, const ast::expr& parent) {
  using k = ast::expr::kind;
  bool parens = false;
  if (parent.k == k::not_) parens = is_chain(child);
  if (parent.k == k::and_) parens = is_chain(child);
  if (parent.k == k::or_) parens = child.k == k::or_ || (child.k == k::and_ && child.parenthesized);
  return parens ? "(" + expr_text(child) + ")" : expr_text(child);
}

std::string expr_text(const ast::expr& e) {
  using k = ast::expr::kind;
  switch (e.k) {
    case k::ref: return std::string(e.name.name);
    case k::compare: return std::string(e.name.name) + " " + op_text(e.op) + " " + std::string(e.number.text);
    case k::not_: return "not " + operand_text(e.children[0], e);
    case k::at_least: {
      std::string out = "at least " + std::string(e.number.text) + " of (";
      for (std::size_t i = 0; i < e.children.size(); ++i) out += (i ? ", " : "") + expr_text(e.children[i]);
      return out + ")";
    }
    case k::and_:
    case k::or_: {
      std::string out;
      for (std::size_t i = 0; i < e.children.size(); ++i) {
        out += (i ? (e.k == k::and_ ? " and " : " or ") : "") + operand_text(e.children[i], e);
      }
      return out;
    }
  }
  return {};
}

std::string effect_text(const ast::effect& e) {
  static constexpr std::array<const char*, 4> words{"for", "against", "assert", "raise"};
  std::string out = std::string(words[static_cast<std::size_t>(e.k)]) + " " + std::string(e.target.name);
  if (e.weight) out += " " + (e.weight->k == ast::weight_spec::kind::lr ? "lr " + std::string(e.weight->lr.text) : std::string(e.weight->word.name));
  return out;
}

std::string expectation_text(const ast::expectation& e) {
  using k = ast::expectation::kind;
  const std::string t(e.target.name);
  const std::string n = std::to_string(e.n);
  switch (e.k) {
    case k::first: return t + " first";
    case k::not_first: return t + " not first";
    case k::rank: return t + " rank " + n;
    case k::in_top: return t + " in top " + n;
    case k::not_in_top: return t + " not in top " + n;
    case k::listed: return t + " listed";
    case k::not_listed: return t + " not listed";
    case k::triage_is: return "triage " + t;
    case k::triage_at_least: return "triage at least " + t;
    case k::triage_at_most: return "triage at most " + t;
    case k::flag_raised: return "flag " + t;
    case k::flag_not_raised: return "no flag " + t;
  }
  return t;
}

/// Collects the clause lines of one declaration, then sorts them into source order.
class clause_list {
 public:
  void add(std::string text, source_span from, source_span to,
           out_line::clause_kind clause = out_line::clause_kind::other) {
    lines_.push_back({"  " + std::move(text), from.begin, to.end, false, clause});
  }
  void add(const std::string& keyword, const std::optional<ast::string_lit>& s) {
    if (s) add(keyword + " " + quote(s->value), s->span, s->span);
  }
  void add(const std::string& keyword, const std::optional<ast::ident>& i) {
    if (i) add(keyword + " " + std::string(i->name), i->span, i->span);
  }
  void sources(const std::vector<ast::string_lit>& v) {
    for (const auto& s : v) add("source " + quote(s.value), s.span, s.span);
  }
  template <typename T, typename F>
  void list(const std::string& keyword, const std::vector<T>& v, F show, source_span (*span)(const T&)) {
    if (v.empty()) return;
    std::string text = keyword + " ";
    for (std::size_t i = 0; i < v.size(); ++i) text += (i ? ", " : "") + show(v[i]);
    add(text, span(v.front()), span(v.back()));
  }
  std::vector<out_line> take() {
    std::stable_sort(lines_.begin(), lines_.end(), [](const out_line& a, const out_line& b) { return a.begin < b.begin; });
    return std::move(lines_);
  }

 private:
  std::vector<out_line> lines_;
};

source_span ident_span(const ast::ident& i) { return i.span; }
source_span string_span(const ast::string_lit& s) { return s.span; }
std::string ident_name(const ast::ident& i) { return std::string(i.name); }
std::string string_text(const ast::string_lit& s) { return quote(s.value); }

struct declaration_lines {
  clause_list& c;

  std::string operator()(const ast::knowledge_base_decl& d) const {
    c.add("version", d.version);
    if (d.other_prior) c.add("other_prior " + std::string(d.other_prior->text), d.other_prior->span, d.other_prior->span);
    c.list("regions", d.regions, ident_name, ident_span);
    c.add("disclaimer", d.disclaimer);
    if (d.urgency_threshold) {
      c.add("urgency_threshold " + std::string(d.urgency_threshold->text), d.urgency_threshold->span, d.urgency_threshold->span);
    }
    return "knowledge_base " + quote(d.name.value);
  }
  std::string operator()(const ast::finding_decl& d) const {
    c.add("region", d.region);
    c.list("synonyms", d.synonyms, string_text, string_span);
    c.add("description", d.description);
    c.sources(d.sources);
    return "finding " + std::string(d.id.name) + " " + std::string(d.kind.name) + " " + quote(d.label.value);
  }
  std::string operator()(const ast::value_decl& d) const {
    c.add("unit", d.unit);
    if (d.low && d.high) c.add("range " + std::string(d.low->text) + " to " + std::string(d.high->text), d.low->span, d.high->span);
    c.add("description", d.description);
    return "value " + std::string(d.id.name) + " " + quote(d.label.value);
  }
  std::string operator()(const ast::condition_decl& d) const {
    c.add("region", d.region);
    if (d.prior) c.add("prior " + (d.prior->word ? std::string(d.prior->word->name) : std::string(d.prior->probability->text)), d.prior->span, d.prior->span);
    if (d.urgency && d.urgency_high)
      c.add("urgency " + std::string(d.urgency->name) + " to " + std::string(d.urgency_high->name), d.urgency->span,
            d.urgency_high->span);
    else
      c.add("urgency", d.urgency);
    c.add("advice", d.advice);
    c.add("description", d.description);
    c.sources(d.sources);
    return "condition " + std::string(d.id.name) + " " + quote(d.name.value);
  }
  std::string operator()(const ast::fact_decl& d) const {
    c.add("description", d.description);
    c.sources(d.sources);
    return "fact " + std::string(d.id.name) + " " + quote(d.label.value);
  }
  std::string operator()(const ast::flag_decl& d) const {
    c.add("level", d.level);
    c.add("overrides", d.overrides);
    c.add("advice", d.advice);
    c.sources(d.sources);
    return "flag " + std::string(d.id.name) + " " + quote(d.label.value);
  }
  std::string operator()(const ast::rule_decl& d) const {
    if (d.when) c.add("when " + expr_text(*d.when), d.when->span, d.when->span, out_line::clause_kind::when);
    if (d.unless) c.add("unless " + expr_text(*d.unless), d.unless->span, d.unless->span, out_line::clause_kind::unless);
    if (!d.effects.empty()) {
      std::string text = "then ";
      for (std::size_t i = 0; i < d.effects.size(); ++i) text += (i ? ", " : "") + effect_text(d.effects[i]);
      c.add(text, d.effects.front().span, d.effects.back().span);
    }
    c.sources(d.sources);
    return "rule " + std::string(d.id.name) + " " + quote(d.text.value);
  }
  std::string operator()(const ast::test_decl& d) const {
    c.list("present", d.present, ident_name, ident_span);
    c.list("absent", d.absent, ident_name, ident_span);
    if (!d.values.empty()) {
      std::string text = "values ";
      for (std::size_t i = 0; i < d.values.size(); ++i) {
        text += (i ? ", " : "") + std::string(d.values[i].id.name) + " " + std::string(d.values[i].number.text);
      }
      c.add(text, d.values.front().id.span, d.values.back().number.span);
    }
    for (const auto& e : d.expects) c.add("expect " + expectation_text(e), e.span, e.span);
    return "test " + std::string(d.id.name) + (d.label ? " " + quote(d.label->value) : std::string());
  }
};

/// Head line of a declaration: from its start to the end of its label (or id).
std::uint32_t head_end(const ast::declaration& d) {
  return std::visit([](const auto& x) -> std::uint32_t {
    using T = std::decay_t<decltype(x)>;
    if constexpr (std::is_same_v<T, ast::knowledge_base_decl>) return x.name.span.end;
    else if constexpr (std::is_same_v<T, ast::condition_decl>) return x.name.span.end;
    else if constexpr (std::is_same_v<T, ast::rule_decl>) return x.text.span.end;
    else if constexpr (std::is_same_v<T, ast::test_decl>) return x.label ? x.label->span.end : x.id.span.end;
    else return x.label.span.end;
  }, d);
}

std::vector<out_line> layout(const ast::file& f) {
  std::vector<out_line> lines;
  for (const auto& d : f.decls) {
    clause_list clauses;
    std::string head = std::visit(declaration_lines{clauses}, d);
    lines.push_back({head, ast::span_of(d).begin, head_end(d), true});
    for (auto& l : clauses.take()) lines.push_back(std::move(l));
  }
  return lines;
}

/// True when the source has an empty line between offsets `a` and `b`.
bool blank_between(std::string_view text, std::uint32_t a, std::uint32_t b) {
  bool newline = false;
  for (std::uint32_t i = a; i < b && i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') {
      if (newline) return true;
      newline = true;
    } else if (c != ' ' && c != '\t' && c != '\r') {
      newline = false;
    }
  }
  return false;
}

std::string comment_text(const ast::comment& c) {
  std::string t = c.text;
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
  return "#" + t;
}

/// The order the lines are printed in: source order, except that a rule's `unless` line comes right after its `when`
/// line (with the comments placed before or after it). `lines` are in source order, each declaration's head first.
std::vector<std::size_t> print_order(const std::vector<out_line>& lines) {
  std::vector<std::size_t> order;
  order.reserve(lines.size());
  std::size_t decl_start = 0;
  const auto finish_declaration = [&] {
    std::size_t when = order.size(), unless = order.size();
    for (std::size_t k = decl_start; k < order.size(); ++k) {
      if (lines[order[k]].clause == out_line::clause_kind::when) when = k;
      if (lines[order[k]].clause == out_line::clause_kind::unless) unless = k;
    }
    if (when == order.size() || unless == order.size() || unless == when + 1) return;
    const std::size_t line = order[unless];
    order.erase(order.begin() + static_cast<std::ptrdiff_t>(unless));
    if (unless < when) --when;
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(when + 1), line);
  };
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].declaration) {
      finish_declaration();
      decl_start = order.size();
    }
    order.push_back(i);
  }
  finish_declaration();
  return order;
}

/// Emits the lines with every comment: own-line ones before the line that follows them, trailing ones
/// at the end of the line their text came from.
std::string place_comments(const std::vector<out_line>& lines, const ast::file& f, std::string_view text) {
  std::vector<std::vector<const ast::comment*>> before(lines.size() + 1);
  std::vector<const ast::comment*> trailing(lines.size(), nullptr);
  std::size_t next = 0;
  for (const auto& c : f.comments) {
    while (next < lines.size() && lines[next].begin <= c.span.begin) ++next;
    if (!c.own_line && next > 0 && trailing[next - 1] == nullptr) {
      trailing[next - 1] = &c;
    } else {
      before[next > 0 && !c.own_line ? next - 1 : next].push_back(&c);
    }
  }
  std::string out;
  bool first = true;
  bool seen_declaration = false;
  std::uint32_t prev_end = 0;
  const std::vector<std::size_t> order = print_order(lines);
  for (std::size_t k = 0; k <= lines.size(); ++k) {
    const std::size_t i = k < lines.size() ? order[k] : lines.size();
    bool top = i == lines.size() || lines[i].declaration;
    bool new_group = i < lines.size() && lines[i].declaration && seen_declaration;
    auto separate = [&](std::uint32_t begin) {
      if (!first && top && (new_group || blank_between(text, prev_end, begin))) out += "\n";
      new_group = false;
      first = false;
    };
    for (const ast::comment* c : before[i]) {
      separate(c->span.begin);
      out += (top ? "" : "  ") + comment_text(*c) + "\n";
      prev_end = c->span.end;
    }
    if (i == lines.size()) break;
    separate(lines[i].begin);
    out += lines[i].text;
    if (trailing[i]) out += "  " + comment_text(*trailing[i]);
    out += "\n";
    prev_end = trailing[i] ? trailing[i]->span.end : lines[i].end;
    seen_declaration = seen_declaration || lines[i].declaration;
  }
  return out;
}

}  // namespace

std::string unparse(const ast::file& f, const source_file& text) {
  return place_comments(layout(f), f, text.text());
}

}  // namespace ddx::grammar
