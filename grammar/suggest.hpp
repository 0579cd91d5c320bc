// grammar/suggest.hpp: edit distance and "closest names" for did-you-mean hints.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ddx::grammar {

/// Levenshtein distance (insert, delete, substitute; adjacent transposition counts 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidates close enough to `name` to be a likely misspelling, best first (ties by name),
/// at most `max_results`. Close enough: distance <= max(1, name.size() / 3), or the candidate
/// contains `name` / `name` contains the candidate after its dotted prefix.
std::vector<std::string> closest_names(std::string_view name, const std::vector<std::string>& candidates,
                                       std::size_t max_results = 3);

/// "did you mean `a`?" / "did you mean `a`, `b` or `c`?"; empty when `names` is empty.
std::string did_you_mean(const std::vector<std::string>& names);

}  // namespace ddx::grammar
