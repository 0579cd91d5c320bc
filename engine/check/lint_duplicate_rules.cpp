// engine/check/lint_duplicate_rules.cpp: W405, a rule with the same `when`, the same `unless` (or none) and the same
// effects as an earlier one.
#include <map>
#include <tuple>

#include "engine/check/lint_common.hpp"

namespace ddx::engine::check {

void warn_about_duplicate_rules(context& cx) {
  std::map<std::tuple<std::string, std::string, std::string>, std::size_t> first;
  for (std::size_t i = 0; i < cx.m.rules.size(); ++i) {
    const auto& r = cx.m.rules[i];
    const auto [it, inserted] = first.emplace(
        std::tuple{detail::normalized_when(r.when), detail::normalized_unless(r), detail::normalized_effects(r)}, i);
    if (inserted) continue;
    grammar::diagnostic d;
    d.level = grammar::severity::warning;
    d.code = "W405";
    d.span = detail::rule_span(cx, i);
    d.message = fmt::format("rule `{}` repeats rule `{}`: same `when`{} and same effects", r.id,
                            cx.m.rules[it->second].id, r.unless ? ", same `unless`" : "");
    d.hint = "delete one of the two; the evidence is counted twice while both exist";
    d.notes.push_back({detail::rule_span(cx, it->second), "first written here"});
    cx.diags.report(std::move(d));
  }
}

}  // namespace ddx::engine::check
