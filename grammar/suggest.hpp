// grammar/suggest.hpp: edit distance and "closest names" for did-you-mean hints.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ddx::grammar {

/// Levenshtein distance (insert, delete, substitute; adjacent transposition counts 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidates close enough to `name` to be a likely misspelling, best first (ties by name),
/// at most `max_results`. Close enough: distance <= max(1, name.size() / 3), or the candidate
/// contains `name` / `name` contains the candidate after its dotted prefix.
std::vector<std::string> closest_names(std::string_view name, const std::vector<std::string>& candidates,
                                       std::size_t max_results = 3);

/// The ids whose label (or a synonym) `name` spells out in words, best first, at most `max_results`: the id a
/// new author types from a condition's name, like `it_band_syndrome` for `itbs` "Iliotibial band syndrome".
/// Each part of `name` between `_` and `.` must match a different word of the label (the same word, one a prefix
/// of the other, one edit apart, or a short part made of the word's letters in order from its first, like `it`
/// for "iliotibial"); every part matches (all but one when there are four or more) and at least half the label's
/// words are matched. `labelled` holds (id, label) pairs; an id may come more than once.
std::vector<std::string> names_matching_label(std::string_view name,
                                              const std::vector<std::pair<std::string, std::string>>& labelled,
                                              std::size_t max_results = 3);

/// "did you mean `a`?" / "did you mean `a`, `b` or `c`?"; empty when `names` is empty.
std::string did_you_mean(const std::vector<std::string>& names);

}  // namespace ddx::grammar
