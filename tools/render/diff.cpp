// tools/render/diff.cpp: line diff by longest common subsequence, grouped into unified hunks.
#include "tools/render/diff.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace ddx::tools {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto nl = text.find('\n', start);
    const auto end = nl == std::string_view::npos ? text.size() : nl;
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

/// One line of the edit script: ' ' kept, '-' removed, '+' added.
struct edit {
  char op;
  std::size_t a, b;  ///< 0-based line in before / after
};

std::vector<edit> edit_script(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<edit> out;
  if (n * m > 40'000'000) {  // too big for the table: replace everything
    for (std::size_t i = 0; i < n; ++i) out.push_back({'-', i, 0});
    for (std::size_t j = 0; j < m; ++j) out.push_back({'+', n, j});
    return out;
  }
  std::vector<std::uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& { return lcs[i * (m + 1) + j]; };
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      at(i, j) = a[i] == b[j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
  std::size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) out.push_back({' ', i++, j++});
    else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) out.push_back({'-', i++, j});
    else out.push_back({'+', i, j++});
  }
  return out;
}

}  // namespace

std::string unified_diff(std::string_view before, std::string_view after, const std::string& name) {
  if (before == after) return {};
  const auto a = split_lines(before), b = split_lines(after);
  const auto script = edit_script(a, b);
  // git-style a/ and b/ prefixes for relative paths; an absolute path is shown as it is
  const bool absolute = !name.empty() && name.front() == '/';
  std::string out = absolute ? fmt::format("--- {}\n+++ {}\n", name, name)
                             : fmt::format("--- a/{}\n+++ b/{}\n", name, name);
  constexpr std::size_t context = 3;
  std::size_t k = 0;
  while (k < script.size()) {
    while (k < script.size() && script[k].op == ' ') ++k;
    if (k == script.size()) break;
    std::size_t begin = k >= context ? k - context : 0, end = k;
    // extend the hunk while the next change is within 2 * context kept lines
    for (std::size_t kept = 0; end < script.size(); ++end) {
      kept = script[end].op == ' ' ? kept + 1 : 0;
      if (kept > 2 * context) break;
    }
    while (end > k && script[end - 1].op == ' ' && end - 1 >= k) {
      std::size_t trailing = 0;
      for (std::size_t t = end; t-- > k && script[t].op == ' ';) ++trailing;
      if (trailing <= context) break;
      --end;
    }
    std::size_t a_count = 0, b_count = 0;
    for (std::size_t t = begin; t < end; ++t) {
      a_count += script[t].op != '+';
      b_count += script[t].op != '-';
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", script[begin].a + (a_count ? 1 : 0), a_count,
                       script[begin].b + (b_count ? 1 : 0), b_count);
    for (std::size_t t = begin; t < end; ++t) {
      const auto& e = script[t];
      out += e.op;
      out += std::string(e.op == '+' ? b[e.b] : a[e.a]);
      out += '\n';
    }
    k = end;
  }
  return out;
}

}  // namespace ddx::tools
