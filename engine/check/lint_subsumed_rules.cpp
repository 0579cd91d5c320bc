// engine/check/lint_subsumed_rules.cpp: W406, a rule whose `when` adds conditions to another rule's `when` while
// giving the same evidence: every case that fires it fires the other as well, so the weight counts twice.
#include <algorithm>
#include <map>

#include "engine/check/lint_common.hpp"

namespace ddx::engine::check {
namespace {

bool weighs_evidence(const model_rule& r) {
  return std::any_of(r.effects.begin(), r.effects.end(), [](const model_effect& e) {
    return e.k == model_effect::kind::support || e.k == model_effect::kind::oppose;
  });
}

// True when `general` has fewer conjuncts and all of them are conjuncts of `specific`.
bool subsumes(const std::vector<std::string>& general, const std::vector<std::string>& specific) {
  return general.size() < specific.size() &&
         std::includes(specific.begin(), specific.end(), general.begin(), general.end());
}

void report(context& cx, std::size_t specific, std::size_t general) {
  grammar::diagnostic d;
  d.level = grammar::severity::warning;
  d.code = "W406";
  d.span = detail::rule_span(cx, specific);
  d.message = fmt::format("rule `{}` double-counts the evidence of rule `{}`: same effects, narrower `when`",
                          cx.m.rules[specific].id, cx.m.rules[general].id);
  d.hint = fmt::format("every case that fires `{}` also fires `{}`; give the narrower rule only the extra "
                       "weight on another target, merge the two, or delete one",
                       cx.m.rules[specific].id, cx.m.rules[general].id);
  d.notes.push_back({detail::rule_span(cx, general), "the more general rule"});
  cx.diags.report(std::move(d));
}

}  // namespace

void warn_about_subsumed_rules(context& cx) {
  std::map<std::string, std::vector<std::size_t>> by_effects;
  for (std::size_t i = 0; i < cx.m.rules.size(); ++i)
    if (weighs_evidence(cx.m.rules[i])) by_effects[detail::normalized_effects(cx.m.rules[i])].push_back(i);
  for (const auto& [effects, rules] : by_effects) {
    std::vector<std::vector<std::string>> conj;
    for (auto i : rules) conj.push_back(detail::normalized_conjuncts(cx.m.rules[i].when));
    for (std::size_t b = 0; b < rules.size(); ++b)
      for (std::size_t a = 0; a < rules.size(); ++a)
        if (a != b && subsumes(conj[a], conj[b])) {
          report(cx, rules[b], rules[a]);
          break;
        }
  }
}

}  // namespace ddx::engine::check
