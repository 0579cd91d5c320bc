// engine/check/lint_unsupported_conditions.cpp: W402, a condition that no rule gives evidence for.
#include "engine/check/lint_common.hpp"

namespace ddx::engine::check {

void warn_about_unsupported_conditions(context& cx) {
  const auto supported = detail::effect_targets(cx.m, model_effect::kind::support, cx.m.conditions.size());
  for (std::size_t i = 0; i < supported.size(); ++i) {
    if (supported[i]) continue;
    const auto& c = cx.m.conditions[i];
    detail::warn(cx, "W402", c.span, fmt::format("no rule gives evidence for condition `{}`", c.id),
                 fmt::format("add a rule with `then for {} WEIGHT`; without one it is never listed", c.id));
  }
}

}  // namespace ddx::engine::check
