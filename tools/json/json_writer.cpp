// tools/json/json_writer.cpp: strings and numbers in nlohmann's spelling.
#include "tools/json/json_writer.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace ddx::tools {
namespace {

/// True when `s` is written as is between quotes: printable ASCII without `"` or `\`. Anything else (escapes,
/// multi-byte or invalid UTF-8) is left to nlohmann's own serializer, so the bytes are its bytes.
bool plain_ascii(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') return false;
  }
  return true;
}

}  // namespace

void json_writer::key(std::string_view k) {
  string(k);
  out_.push_back(':');
  need_comma_ = false;
}

void json_writer::string(std::string_view s) {
  separate();
  if (plain_ascii(s)) {
    out_.push_back('"');
    out_.append(s.data(), s.data() + s.size());
    out_.push_back('"');
    return;
  }
  const std::string text = nlohmann::ordered_json(std::string(s)).dump(-1, ' ', false,
                                                                        nlohmann::ordered_json::error_handler_t::replace);
  out_.append(text.data(), text.data() + text.size());
}

void json_writer::null() {
  separate();
  out_.append(std::string_view("null"));
}

void json_writer::boolean(bool b) {
  separate();
  out_.append(b ? std::string_view("true") : std::string_view("false"));
}

void json_writer::integer(std::uint64_t n) {
  separate();
  fmt::format_to(std::back_inserter(out_), "{}", n);
}

void json_writer::number(double x) {
  if (!std::isfinite(x)) return null();
  separate();
  char buffer[64];
  const char* end = nlohmann::detail::to_chars(buffer, buffer + sizeof buffer, x);
  out_.append(buffer, end);
}

void json_writer::strings(const std::vector<std::string>& v) {
  begin_array();
  for (const auto& s : v) string(s);
  end_array();
}

void json_writer::string_or_null(const std::string& s) {
  if (s.empty()) return null();
  string(s);
}

}  // namespace ddx::tools
