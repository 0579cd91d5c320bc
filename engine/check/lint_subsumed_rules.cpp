// engine/check/lint_subsumed_rules.cpp: W406, a rule that can only fire when another rule with the same
// evidence effects fires too, while reading no finding the other does not: its weight counts one idea twice.
//
// `loc.x` -> for c, and `loc.x and sign.y` -> for c, is NOT a double count: the second rule weighs the extra
// finding `sign.y`. `loc.x` -> for c, and `loc.x or loc.z` -> for c, IS one: whenever the first fires the
// second fires as well, on evidence the second already counts.
#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "engine/check/lint_common.hpp"

namespace ddx::engine::check {
namespace {

constexpr std::size_t max_leaves = 12;  // brute force over at most 2^12 assignments

using leaf_key = std::tuple<int, std::uint32_t, int, double>;
leaf_key key_of(const model_expr& e) { return {static_cast<int>(e.k), e.ref, static_cast<int>(e.op), e.number}; }

std::set<leaf_key> leaves_of(const model_expr& e) {
  std::set<leaf_key> out;
  detail::for_each_leaf(e, [&](const model_expr& leaf) { out.insert(key_of(leaf)); });
  return out;
}

// Two-valued evaluation; `slot` maps each leaf to its bit in `bits`.
bool eval(const model_expr& e, const std::map<leaf_key, std::size_t>& slot, std::uint32_t bits) {
  using k = model_expr::kind;
  switch (e.k) {
    case k::not_: return !eval(e.children[0], slot, bits);
    case k::and_:
      return std::all_of(e.children.begin(), e.children.end(), [&](const auto& c) { return eval(c, slot, bits); });
    case k::or_:
      return std::any_of(e.children.begin(), e.children.end(), [&](const auto& c) { return eval(c, slot, bits); });
    case k::at_least: {
      std::uint32_t yes = 0;
      for (const auto& c : e.children) yes += eval(c, slot, bits) ? 1 : 0;
      return yes >= e.n;
    }
    default: return ((bits >> slot.at(key_of(e))) & 1u) != 0;
  }
}

// True when `narrow` reads only leaves of `broad` and every assignment that makes `narrow` true makes
// `broad` true. nullopt when `broad` has too many leaves to try.
std::optional<bool> implied_without_new_evidence(const model_expr& narrow, const model_expr& broad) {
  const auto narrow_leaves = leaves_of(narrow), broad_leaves = leaves_of(broad);
  if (!std::includes(broad_leaves.begin(), broad_leaves.end(), narrow_leaves.begin(), narrow_leaves.end()))
    return false;
  if (broad_leaves.size() > max_leaves) return std::nullopt;
  std::map<leaf_key, std::size_t> slot;
  for (const auto& l : broad_leaves) slot.emplace(l, slot.size());
  for (std::uint32_t bits = 0; bits < (1u << slot.size()); ++bits)
    if (eval(narrow, slot, bits) && !eval(broad, slot, bits)) return false;
  return true;
}

// The evidence a rule gives, ignoring the weights: `for c` and `for c strong` speak of the same thing.
std::string evidence_key(const model_rule& r) {
  std::vector<std::string> items;
  for (const auto& e : r.effects)
    if (e.k == model_effect::kind::support || e.k == model_effect::kind::oppose)
      items.push_back(fmt::format("{}:{}", static_cast<int>(e.k), e.target));
  std::sort(items.begin(), items.end());
  return fmt::format("{}", fmt::join(items, ","));
}

void report(context& cx, std::size_t narrow, std::size_t broad) {
  grammar::diagnostic d;
  d.level = grammar::severity::warning;
  d.code = "W406";
  d.span = detail::rule_span(cx, narrow);
  d.message = fmt::format("rule `{}` double-counts the evidence of rule `{}`: it fires only when `{}` fires and "
                          "{}reads no finding of its own",
                          cx.m.rules[narrow].id, cx.m.rules[broad].id, cx.m.rules[broad].id,
                          cx.m.rules[narrow].unless ? "its `when` " : "");
  d.hint = fmt::format("merge the two into one rule with one weight, or delete `{}`", cx.m.rules[narrow].id);
  d.notes.push_back({detail::rule_span(cx, broad), "the broader rule"});
  cx.diags.report(std::move(d));
}

}  // namespace

void warn_about_subsumed_rules(context& cx) {
  std::map<std::string, std::vector<std::size_t>> by_evidence;
  for (std::size_t i = 0; i < cx.m.rules.size(); ++i) {
    auto key = evidence_key(cx.m.rules[i]);
    if (!key.empty()) by_evidence[key].push_back(i);
  }
  for (const auto& [key, rules] : by_evidence) {
    std::vector<std::string> whens;
    std::vector<std::string> unlesses;
    for (auto i : rules) {
      whens.push_back(detail::normalized_when(cx.m.rules[i].when));
      unlesses.push_back(detail::normalized_unless(cx.m.rules[i]));
    }
    for (std::size_t a = 0; a < rules.size(); ++a)
      for (std::size_t b = 0; b < rules.size(); ++b) {
        // The broader rule fires whenever the narrower one does only if no `unless` of its own can stop it
        // alone: it has none, or the narrower rule has the same one.
        const bool same_unless = unlesses[a] == unlesses[b];
        if (a == b || (whens[a] == whens[b] && same_unless)) continue;  // identical rules are W405's
        if (!unlesses[b].empty() && !same_unless) continue;
        if (implied_without_new_evidence(cx.m.rules[rules[a]].when, cx.m.rules[rules[b]].when) == true) {
          report(cx, rules[a], rules[b]);
          break;
        }
      }
  }
}

}  // namespace ddx::engine::check
