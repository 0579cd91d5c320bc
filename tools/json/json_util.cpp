// tools/json/json_util.cpp: rounding, type phrases, plain number formatting and stable dumping.
#include "tools/json/json_util.hpp"

#include "support/number_text.hpp"

namespace ddx::tools {

double round_number(double x) { return support::round_number(x); }

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

std::string format_plain(double x) { return support::plain_number(x); }

std::string dump_json(const nlohmann::ordered_json& j, bool pretty) {
  return j.dump(pretty ? 2 : -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace ddx::tools
