// engine/check/resolve.cpp: the resolve_names pass: regions, `when` references, effect targets, test ids.
#include "engine/check/resolve.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/check/symbols.hpp"
#include "grammar/suggest.hpp"

namespace ddx::engine::check {
namespace {

namespace ast = grammar::ast;

const char* unknown_code(node_kind kind) {
  switch (kind) {
    case node_kind::finding: return "E201";
    case node_kind::fact: return "E203";
    case node_kind::condition: return "E204";
    case node_kind::flag: return "E205";
    case node_kind::value: return "E206";
    default: return "E201";
  }
}

/// Why a name of kind `got` cannot stand where a `wanted` is expected, and what to write instead.
std::string wrong_kind_hint(node_kind got, node_kind wanted, std::string_view name) {
  if (wanted == node_kind::value) return "only values can be compared with a number";
  if (got == node_kind::value) return fmt::format("compare it with a number, e.g. `{} >= 1`", name);
  if (wanted == node_kind::condition && got == node_kind::fact) return fmt::format("write `assert {}` to assert a fact", name);
  if (wanted == node_kind::fact && got == node_kind::condition)
    return fmt::format("write `for {} WEIGHT` to give evidence for a condition", name);
  if (wanted == node_kind::flag && got == node_kind::condition)
    return fmt::format("write `for {} WEIGHT` to give evidence for a condition", name);
  if (wanted == node_kind::finding && got == node_kind::fact) return "a test sets findings; facts are derived by rules";
  return {};
}

/// A label quoted for a message: its text, or the first 60 bytes and `...`.
std::string quoted_label(std::string_view label) {
  return label.size() <= 60 ? fmt::format("\"{}\"", label) : fmt::format("\"{}...\"", label.substr(0, 60));
}

/// An unknown name: its did-you-mean, else (E209) the ids whose label it spells, from `labelled` (those of `kind`
/// when empty: a `when` reference looks among findings and facts both).
void report_unknown(context& cx, std::string_view name, source_span span, node_kind kind,
                    const std::vector<std::string>& candidates,
                    std::vector<std::pair<std::string, std::string>> labelled = {}) {
  if (!grammar::closest_names(name, candidates).empty()) {
    return error_with_suggestions(cx, unknown_code(kind), span, fmt::format("unknown {} `{}`", kind_name(kind), name), name,
                                  candidates, {});
  }
  // No id is spelt like it: perhaps it was typed from a label (`it_band_syndrome` for "Iliotibial band syndrome").
  if (labelled.empty()) labelled = labels_of(cx.m, kind);
  const auto ids = grammar::names_matching_label(name, labelled);
  if (ids.empty()) {
    cx.diags.error(unknown_code(kind), span, fmt::format("unknown {} `{}`", kind_name(kind), name));
    return;
  }
  std::string label;
  for (const auto& [id, l] : labelled) {
    if (id == ids[0] && grammar::names_matching_label(name, {{id, l}}).size() == 1) {
      label = l;
      break;
    }
  }
  const auto found = cx.m.names.find(ids[0]);
  const std::string_view found_kind = kind_name(found ? found->kind : kind);
  grammar::diagnostic d{grammar::severity::error, "E209",
                        fmt::format("`{}` is not an id; the {} labelled {} has the id `{}`", name, found_kind,
                                    quoted_label(label), ids[0]),
                        span, {}, fmt::format("refer to a {} by its id: write `{}`", found_kind, ids[0]), {}};
  if (ids.size() > 1) d.hint += " (or " + grammar::did_you_mean(std::vector<std::string>(ids.begin() + 1, ids.end())).substr(13);
  if (ids.size() > 1) d.hint.back() = ')';
  d.fixes = grammar::replace_with_each(span, ids);
  cx.diags.report(std::move(d));
}

void report_wrong_kind(context& cx, std::string_view name, source_span span, node_kind got,
                       std::string_view wanted_phrase, std::string hint, std::string_view extra = {}) {
  cx.diags.error("E208", span, fmt::format("`{}` is a {}, not a {}{}", name, kind_name(got), wanted_phrase, extra),
                 std::move(hint));
}

void resolve_region(context& cx, const std::optional<ast::ident>& region, std::string& out) {
  if (!region) return;
  out = region->name;
  if (cx.header == nullptr) return;  // E301 already says what is missing
  if (std::find(cx.m.regions.begin(), cx.m.regions.end(), region->name) != cx.m.regions.end()) return;
  error_with_suggestions(cx, "E207", region->span, fmt::format("unknown region `{}`", region->name), region->name,
                         cx.m.regions, "add it to the `regions` of the `knowledge_base` declaration");
}

/// A `when` reference, taken for a finding or a fact by how it is written (model_rule_of): its kind and index.
void resolve_ref(context& cx, model_expr& e) {
  const std::string_view name = cx.text(e.name_span);
  const auto ref = cx.m.names.find(name);
  if (!ref) {
    const node_kind kind = e.k == model_expr::kind::finding ? node_kind::finding : node_kind::fact;
    auto labelled = labels_of(cx.m, node_kind::finding);
    for (auto& l : labels_of(cx.m, node_kind::fact)) labelled.push_back(std::move(l));
    report_unknown(cx, name, e.name_span, kind, names_of(cx.m, kind), std::move(labelled));
  } else if (ref->kind == node_kind::finding || ref->kind == node_kind::fact) {
    e.k = ref->kind == node_kind::finding ? model_expr::kind::finding : model_expr::kind::fact;
    e.ref = ref->index;
  } else {
    report_wrong_kind(cx, name, e.name_span, ref->kind, "finding or fact", wrong_kind_hint(ref->kind, node_kind::fact, name));
  }
}

void resolve_compared_value(context& cx, model_expr& e) {
  const std::string_view name = cx.text(e.name_span);
  const auto ref = cx.m.names.find(name);
  if (!ref) {
    report_unknown(cx, name, e.name_span, node_kind::value, names_of(cx.m, node_kind::value));
  } else if (ref->kind != node_kind::value) {
    report_wrong_kind(cx, name, e.name_span, ref->kind, "value",
                      ref->kind == node_kind::finding || ref->kind == node_kind::fact
                          ? fmt::format("test it without a comparison: `{0}` or `not {0}`", name)
                          : std::string{},
                      "; only values can be compared");
  } else {
    e.ref = ref->index;
  }
}

void resolve_expr(context& cx, model_expr& e) {
  using K = model_expr::kind;
  // A rule with no `when` (E303) has an empty leaf: nothing to resolve.
  if ((e.k == K::finding || e.k == K::fact) && e.name_span.begin != e.name_span.end) resolve_ref(cx, e);
  if (e.k == K::compare) resolve_compared_value(cx, e);
  for (auto& c : e.children) resolve_expr(cx, c);
}

void resolve_effect(context& cx, model_effect& e) {
  const node_kind wanted = e.k == model_effect::kind::assert_fact  ? node_kind::fact
                           : e.k == model_effect::kind::raise_flag ? node_kind::flag
                                                                   : node_kind::condition;
  e.target = resolve_as(cx, cx.text(e.target_span), e.target_span, wanted);
}

void resolve_rule(context& cx, model_rule& r) {
  resolve_expr(cx, r.when);
  if (r.unless) resolve_expr(cx, *r.unless);
  for (auto& e : r.effects) resolve_effect(cx, e);
}

bool is_triage_expect(ast::expectation::kind k) {
  using K = ast::expectation::kind;
  return k == K::triage_is || k == K::triage_at_least || k == K::triage_at_most;
}

void resolve_test(context& cx, std::size_t i) {
  const ast::test_decl& d = *cx.test_decls[i];
  model_test& t = cx.m.tests[i];
  for (const auto& id : d.present) t.present.push_back(resolve_as(cx, id, node_kind::finding));
  for (const auto& id : d.absent) t.absent.push_back(resolve_as(cx, id, node_kind::finding));
  for (const auto& v : d.values) t.values.emplace_back(resolve_as(cx, v.id, node_kind::value), v.number.value);
  for (const auto& x : d.expects) {
    model_expect e;
    e.k = x.k;
    e.n = x.n;
    e.span = x.span;
    using K = ast::expectation::kind;
    if (x.k == K::flag_raised || x.k == K::flag_not_raised) {
      e.target = resolve_as(cx, x.target, node_kind::flag);
    } else if (!is_triage_expect(x.k)) {
      e.target = resolve_as(cx, x.target, node_kind::condition);
    }
    t.expects.push_back(std::move(e));
  }
}

}  // namespace

std::uint32_t resolve_as(context& cx, std::string_view name, source_span span, node_kind kind) {
  const auto ref = cx.m.names.find(name);
  if (!ref) {
    report_unknown(cx, name, span, kind, names_of(cx.m, kind));
    return no_id;
  }
  if (ref->kind == kind) return ref->index;
  report_wrong_kind(cx, name, span, ref->kind, kind_name(kind), wrong_kind_hint(ref->kind, kind, name));
  return no_id;
}

std::uint32_t resolve_as(context& cx, const ast::ident& id, node_kind kind) { return resolve_as(cx, id.name, id.span, kind); }

void resolve_names(context& cx) {
  for (std::size_t i = 0; i < cx.m.findings.size(); ++i) resolve_region(cx, cx.finding_decls[i]->region, cx.m.findings[i].region);
  for (std::size_t i = 0; i < cx.m.conditions.size(); ++i)
    resolve_region(cx, cx.condition_decls[i]->region, cx.m.conditions[i].region);
  for (auto& r : cx.m.rules) resolve_rule(cx, r);
  for (std::size_t i = 0; i < cx.m.tests.size(); ++i) resolve_test(cx, i);
}

}  // namespace ddx::engine::check
