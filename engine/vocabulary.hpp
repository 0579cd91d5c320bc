// engine/vocabulary.hpp: every name a knowledge base declares, as `ddx vocab` lists it.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ddx::engine {

struct model;

/// One entry of `ddx vocab`.
struct vocab_entry {
  std::string id;
  std::string kind;   ///< finding kind (location, symptom, ...), or value, condition, fact, flag
  std::string label;
  std::string region;
  std::string unit;
  std::optional<double> low, high;  ///< values only
};

namespace detail {
/// Findings, values, conditions, facts and flags of `m`, sorted by id.
std::vector<vocab_entry> vocabulary_of(const model& m);
}  // namespace detail

}  // namespace ddx::engine
