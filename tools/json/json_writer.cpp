// tools/json/json_writer.cpp: strings and numbers in nlohmann's spelling.
#include "tools/json/json_writer.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

#include <nlohmann/json.hpp>

namespace ddx::tools {
namespace {

/// True when `s` is written as is between quotes: printable ASCII without `"` or `\`. Anything else (escapes,
/// multi-byte or invalid UTF-8) is left to nlohmann's own serializer, so the bytes are its bytes. Eight bytes at a
/// time (a result line is mostly such strings, and the byte loop was a tenth of a batch's instructions): a byte is
/// plain when it is below 0x7f, at least 0x20 and neither 0x22 nor 0x5c; each test below sets a byte's high bit
/// exactly when some byte of the word fails it (the classic has-zero-byte and has-less-than tests, exact as a whole).
bool plain_ascii(std::string_view s) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  const auto has_zero = [&](std::uint64_t x) { return (x - ones) & ~x & highs; };
  const auto bad = [&](std::uint64_t w) {
    return (w & highs)                          // 0x80 and above
           | ((w - ones * 0x20) & ~w & highs)  // below 0x20 (a test valid for bytes below 0x80)
           | has_zero(w ^ (ones * 0x7f)) | has_zero(w ^ (ones * '"')) | has_zero(w ^ (ones * '\\'));
  };
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if (bad(w)) return false;
  }
  std::uint64_t tail = ones * 'a';  // the last bytes, the rest of the word a plain letter
  if (i < s.size()) std::memcpy(&tail, s.data() + i, s.size() - i);
  return bad(tail) == 0;
}

}  // namespace

void json_writer::quoted(std::string_view s, char after) {
  // One resize and one copy: a result line is some five hundred of these.
  const std::size_t old = out_.size();
  const bool comma = need_comma_;
  out_.resize(old + comma + s.size() + 2 + (after != 0));
  char* p = out_.data() + old;
  if (comma) *p++ = ',';
  *p++ = '"';
  std::memcpy(p, s.data(), s.size());
  p += s.size();
  *p++ = '"';
  if (after != 0) *p = after;
}

void json_writer::key(literal_key k) {
  quoted(k.text, ':');
  need_comma_ = false;
}

void json_writer::string(std::string_view s) {
  if (plain_ascii(s)) {
    quoted(s, 0);
    need_comma_ = true;
    return;
  }
  separate();
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
