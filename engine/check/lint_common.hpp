// engine/check/lint_common.hpp: small helpers the W4xx lint passes share (walking expressions, who reads what).
#pragma once

#include <fmt/format.h>

#include <string>
#include <vector>

#include "engine/check/check.hpp"

namespace ddx::engine::check::detail {

/// Calls `f(leaf)` for every finding, fact and comparison leaf of `e`.
template <class F>
void for_each_leaf(const model_expr& e, F&& f) {
  using k = model_expr::kind;
  if (e.k == k::finding || e.k == k::fact || e.k == k::compare) {
    f(e);
    return;
  }
  for (const auto& c : e.children) for_each_leaf(c, f);
}

/// Span of a rule's id (the smallest span that names it).
inline source_span rule_span(const context& cx, std::size_t rule) { return cx.m.rules[rule].id_span; }

/// Calls `f(leaf)` for every leaf of rule `r`'s `when` and then of its `unless`.
template <class F>
void for_each_rule_leaf(const model_rule& r, F&& f) {
  for_each_leaf(r.when, f);
  if (r.unless) for_each_leaf(*r.unless, f);
}

/// `used[i]` is true when some rule's `when` or `unless` reads the finding (or fact) i.
inline std::vector<bool> read_by_rules(const model& m, model_expr::kind kind, std::size_t count) {
  std::vector<bool> used(count, false);
  for (const auto& r : m.rules)
    for_each_rule_leaf(r, [&](const model_expr& leaf) {
      if (leaf.k == kind && leaf.ref < count) used[leaf.ref] = true;
    });
  return used;
}

/// `hit[i]` is true when some rule has an effect of `kind` on target i.
inline std::vector<bool> effect_targets(const model& m, model_effect::kind kind, std::size_t count) {
  std::vector<bool> hit(count, false);
  for (const auto& r : m.rules)
    for (const auto& e : r.effects)
      if (e.k == kind && e.target < count) hit[e.target] = true;
  return hit;
}

/// Reports one lint warning.
inline void warn(context& cx, const char* code, source_span span, std::string message, std::string hint) {
  cx.diags.warning(code, span, std::move(message), std::move(hint));
}

}  // namespace ddx::engine::check::detail

namespace ddx::engine::check::detail {

/// A `when` written in one canonical form: and/or flattened, operands sorted and deduplicated, so that
/// `b.c and a.b` and `a.b and (b.c)` read the same. Names are dense ids, not spans.
std::string normalized_when(const model_expr& e);
/// The operands of a top-level `and` in normalized form (the whole expression when it is not an `and`).
std::vector<std::string> normalized_conjuncts(const model_expr& e);
/// A rule's `unless` in normalized_when's form; empty when it has none.
inline std::string normalized_unless(const model_rule& r) { return r.unless ? normalized_when(*r.unless) : std::string(); }
/// The effects of a rule in one canonical, sorted form.
std::string normalized_effects(const model_rule& r);

}  // namespace ddx::engine::check::detail
