// engine/check/lint_urgency.cpp: W411, a condition without `urgency` in a knowledge base that uses urgency;
// W412, an `urgency_threshold` outside (0, 1); W413, an urgency range that no flag's `overrides` can lower.
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

void warn_about_unlowerable_urgency_ranges(context& cx) {
  // A range counts at its lower end only while a raised flag's `overrides` reaches its upper end (docs/scoring.md
  // section 6). Without such a flag the lower end is never used, and the range reads milder than it behaves.
  std::optional<triage_level> reach;
  for (const auto& f : cx.m.flags)
    if (f.overrides && (!reach || *f.overrides > *reach)) reach = f.overrides;
  for (const auto& c : cx.m.conditions) {
    if (!c.urgency || !c.urgency_low || (reach && *c.urgency <= *reach)) continue;
    detail::warn(cx, "W413", c.span,
                 fmt::format("condition `{}`: urgency range `{} to {}` is never lowered", c.id, triage_name(*c.urgency_low),
                             triage_name(*c.urgency)),
                 reach ? fmt::format("no flag overrides more than `{}`, so it always counts at `{}`; write `urgency {}`, or "
                                     "give the flag that marks a mild case `overrides {}`",
                                     triage_name(*reach), triage_name(*c.urgency), triage_name(*c.urgency),
                                     triage_name(*c.urgency))
                       : fmt::format("no flag declares `overrides`, so it always counts at `{}`; write `urgency {}`, or "
                                     "add `overrides {}` to the flag that marks a mild case",
                                     triage_name(*c.urgency), triage_name(*c.urgency), triage_name(*c.urgency)));
  }
}

}  // namespace ddx::engine::check
