// engine/check/lint_red_flag_sources_without_flag.cpp: W408, a condition whose source mentions red flags while no
// rule raises a flag in connection with it (a rule naming the condition, or sharing a source line with it).
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "engine/check/lint_common.hpp"

namespace ddx::engine::check {
namespace {

bool mentions_red_flag(const std::string& s) {
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.find("red flag") != std::string::npos || lower.find("red-flag") != std::string::npos;
}

struct line_range {
  unsigned long first = 0, last = 0;
};

// Digits at `at` (moved past them); saturates instead of overflowing.
unsigned long read_number(std::string_view s, std::size_t& at) {
  unsigned long n = 0;
  for (; at < s.size() && std::isdigit(static_cast<unsigned char>(s[at])); ++at) n = std::min(n * 10 + (s[at] - '0'), 1ul << 40);
  return n;
}

// Line references such as `(L2522)`, `(L8-9)` or `(L9, L21)` in a source string.
std::vector<line_range> line_refs(std::string_view s) {
  std::vector<line_range> out;
  for (std::size_t i = 1; i + 1 < s.size(); ++i) {
    if (s[i] != 'L' || !std::isdigit(static_cast<unsigned char>(s[i + 1])) || std::isalnum(static_cast<unsigned char>(s[i - 1])))
      continue;
    std::size_t at = i + 1;
    line_range r;
    r.first = r.last = read_number(s, at);
    if (at + 1 < s.size() && s[at] == '-' && std::isdigit(static_cast<unsigned char>(s[at + 1]))) {
      ++at;
      r.last = read_number(s, at);
    }
    out.push_back(r);
  }
  return out;
}

// Same text, or the same file (before `:`) with overlapping line references: the same place in the source.
bool same_place(std::string_view a, std::string_view b) {
  if (a == b) return true;
  const auto colon = a.find(':');
  if (colon == std::string_view::npos || b.substr(0, colon + 1) != a.substr(0, colon + 1)) return false;
  for (const auto& x : line_refs(a))
    for (const auto& y : line_refs(b))
      if (x.first <= y.last && y.first <= x.last) return true;
  return false;
}

/// Whether some source in `a` is at the same place as some source in `b` (strings or views).
template <typename A, typename B>
bool shares_source(const A& a, const B& b) {
  return std::any_of(a.begin(), a.end(), [&](std::string_view x) {
    return std::any_of(b.begin(), b.end(), [&](std::string_view y) { return same_place(x, y); });
  });
}

bool raises_flag(const model_rule& r) {
  return std::any_of(r.effects.begin(), r.effects.end(),
                     [](const model_effect& e) { return e.k == model_effect::kind::raise_flag; });
}

bool names_condition(const model_rule& r, std::size_t condition) {
  return std::any_of(r.effects.begin(), r.effects.end(), [&](const model_effect& e) {
    return (e.k == model_effect::kind::support || e.k == model_effect::kind::oppose) && e.target == condition;
  });
}

std::vector<std::string> flag_sources(const context& cx, std::size_t flag) {
  std::vector<std::string> out;
  for (const auto& s : cx.flag_decls[flag]->sources) out.push_back(s.value);
  return out;
}

bool flag_nearby(const context& cx, std::size_t condition) {
  const auto& sources = cx.m.conditions[condition].sources;
  for (const auto& r : cx.m.rules) {
    if (!raises_flag(r)) continue;
    if (names_condition(r, condition) || shares_source(r.sources, sources)) return true;
    for (const auto& e : r.effects)
      if (e.k == model_effect::kind::raise_flag && shares_source(flag_sources(cx, e.target), sources)) return true;
  }
  return false;
}

}  // namespace

void warn_about_red_flag_sources_without_flag(context& cx) {
  for (std::size_t i = 0; i < cx.m.conditions.size(); ++i) {
    const auto& c = cx.m.conditions[i];
    if (std::none_of(c.sources.begin(), c.sources.end(), mentions_red_flag) || flag_nearby(cx, i)) continue;
    detail::warn(cx, "W408", c.span,
                 fmt::format("a source of condition `{}` mentions red flags, but no rule raises a flag for it", c.id),
                 "add a rule that raises a flag on those red flags and cites the same `source` (or names the "
                 "condition in its effects)");
  }
}

}  // namespace ddx::engine::check
