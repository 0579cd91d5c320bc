// engine/case.hpp: a case as given (ids as strings) and as resolved against a compiled knowledge base
// (engine/infer/resolve.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ddx::engine {

/// A case as other programs send it (see docs/json-contracts.md).
struct case_input {
  std::optional<std::string> id;
  std::vector<std::string> present;
  std::vector<std::string> absent;
  std::vector<std::pair<std::string, double>> values;
};

/// One reason a case was rejected. `field` names where: "present[2]", "values.age", ...
struct case_error {
  std::string field;
  std::string message;
  std::vector<std::string> suggestions;  ///< closest known ids, best first (at most 3)
};

using node_index = std::uint32_t;

/// A case with every id resolved to a network node. Build it only through knowledge_base::resolve.
struct resolved_case {
  std::string id;
  std::vector<node_index> present;
  std::vector<node_index> absent;
  std::vector<std::pair<node_index, double>> values;
};

}  // namespace ddx::engine
