// support/number_text.cpp: rounding and plain number text.
#include "support/number_text.hpp"

#include <cmath>
#include <cstdio>

namespace ddx::support {

double round_number(double x) {
  if (!std::isfinite(x)) return 0.0;
  const double scale = std::pow(10.0, number_decimals);
  const double r = std::round(x * scale) / scale;
  return r == 0.0 ? 0.0 : r;
}

std::string plain_number(double x) {
  char buffer[400];  // DBL_MAX written in full with 6 decimals is 316 characters
  const int n = std::snprintf(buffer, sizeof buffer, "%.*f", number_decimals, round_number(x));
  std::string s(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

}  // namespace ddx::support
