// engine/check/resolve.cpp: the resolve_names pass: regions, `when` references, effect targets, test ids.
#include "engine/check/resolve.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/check/symbols.hpp"

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

void report_unknown(context& cx, const ast::ident& id, node_kind kind, const std::vector<std::string>& candidates) {
  cx.diags.error(unknown_code(kind), id.span, fmt::format("unknown {} `{}`", kind_name(kind), id.name),
                 did_you_mean_hint(id.name, candidates));
}

void report_wrong_kind(context& cx, const ast::ident& id, node_kind got, std::string_view wanted_phrase,
                       std::string hint, std::string_view extra = {}) {
  cx.diags.error("E208", id.span, fmt::format("`{}` is a {}, not a {}{}", id.name, kind_name(got), wanted_phrase, extra),
                 std::move(hint));
}

void resolve_region(context& cx, const std::optional<ast::ident>& region, std::string& out) {
  if (!region) return;
  out = region->name;
  if (cx.header == nullptr) return;  // E301 already says what is missing
  if (std::find(cx.m.regions.begin(), cx.m.regions.end(), region->name) != cx.m.regions.end()) return;
  std::string hint = did_you_mean_hint(region->name, cx.m.regions);
  if (hint.empty()) hint = "add it to the `regions` of the `knowledge_base` declaration";
  cx.diags.error("E207", region->span, fmt::format("unknown region `{}`", region->name), hint);
}

model_expr resolve_ref(context& cx, const ast::expr& e) {
  model_expr out;
  out.span = e.span;
  const bool dotted = e.name.name.find('.') != std::string::npos;
  out.k = dotted ? model_expr::kind::finding : model_expr::kind::fact;
  const auto ref = cx.m.names.find(e.name.name);
  if (!ref) {
    const node_kind kind = dotted ? node_kind::finding : node_kind::fact;
    report_unknown(cx, e.name, kind, names_of(cx.m, kind));
  } else if (ref->kind == node_kind::finding || ref->kind == node_kind::fact) {
    out.k = ref->kind == node_kind::finding ? model_expr::kind::finding : model_expr::kind::fact;
    out.ref = ref->index;
  } else {
    report_wrong_kind(cx, e.name, ref->kind, "finding or fact", wrong_kind_hint(ref->kind, node_kind::fact, e.name.name));
  }
  return out;
}

model_expr resolve_expr(context& cx, const ast::expr& e) {
  model_expr out;
  switch (e.k) {
    case ast::expr::kind::ref: return resolve_ref(cx, e);
    case ast::expr::kind::compare: {
      out.k = model_expr::kind::compare;
      out.op = e.op;
      out.number = e.number.value;
      out.number_span = e.number.span;
      const auto ref = cx.m.names.find(e.name.name);
      if (!ref) {
        report_unknown(cx, e.name, node_kind::value, names_of(cx.m, node_kind::value));
      } else if (ref->kind != node_kind::value) {
        report_wrong_kind(cx, e.name, ref->kind, "value",
                          ref->kind == node_kind::finding || ref->kind == node_kind::fact
                              ? fmt::format("test it without a comparison: `{0}` or `not {0}`", e.name.name)
                              : std::string{},
                          "; only values can be compared");
      } else {
        out.ref = ref->index;
      }
      break;
    }
    case ast::expr::kind::not_: out.k = model_expr::kind::not_; break;
    case ast::expr::kind::and_: out.k = model_expr::kind::and_; break;
    case ast::expr::kind::or_: out.k = model_expr::kind::or_; break;
    case ast::expr::kind::at_least:
      out.k = model_expr::kind::at_least;
      out.n = e.number.value < 0 ? 0u : static_cast<std::uint32_t>(e.number.value);
      out.number_span = e.number.span;
      break;
  }
  out.span = e.span;
  for (const auto& c : e.children) out.children.push_back(resolve_expr(cx, c));
  return out;
}

model_effect resolve_effect(context& cx, const ast::effect& e) {
  model_effect out;
  out.span = e.span;
  switch (e.k) {
    case ast::effect::kind::support: out.k = model_effect::kind::support; break;
    case ast::effect::kind::oppose: out.k = model_effect::kind::oppose; break;
    case ast::effect::kind::assert_fact: out.k = model_effect::kind::assert_fact; break;
    case ast::effect::kind::raise_flag: out.k = model_effect::kind::raise_flag; break;
  }
  const node_kind wanted = out.k == model_effect::kind::assert_fact  ? node_kind::fact
                           : out.k == model_effect::kind::raise_flag ? node_kind::flag
                                                                     : node_kind::condition;
  out.target = resolve_as(cx, e.target, wanted);
  return out;
}

void resolve_rule(context& cx, std::size_t i) {
  const ast::rule_decl& d = *cx.rule_decls[i];
  model_rule& r = cx.m.rules[i];
  if (d.when) r.when = resolve_expr(cx, *d.when);
  for (const auto& e : d.effects) r.effects.push_back(resolve_effect(cx, e));
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

std::uint32_t resolve_as(context& cx, const ast::ident& id, node_kind kind) {
  const auto ref = cx.m.names.find(id.name);
  if (!ref) {
    report_unknown(cx, id, kind, names_of(cx.m, kind));
    return no_id;
  }
  if (ref->kind == kind) return ref->index;
  report_wrong_kind(cx, id, ref->kind, kind_name(kind), wrong_kind_hint(ref->kind, kind, id.name));
  return no_id;
}

void resolve_names(context& cx) {
  for (std::size_t i = 0; i < cx.m.findings.size(); ++i) resolve_region(cx, cx.finding_decls[i]->region, cx.m.findings[i].region);
  for (std::size_t i = 0; i < cx.m.conditions.size(); ++i)
    resolve_region(cx, cx.condition_decls[i]->region, cx.m.conditions[i].region);
  for (std::size_t i = 0; i < cx.m.rules.size(); ++i) resolve_rule(cx, i);
  for (std::size_t i = 0; i < cx.m.tests.size(); ++i) resolve_test(cx, i);
}

}  // namespace ddx::engine::check
