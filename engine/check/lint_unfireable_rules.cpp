// engine/check/lint_unfireable_rules.cpp: W404, a rule whose `when` can never be true (a contradiction such as
// `a.b and not a.b`, or a fact that no rule asserts, which stays unknown).
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>

#include "engine/check/lint_common.hpp"

namespace ddx::engine::check {
namespace {

// Brute force over at most 2^12 assignments; larger expressions are skipped.
constexpr std::size_t max_leaves = 12;
constexpr std::uint8_t f = 0, u = 1, t = 2;  // Kleene truth: and = min, or = max, not = 2 - x

using leaf_key = std::tuple<int, std::uint32_t, int, double>;

leaf_key key_of(const model_expr& e) { return {static_cast<int>(e.k), e.ref, static_cast<int>(e.op), e.number}; }

struct analysis {
  const std::vector<bool>& asserted;
  bool free_facts;  // false: facts nobody asserts are stuck at unknown, as in inference
  std::map<leaf_key, std::size_t> slots;

  bool stuck(const model_expr& e) const { return !free_facts && e.k == model_expr::kind::fact && !asserted[e.ref]; }

  std::uint8_t eval(const model_expr& e, std::uint32_t bits) const {
    using k = model_expr::kind;
    switch (e.k) {
      case k::not_: return static_cast<std::uint8_t>(2 - eval(e.children[0], bits));
      case k::and_: {
        std::uint8_t v = t;
        for (const auto& c : e.children) v = std::min(v, eval(c, bits));
        return v;
      }
      case k::or_: {
        std::uint8_t v = f;
        for (const auto& c : e.children) v = std::max(v, eval(c, bits));
        return v;
      }
      case k::at_least: {
        std::uint32_t yes = 0, maybe = 0;
        for (const auto& c : e.children) {
          const auto v = eval(c, bits);
          yes += v == t;
          maybe += v == u;
        }
        return yes >= e.n ? t : (yes + maybe < e.n ? f : u);
      }
      default:
        if (stuck(e)) return u;
        return (bits >> slots.at(key_of(e))) & 1u ? t : f;
    }
  }

  /// nullopt when there are too many leaves to try.
  std::optional<bool> can_be_true(const model_expr& when) {
    detail::for_each_leaf(when, [&](const model_expr& leaf) {
      if (!stuck(leaf)) slots.emplace(key_of(leaf), slots.size());
    });
    if (slots.size() > max_leaves) return std::nullopt;
    for (std::uint32_t bits = 0; bits < (1u << slots.size()); ++bits)
      if (eval(when, bits) == t) return true;
    return false;
  }
};

std::string first_unasserted_fact(const model& m, const model_expr& when, const std::vector<bool>& asserted) {
  std::string name;
  detail::for_each_leaf(when, [&](const model_expr& leaf) {
    if (name.empty() && leaf.k == model_expr::kind::fact && !asserted[leaf.ref]) name = m.facts[leaf.ref].id;
  });
  return name;
}

}  // namespace

void warn_about_unfireable_rules(context& cx) {
  const auto asserted = detail::effect_targets(cx.m, model_effect::kind::assert_fact, cx.m.facts.size());
  for (std::size_t i = 0; i < cx.m.rules.size(); ++i) {
    const auto& r = cx.m.rules[i];
    if (analysis{asserted, true, {}}.can_be_true(r.when) == false) {
      detail::warn(cx, "W404", detail::rule_span(cx, i),
                   fmt::format("rule `{}` can never fire: its `when` is false in every case", r.id),
                   "the expression contradicts itself (like `a.b and not a.b`); fix or delete the rule");
      continue;
    }
    if (analysis{asserted, false, {}}.can_be_true(r.when) != false) continue;
    const std::string fact = first_unasserted_fact(cx.m, r.when, asserted);
    detail::warn(cx, "W404", detail::rule_span(cx, i),
                 fmt::format("rule `{}` can never fire: no rule asserts fact `{}`", r.id, fact),
                 fmt::format("add a rule with `then assert {}`, or use findings instead of the fact", fact));
  }
}

}  // namespace ddx::engine::check
