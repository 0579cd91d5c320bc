// engine/check/lint_unraised_flags.cpp: W409, a flag that no rule raises.
#include "engine/check/lint_common.hpp"

namespace ddx::engine::check {

void warn_about_unraised_flags(context& cx) {
  const auto raised = detail::effect_targets(cx.m, model_effect::kind::raise_flag, cx.m.flags.size());
  for (std::size_t i = 0; i < raised.size(); ++i) {
    if (raised[i]) continue;
    const auto& f = cx.m.flags[i];
    detail::warn(cx, "W409", f.span, fmt::format("flag `{}` is never raised", f.id),
                 fmt::format("add a rule with `then raise {}`, or delete the flag", f.id));
  }
}

}  // namespace ddx::engine::check
