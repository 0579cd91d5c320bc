// engine/case.hpp: a case as given (ids as strings) and as resolved against a compiled knowledge base
// (engine/infer/resolve.cpp).
#pragma once

#include <cstddef>
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

/// What is wrong with a case's id. The engine checks ids, ranges and present-and-absent (engine/infer/resolve.cpp);
/// a reader of some format (tools/json/case_io.cpp) checks only its format's shape and words these through
/// case_error_message, so each error has one wording wherever it is reported.
enum class case_error_code : std::uint8_t {
  unknown_finding,     ///< a present or absent id names no finding (`kind` says when it names another kind of thing)
  present_and_absent,  ///< an absent finding is also present
  unknown_value,       ///< a key of `values` names no value
  value_out_of_range,  ///< a value's number is outside its declared range (or not a finite number)
};

/// The list of case_input an error is in.
enum class case_list : std::uint8_t { present, absent, values };

/// One reason a case was rejected, as data (code, where, what) and as words (`field`, `message`).
struct case_error {
  case_error_code code = case_error_code::unknown_finding;
  case_list list = case_list::present;
  std::size_t index = 0;  ///< position in `list` (present, absent); for values, position in case_input::values
  std::string id;         ///< the id as given
  std::string kind;       ///< unknown_finding: "condition", "fact" or "flag" when `id` names one; else empty
  double number = 0, low = 0, high = 0;  ///< value_out_of_range: the number given and the value's range
  std::string field;      ///< where: "present[2]", "absent[0]", "values.age" (case_error_field)
  std::string message;    ///< the one wording (case_error_message)
  std::vector<std::string> suggestions;  ///< closest known ids, best first (at most 3)
};

/// "present[2]", "absent[0]", "values.age".
std::string case_error_field(const case_error& e);
/// "unknown finding `x` in present[0]", "value `pain_score` is 11, expected 0 to 10", ... (docs/json-contracts.md).
std::string case_error_message(const case_error& e);
/// "case.unknown_finding", "case.present_and_absent", "case.unknown_value", "case.value_out_of_range".
const char* case_error_code_name(case_error_code code);

using node_index = std::uint32_t;

/// A case with every id resolved to a network node. Build it only through knowledge_base::resolve.
struct resolved_case {
  std::string id;
  std::vector<node_index> present;
  std::vector<node_index> absent;
  std::vector<std::pair<node_index, double>> values;
};

}  // namespace ddx::engine
