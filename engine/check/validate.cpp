// engine/check/validate.cpp: meaning rules: header, priors, weights, levels, ranges, `at least`, test cases.
#include "engine/check/validate.hpp"

#include "support/number_text.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <string_view>

#include "engine/check/symbols.hpp"

namespace ddx::engine::check {
namespace {

namespace ast = grammar::ast;

constexpr std::array<std::pair<std::string_view, double>, 5> prior_classes{
    {{"very_common", 0.10}, {"common", 0.04}, {"uncommon", 0.01}, {"rare", 0.003}, {"very_rare", 0.001}}};
constexpr std::array<std::pair<std::string_view, double>, 4> weight_words{
    {{"weak", 2}, {"moderate", 4}, {"strong", 10}, {"decisive", 100}}};
constexpr std::array<std::string_view, 10> finding_kinds{"location", "symptom", "timing", "trigger", "reliever",
                                                          "history",  "risk",    "sign",   "red_flag", "demographic"};

template <class Range>
std::vector<std::string> words_of(const Range& r) {
  std::vector<std::string> out;
  for (const auto& x : r) {
    if constexpr (std::is_convertible_v<decltype(x), std::string_view>) {
      out.emplace_back(x);
    } else {
      out.emplace_back(x.first);
    }
  }
  return out;
}

std::string word_list(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += fmt::format("`{}`", words[i]);
  }
  return out;
}

/// did-you-mean when something is close, otherwise the whole list.
std::string word_hint(std::string_view got, const std::vector<std::string>& words, std::string_view extra = {}) {
  std::string hint = did_you_mean_hint(got, words);
  if (!hint.empty()) return hint;
  return fmt::format("expected {}{}", word_list(words), extra);
}

bool in_unit_interval(double p) { return p > 0 && p < 1; }

source_span join(source_span a, source_span b) { return {a.file, a.begin, b.end}; }

std::optional<triage_level> check_level(context& cx, const ast::ident& level) {
  const auto parsed = parse_triage(level.name);
  if (!parsed) {
    const std::vector<std::string> levels{"self_care", "modify_training", "stop_and_assess", "urgent_care", "emergency"};
    error_with_suggestions(cx, "E308", level.span, fmt::format("unknown triage level `{}`", level.name), level.name, levels,
                           word_hint(level.name, levels));
  }
  return parsed;
}

/// `urgency LEVEL`, or a range `urgency LOW to HIGH` whose low end must be below its high end (E318). The model keeps
/// the upper end as the condition's urgency, the lower end apart (model_condition).
void check_urgency(context& cx, const ast::condition_decl& d, model_condition& c) {
  const auto low = check_level(cx, *d.urgency);
  if (!d.urgency_high) {
    c.urgency = low;
    return;
  }
  const auto high = check_level(cx, *d.urgency_high);
  if (!low || !high) return;
  if (*low < *high) {
    c.urgency = high;
    c.urgency_low = low;
    return;
  }
  cx.diags.error("E318", join(d.urgency->span, d.urgency_high->span),
                 fmt::format("urgency range `{} to {}` is not a range: the first level must be less urgent than the second",
                             d.urgency->name, d.urgency_high->name),
                 *low == *high ? fmt::format("write `urgency {}`", d.urgency->name)
                               : fmt::format("write `urgency {} to {}`", d.urgency_high->name, d.urgency->name));
}

void check_finding(context& cx, std::size_t i) {
  const ast::ident& kind = cx.finding_decls[i]->kind;
  for (auto k : finding_kinds)
    if (k == kind.name) return;
  error_with_suggestions(cx, "E316", kind.span, fmt::format("unknown finding kind `{}`", kind.name), kind.name,
                         words_of(finding_kinds), word_hint(kind.name, words_of(finding_kinds)));
}

void check_value(context& cx, std::size_t i) {
  const ast::value_decl& d = *cx.value_decls[i];
  if (!d.low || !d.high) return missing(cx, d.id.span, fmt::format("value `{}`", d.id.name), "range", "add `range LOW to HIGH`", d.span, "range 0 to 10");
  if (d.low->value < d.high->value) return;
  cx.diags.error("E309", join(d.low->span, d.high->span), fmt::format("empty range `{} to {}`: the low end must be below the high end",
                                                                   d.low->text, d.high->text),
                 d.low->value > d.high->value ? fmt::format("write `range {} to {}`", d.high->text, d.low->text)
                                              : std::string("give the range two different ends"));
  cx.m.values[i].has_range = false;
}

void check_condition(context& cx, std::size_t i) {
  const ast::condition_decl& d = *cx.condition_decls[i];
  if (d.urgency) check_urgency(cx, d, cx.m.conditions[i]);
  const std::string what = fmt::format("condition `{}`", d.id.name);
  if (!d.region) missing(cx, d.id.span, what, "region", "add `region` with one of the knowledge base's regions", d.span,
                          cx.m.regions.empty() ? std::string("region knee") : "region " + cx.m.regions.front());
  if (!d.prior) return missing(cx, d.id.span, what, "prior", "add `prior common` (or another class, or a probability in (0, 1))", d.span, "prior common");
  if (d.prior->word) {
    for (const auto& [word, p] : prior_classes)
      if (word == d.prior->word->name) cx.m.conditions[i].prior = p;
    if (cx.m.conditions[i].prior == 0)
      error_with_suggestions(cx, "E304", d.prior->word->span, fmt::format("unknown prior class `{}`", d.prior->word->name),
                             d.prior->word->name, words_of(prior_classes),
                             word_hint(d.prior->word->name, words_of(prior_classes), " or a probability in (0, 1)"));
  } else if (d.prior->probability) {
    const auto& p = *d.prior->probability;
    if (in_unit_interval(p.value)) {
      cx.m.conditions[i].prior = p.value;
    } else {
      cx.diags.error("E305", p.span, fmt::format("prior probability `{}` is outside (0, 1)", p.text),
                     "use a probability between 0 and 1, both excluded, e.g. `prior 0.02`");
    }
  }
}

void check_flag(context& cx, std::size_t i) {
  const ast::flag_decl& d = *cx.flag_decls[i];
  if (!d.level) return missing(cx, d.id.span, fmt::format("flag `{}`", d.id.name), "level", "add `level urgent_care` (or another triage level)", d.span, "level stop_and_assess");
  if (const auto level = check_level(cx, *d.level)) cx.m.flags[i].level = *level;
  if (d.overrides) cx.m.flags[i].overrides = check_level(cx, *d.overrides);
}

void check_expr(context& cx, const model_expr& e) {
  if (e.k == model_expr::kind::at_least && (e.n < 1 || e.n > e.children.size())) {
    cx.diags.error("E310", e.number_span,
                   e.n < 1 ? fmt::format("`at least {}` always holds", e.n)
                           : fmt::format("`at least {}` can never hold with {} item{}", e.n, e.children.size(),
                                         e.children.size() == 1 ? "" : "s"),
                   fmt::format("use a number from 1 to {}", e.children.size()));
  }
  if (e.k == model_expr::kind::compare && e.ref != no_id) {
    const model_value& v = cx.m.values[e.ref];
    if (v.has_range && (e.number < v.low || e.number > v.high)) {
      const bool always = compare(v.low, e.op, e.number);
      cx.diags.error("E311", e.number_span,
                     fmt::format("`{}` is outside the range of `{}` ({} to {})", format_number(e.number), v.id,
                                 format_number(v.low), format_number(v.high)),
                     fmt::format("the comparison is {} true; compare with a number from {} to {}", always ? "always" : "never",
                                 format_number(v.low), format_number(v.high)));
    }
  }
  for (const auto& c : e.children) check_expr(cx, c);
}

void check_rule(context& cx, std::size_t i) {
  check_expr(cx, cx.m.rules[i].when);
  if (cx.m.rules[i].unless) check_expr(cx, *cx.m.rules[i].unless);
}

}  // namespace

void missing(context& cx, source_span at, std::string_view what, std::string_view clause, std::string hint,
             std::optional<source_span> decl, std::string_view add) {
  grammar::diagnostic d{grammar::severity::error, "E303", fmt::format("{} has no `{}`", what, clause), at, {},
                        std::move(hint), {}};
  if (decl && !add.empty())
    d.fixes.push_back({fmt::format("Add `{}`", clause), {decl->file, decl->end, decl->end}, fmt::format("\n  {}", add)});
  cx.diags.report(std::move(d));
}

void check_weight(context& cx, const ast::effect& e, model_effect& out) {
  const bool support = e.k == ast::effect::kind::support;
  const char* verb = support ? "for" : "against";
  if (!e.weight) return missing(cx, e.span, fmt::format("`{} {}`", verb, e.target.name), "weight", "add `weak`, `moderate`, `strong`, `decisive` or `lr N`");
  const ast::weight_spec& w = *e.weight;
  if (w.k == ast::weight_spec::kind::word) {
    out.weight_text = w.word.name;
    for (const auto& [word, lr] : weight_words)
      if (word == w.word.name) out.lr = support ? lr : 1.0 / lr;
    if (out.lr == 1)
      error_with_suggestions(cx, "E306", w.word.span, fmt::format("unknown weight `{}`", w.word.name), w.word.name,
                             words_of(weight_words), word_hint(w.word.name, words_of(weight_words), " or `lr N`"));
    return;
  }
  // As written when written `lr N` (a view of the source), else in that form (`lr  N`, `lr\tN`).
  const bool plain = w.text.size() == 3 + w.lr.text.size() && w.text.starts_with("lr ") && w.text.ends_with(w.lr.text);
  out.weight_text = plain ? w.text : cx.m.rule_parts.source_text(fmt::format("lr {}", w.lr.text));
  const double lr = w.lr.value;
  if (support && !(lr > 1)) {
    cx.diags.error("E307", w.lr.span, fmt::format("`lr {}` must be greater than 1 for `for`", w.lr.text),
                   "use an `lr` above 1, or `against` with an `lr` in (0, 1) for evidence against");
  } else if (!support && !in_unit_interval(lr)) {
    cx.diags.error("E307", w.lr.span, fmt::format("`lr {}` must be in (0, 1) for `against`", w.lr.text),
                   "use an `lr` between 0 and 1, e.g. `lr 0.5`, or `for` with an `lr` above 1");
  } else {
    out.lr = lr;
  }
}

std::string format_number(double x) { return support::plain_number(x); }

const char* op_text(grammar::ast::cmp_op op) {
  using O = grammar::ast::cmp_op;
  switch (op) {
    case O::lt: return "<";
    case O::le: return "<=";
    case O::gt: return ">";
    case O::ge: return ">=";
    case O::eq: return "=";
    case O::ne: return "!=";
  }
  return "?";
}

void check_header(context& cx) {
  if (cx.header == nullptr) {
    if (cx.sources.size() == 0) return;
    cx.diags.error("E301", {0, 0, 0}, "no `knowledge_base` declaration",
                   "add `knowledge_base \"name\"` with `version` and `regions` to one file");
    return;
  }
  const auto& h = *cx.header;
  if (!h.version) missing(cx, h.name.span, "`knowledge_base`", "version", "add `version \"0.1.0\"`");
  if (h.regions.empty()) missing(cx, h.name.span, "`knowledge_base`", "regions", "add `regions` followed by the body regions, e.g. `regions knee, hip`");
  if (h.other_prior && !in_unit_interval(h.other_prior->value)) {
    cx.diags.error("E312", h.other_prior->span, fmt::format("`other_prior {}` is outside (0, 1)", h.other_prior->text),
                   "use a probability between 0 and 1, both excluded; the default is 0.1");
  }
}

void check_values(context& cx) {
  for (std::size_t i = 0; i < cx.m.findings.size(); ++i) check_finding(cx, i);
  for (std::size_t i = 0; i < cx.m.values.size(); ++i) check_value(cx, i);
  for (std::size_t i = 0; i < cx.m.conditions.size(); ++i) check_condition(cx, i);
  for (std::size_t i = 0; i < cx.m.flags.size(); ++i) check_flag(cx, i);
  for (std::size_t i = 0; i < cx.m.rules.size(); ++i) check_rule(cx, i);
}

void check_tests(context& cx) {
  using K = ast::expectation::kind;
  for (std::size_t i = 0; i < cx.m.tests.size(); ++i) {
    const ast::test_decl& d = *cx.test_decls[i];
    std::map<std::string_view, source_span> present;  // names are views of the source text
    for (const auto& p : d.present) present.emplace(p.name, p.span);
    for (const auto& a : d.absent) {
      const auto it = present.find(a.name);
      if (it == present.end()) continue;
      grammar::diagnostic diag;
      diag.code = "E313";
      diag.span = a.span;
      diag.message = fmt::format("`{}` is both present and absent", a.name);
      diag.hint = "keep it in one of the two lists";
      diag.notes.push_back({it->second, "listed as present here"});
      cx.diags.report(std::move(diag));
    }
    for (std::size_t j = 0; j < d.values.size(); ++j) {
      const auto id = cx.m.tests[i].values[j].first;
      if (id == no_id || !cx.m.values[id].has_range) continue;
      const model_value& v = cx.m.values[id];
      const auto& n = d.values[j].number;
      if (n.value >= v.low && n.value <= v.high) continue;
      cx.diags.error("E314", n.span, fmt::format("`{}` is outside the range of `{}` ({} to {})", n.text, v.id,
                                                 format_number(v.low), format_number(v.high)),
                     fmt::format("use a number from {} to {}", format_number(v.low), format_number(v.high)));
    }
    for (std::size_t j = 0; j < d.expects.size(); ++j) {
      const auto& x = d.expects[j];
      if (x.k == K::triage_is || x.k == K::triage_at_least || x.k == K::triage_at_most) {
        if (const auto level = check_level(cx, x.target)) cx.m.tests[i].expects[j].level = *level;
      }
      if ((x.k == K::rank || x.k == K::in_top || x.k == K::not_in_top) && x.n < 1)
        cx.diags.error("E317", x.span, fmt::format("`{}` must be at least 1", x.k == K::rank ? "rank" : "top"), "ranks start at 1");
    }
  }
}

}  // namespace ddx::engine::check
