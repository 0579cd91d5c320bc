// engine/check/lint_missing_sources.cpp: W407, a rule or condition without a `source` clause.
#include "engine/check/lint_common.hpp"

namespace ddx::engine::check {

void warn_about_missing_sources(context& cx) {
  for (std::size_t i = 0; i < cx.m.conditions.size(); ++i) {
    const auto& c = cx.m.conditions[i];
    if (!c.sources.empty()) continue;
    detail::warn(cx, "W407", c.span, fmt::format("condition `{}` has no `source`", c.id),
                 "add `source \"FILE: SECTION\"` naming where the clinical knowledge comes from");
  }
  for (std::size_t i = 0; i < cx.m.rules.size(); ++i) {
    const auto& r = cx.m.rules[i];
    if (!r.sources.empty()) continue;
    detail::warn(cx, "W407", detail::rule_span(cx, i), fmt::format("rule `{}` has no `source`", r.id),
                 "add `source \"FILE: SECTION\"` naming where the clinical knowledge comes from");
  }
}

}  // namespace ddx::engine::check
