// engine/check/rules.cpp: a rule declaration -> its model rule, before any name is resolved (resolve.cpp does that).
#include "engine/check/rules.hpp"

#include <fmt/format.h>

#include "engine/check/validate.hpp"

namespace ddx::engine::check {
namespace {

namespace ast = grammar::ast;

model_expr::kind kind_of(ast::expr::kind k) {
  using K = ast::expr::kind;
  switch (k) {
    case K::ref: return model_expr::kind::finding;
    case K::compare: return model_expr::kind::compare;
    case K::not_: return model_expr::kind::not_;
    case K::and_: return model_expr::kind::and_;
    case K::or_: return model_expr::kind::or_;
    case K::at_least: return model_expr::kind::at_least;
  }
  return model_expr::kind::finding;
}

/// `e` with every name left unresolved: a reference is taken for a finding when dotted, else for a fact (what an
/// unknown name is reported as); resolve_names sets the kind it really has and its index.
model_expr unresolved(rule_storage& parts, const ast::expr& e) {
  model_expr out;
  out.k = kind_of(e.k);
  out.span = e.span;
  if (e.k == ast::expr::kind::ref) {
    if (e.name.name.find('.') == std::string::npos) out.k = model_expr::kind::fact;
    out.name_span = e.name.span;
  } else if (e.k == ast::expr::kind::compare) {
    out.op = e.op;
    out.number = e.number.value;
    out.number_span = e.number.span;
    out.name_span = e.name.span;
  } else if (e.k == ast::expr::kind::at_least) {
    out.n = e.number.value < 0 ? 0u : static_cast<std::uint32_t>(e.number.value);
    out.number_span = e.number.span;
  }
  out.children = parts.exprs.allocate(e.children.size());
  for (std::size_t i = 0; i < e.children.size(); ++i) out.children[i] = unresolved(parts, e.children[i]);
  return out;
}

model_effect::kind kind_of(ast::effect::kind k) {
  switch (k) {
    case ast::effect::kind::support: return model_effect::kind::support;
    case ast::effect::kind::oppose: return model_effect::kind::oppose;
    case ast::effect::kind::assert_fact: return model_effect::kind::assert_fact;
    case ast::effect::kind::raise_flag: return model_effect::kind::raise_flag;
  }
  return model_effect::kind::support;
}

}  // namespace

void model_rule_of(context& cx, const ast::rule_decl& d, model_rule& r) {
  rule_storage& parts = cx.m.rule_parts;
  r.id = d.id.name;  // views of the source (model_rule)
  r.text = d.text.raw == d.text.value ? d.text.raw : parts.source_text(d.text.value);
  r.span = d.span;
  r.id_span = d.id.span;
  r.sources = parts.sources.allocate(d.sources.size());
  for (std::size_t i = 0; i < d.sources.size(); ++i) r.sources[i] = parts.source_text(d.sources[i].value);
  if (d.when) {
    r.when = unresolved(parts, *d.when);
  } else {
    missing(cx, d.id.span, fmt::format("rule `{}`", d.id.name), "when", "add `when EXPRESSION`");
  }
  r.unless = nullptr;
  if (d.unless) {
    const std::span<model_expr> slot = parts.exprs.allocate(1);
    slot[0] = unresolved(parts, *d.unless);
    r.unless = slot.data();
  }
  if (d.effects.empty())
    missing(cx, d.id.span, fmt::format("rule `{}`", d.id.name), "then", "add `then for CONDITION WEIGHT` (or assert, raise)");
  r.effects = parts.effects.allocate(d.effects.size());
  for (std::size_t i = 0; i < d.effects.size(); ++i) {
    const ast::effect& e = d.effects[i];
    model_effect& out = r.effects[i];
    out.k = kind_of(e.k);
    out.span = e.span;
    out.target_span = e.target.span;
    if (e.k == ast::effect::kind::support || e.k == ast::effect::kind::oppose) check_weight(cx, e, out);
  }
}

}  // namespace ddx::engine::check
