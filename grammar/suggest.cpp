// grammar/suggest.cpp: edit distance (with adjacent transpositions) and closest-name suggestions.
#include "grammar/suggest.hpp"

#include <algorithm>
#include <utility>

namespace ddx::grammar {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment distance over three rolling rows.
  std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], before[j - 2] + 1);
      }
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

namespace detail {

constexpr std::size_t min_contained = 4;  // shorter names match too much by containment

std::string_view after_prefix(std::string_view s) {
  std::size_t dot = s.rfind('.');
  return dot == std::string_view::npos ? s : s.substr(dot + 1);
}

bool contains_match(std::string_view name, std::string_view candidate) {
  if (name.size() >= min_contained && candidate.find(name) != std::string_view::npos) return true;
  std::string_view tail = after_prefix(candidate);
  return tail.size() >= min_contained && name.find(tail) != std::string_view::npos;
}

}  // namespace detail

std::vector<std::string> closest_names(std::string_view name, const std::vector<std::string>& candidates,
                                       std::size_t max_results) {
  std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const std::string& c : candidates) {
    std::size_t d = edit_distance(name, c);
    if (d <= limit || detail::contains_match(name, c)) scored.emplace_back(d, c);
  }
  std::sort(scored.begin(), scored.end());
  scored.erase(std::unique(scored.begin(), scored.end()), scored.end());
  std::vector<std::string> out;
  for (auto& [d, c] : scored) {
    if (out.size() == max_results) break;
    out.push_back(std::move(c));
  }
  return out;
}

namespace detail {

std::vector<std::string> split_lower(std::string_view s) {
  static const std::string_view stop[] = {"a", "an", "and", "of", "the", "in", "on", "to", "with", "or", "at", "by"};
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && std::find(std::begin(stop), std::end(stop), cur) == std::end(stop)) out.push_back(cur);
    cur.clear();
  };
  for (char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      cur += c;
    } else {
      flush();
    }
  }
  flush();
  return out;
}

/// `part` is `word`'s letters in order starting with its first (`it` in "iliotibial").
bool is_letters_of(std::string_view part, std::string_view word) {
  if (part.empty() || word.empty() || part[0] != word[0]) return false;
  std::size_t j = 0;
  for (char c : word)
    if (j < part.size() && part[j] == c) ++j;
  return j == part.size();
}

bool part_matches_word(std::string_view part, std::string_view word) {
  if (part == word) return true;
  const std::size_t shorter = std::min(part.size(), word.size());
  if (shorter >= 3 && (part.starts_with(word) || word.starts_with(part))) return true;
  if (shorter >= 5 && edit_distance(part, word) <= 1) return true;
  return part.size() <= 3 && part.size() < word.size() && is_letters_of(part, word);
}

/// How well the parts spell out the label's words (0: not at all); each word matched once, parts in any order.
double label_score(const std::vector<std::string>& parts, const std::vector<std::string>& words) {
  if (parts.size() < 2 || words.empty()) return 0;
  std::vector<bool> used(words.size(), false);
  std::size_t matched = 0;
  for (const auto& p : parts) {
    for (std::size_t w = 0; w < words.size(); ++w) {
      if (!used[w] && part_matches_word(p, words[w])) {
        used[w] = true;
        ++matched;
        break;
      }
    }
  }
  const std::size_t misses_allowed = parts.size() >= 4 ? 1 : 0;
  if (matched + misses_allowed < parts.size() || matched * 2 < words.size()) return 0;
  return static_cast<double>(matched) / static_cast<double>(parts.size() + words.size() - matched);
}

}  // namespace detail

std::vector<std::string> names_matching_label(std::string_view name,
                                              const std::vector<std::pair<std::string, std::string>>& labelled,
                                              std::size_t max_results) {
  const auto parts = detail::split_lower(name);
  std::vector<std::pair<double, std::string>> scored;
  for (const auto& [id, label] : labelled) {
    const double s = detail::label_score(parts, detail::split_lower(label));
    if (s > 0) scored.emplace_back(-s, id);
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (auto& [s, id] : scored) {
    if (out.size() == max_results) break;
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(std::move(id));
  }
  return out;
}

std::string did_you_mean(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  std::string out = "did you mean ";
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += "`" + names[i] + "`";
  }
  return out + "?";
}

}  // namespace ddx::grammar
