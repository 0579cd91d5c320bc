// support/number_text.hpp: the one way ddx writes a real number for people and for JSON (6 decimals at most).
#pragma once

#include <string>

namespace ddx::support {

/// Digits after the decimal point kept for every real number ddx writes.
inline constexpr int number_decimals = 6;

/// Rounds half away from zero to `number_decimals` places; -0 becomes 0 and non-finite numbers 0.
double round_number(double x);

/// A number as people write it: 11, 0.5, -2.25 (rounded as round_number, no trailing zeros).
std::string plain_number(double x);

}  // namespace ddx::support
