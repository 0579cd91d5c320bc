// tools/json/json_util.cpp: rounding, type phrases, plain number formatting and stable dumping.
#include "tools/json/json_util.hpp"

#include <cmath>

#include <fmt/format.h>

namespace ddx::tools {

double round_number(double x) {
  if (!std::isfinite(x)) return 0.0;
  const double scale = std::pow(10.0, json_decimals);
  const double r = std::round(x * scale) / scale;
  return r == 0.0 ? 0.0 : r;
}

std::string type_phrase(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return "a number";
    default: return "an unsupported value";
  }
}

std::string format_plain(double x) {
  std::string s = fmt::format("{:.{}f}", round_number(x), json_decimals);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string dump_json(const nlohmann::ordered_json& j, bool pretty) {
  return j.dump(pretty ? 2 : -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace ddx::tools
