// tools/json/json_util.hpp: small JSON helpers shared by the readers and writers (rounding, type names, dumping).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "support/number_text.hpp"

namespace ddx::tools {

/// Digits after the decimal point kept for every real number in JSON output.
inline constexpr int json_decimals = support::number_decimals;

/// Rounds half away from zero to `json_decimals` places; -0 becomes 0 and non-finite numbers 0 (support::round_number).
double round_number(double x);

/// "a string", "an array", "a number", ... for "found ..." in error messages.
std::string type_phrase(const nlohmann::json& value);

/// A number as people write it: 11, 0.5, -2.25 (at most 6 decimals, no trailing zeros): support::plain_number, the
/// one number formatter the engine's messages use too.
std::string format_plain(double x);

/// Serialises with stable formatting: pretty (2-space indent) or one line; invalid UTF-8 replaced.
std::string dump_json(const nlohmann::ordered_json& j, bool pretty);

}  // namespace ddx::tools
