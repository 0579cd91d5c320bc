// engine/check/lint_unused_facts.cpp: W410, a fact that no rule reads.
#include "engine/check/lint_common.hpp"

namespace ddx::engine::check {

void warn_about_unused_facts(context& cx) {
  const auto used = detail::read_by_rules(cx.m, model_expr::kind::fact, cx.m.facts.size());
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (used[i]) continue;
    const auto& f = cx.m.facts[i];
    detail::warn(cx, "W410", f.span, fmt::format("fact `{}` is never used by a rule", f.id),
                 "use it in a rule's `when`, or delete the fact and the `assert`s that set it");
  }
}

}  // namespace ddx::engine::check
