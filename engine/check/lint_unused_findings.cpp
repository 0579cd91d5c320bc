// engine/check/lint_unused_findings.cpp: W401, a finding that no rule reads.
#include "engine/check/lint_common.hpp"

namespace ddx::engine::check {

void warn_about_unused_findings(context& cx) {
  const auto used = detail::read_by_rules(cx.m, model_expr::kind::finding, cx.m.findings.size());
  for (std::size_t i = 0; i < used.size(); ++i) {
    if (used[i]) continue;
    const auto& f = cx.m.findings[i];
    detail::warn(cx, "W401", f.span, fmt::format("finding `{}` is never used by a rule", f.id),
                 "use it in a rule's `when`, or delete the declaration");
  }
}

}  // namespace ddx::engine::check
