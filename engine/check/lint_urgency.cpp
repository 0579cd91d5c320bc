// engine/check/lint_urgency.cpp: W411, a condition without `urgency` in a knowledge base that uses urgency;
// W412, an `urgency_threshold` outside (0, 1).
#include "engine/check/lint_common.hpp"

#include <algorithm>

namespace ddx::engine::check {

void warn_about_conditions_without_urgency(context& cx) {
  // A knowledge base that declares no urgency at all keeps the flags-only triage it was written for (old knowledge
  // bases load unchanged); once one condition or the header speaks of urgency, every condition should.
  const auto& conditions = cx.m.conditions;
  const bool uses_urgency = (cx.header && cx.header->urgency_threshold) ||
                            std::any_of(conditions.begin(), conditions.end(), [](const auto& c) { return c.urgency.has_value(); });
  if (!uses_urgency) return;
  for (const auto& c : conditions) {
    if (c.urgency) continue;
    detail::warn(cx, "W411", c.span, fmt::format("condition `{}` has no `urgency`", c.id),
                 "add `urgency LEVEL` with the care the condition needs when it is likely, e.g. `urgency modify_training`;"
                 " without it the condition never sets triage");
  }
}

void warn_about_urgency_threshold(context& cx) {
  if (!cx.header || !cx.header->urgency_threshold) return;
  const auto& t = *cx.header->urgency_threshold;
  if (t.value > 0 && t.value < 1) return;
  detail::warn(cx, "W412", t.span, fmt::format("`urgency_threshold {}` is outside (0, 1)", t.text),
               t.value <= 0 ? "every condition with evidence would set triage, however unlikely; use a share such as 0.5"
                            : "no condition's score can reach it, so conditions never set triage; use a share such as 0.5");
}

}  // namespace ddx::engine::check
