// engine/check/lint_untested_conditions.cpp: W403, a condition that no test expects to find.
#include "engine/check/lint_common.hpp"

namespace ddx::engine::check {
namespace {

bool expects_found(const model_expect& e) {
  using k = grammar::ast::expectation::kind;
  return e.k == k::first || e.k == k::rank || e.k == k::in_top || e.k == k::listed;
}

}  // namespace

void warn_about_untested_conditions(context& cx) {
  std::vector<bool> tested(cx.m.conditions.size(), false);
  for (const auto& t : cx.m.tests)
    for (const auto& e : t.expects)
      if (expects_found(e) && e.target < tested.size()) tested[e.target] = true;
  for (std::size_t i = 0; i < tested.size(); ++i) {
    if (tested[i]) continue;
    const auto& c = cx.m.conditions[i];
    detail::warn(cx, "W403", c.span, fmt::format("no test expects condition `{}` to be found", c.id),
                 fmt::format("add a `test` with a typical case and `expect {} first` (or `in top N`, `listed`)", c.id));
  }
}

}  // namespace ddx::engine::check
