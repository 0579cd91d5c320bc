// engine/check/lint_normalize.cpp: canonical text of `when` expressions and effects, for the duplicate and
// subsumed rule lints (W405, W406).
#include <algorithm>

#include "engine/check/lint_common.hpp"

namespace ddx::engine::check::detail {
namespace {

void collect_operands(const model_expr& e, model_expr::kind op, std::vector<std::string>& out) {
  if (e.k == op) {
    for (const auto& c : e.children) collect_operands(c, op, out);
    return;
  }
  out.push_back(normalized_when(e));
}

std::string join_sorted(std::vector<std::string> items, const char* sep, bool dedup) {
  std::sort(items.begin(), items.end());
  if (dedup) items.erase(std::unique(items.begin(), items.end()), items.end());
  if (items.size() == 1) return items.front();
  return fmt::format("({})", fmt::join(items, sep));
}

}  // namespace

std::string normalized_when(const model_expr& e) {
  using k = model_expr::kind;
  switch (e.k) {
    case k::finding: return fmt::format("f{}", e.ref);
    case k::fact: return fmt::format("a{}", e.ref);
    case k::compare: return fmt::format("v{}:{}:{}", e.ref, static_cast<int>(e.op), e.number);
    case k::not_: return fmt::format("!{}", normalized_when(e.children[0]));
    case k::and_:
    case k::or_: {
      std::vector<std::string> items;
      collect_operands(e, e.k, items);
      return join_sorted(std::move(items), e.k == k::and_ ? " & " : " | ", true);
    }
    case k::at_least: {
      std::vector<std::string> items;
      for (const auto& c : e.children) items.push_back(normalized_when(c));
      return fmt::format("{}of{}", e.n, join_sorted(std::move(items), ", ", false));
    }
  }
  return {};
}

std::vector<std::string> normalized_conjuncts(const model_expr& e) {
  std::vector<std::string> items;
  collect_operands(e, model_expr::kind::and_, items);
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

std::string normalized_effects(const model_rule& r) {
  std::vector<std::string> items;
  for (const auto& e : r.effects) items.push_back(fmt::format("{}:{}:{}", static_cast<int>(e.k), e.target, e.lr));
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return fmt::format("{}", fmt::join(items, ","));
}

}  // namespace ddx::engine::check::detail
