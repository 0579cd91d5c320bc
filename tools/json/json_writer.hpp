// tools/json/json_writer.hpp: a small JSON writer on a fmt buffer, for results written case after case (batch, HTTP).
// Building an nlohmann DOM for a 5 KB result and dumping it costs more than ranking the case; this writes the same
// bytes directly (result_io.cpp's DOM writers stay the reference, tests/tools/json_writer_test.cpp compares them).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

namespace ddx::tools {

/// An object key as the writer's callers give it: a string literal of printable ASCII without `"` or `\`, checked
/// when the program is compiled (consteval), so the writer copies it without looking at its bytes.
struct literal_key {
  std::string_view text;
  template <std::size_t N>
  consteval literal_key(const char (&k)[N]) : text(k, N - 1) {  // NOLINT: implicit, so that w.key("id") reads well
    for (const char c : text)
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') throw "a JSON key literal must be plain ASCII";
  }
};

/// Compact JSON as nlohmann's dump(-1) writes it: no spaces, numbers and strings in its spelling.
class json_writer {
 public:
  explicit json_writer(fmt::memory_buffer& out) : out_(out) {}

  void begin_object() { open('{'); }
  void end_object() { close('}'); }
  void begin_array() { open('['); }
  void end_array() { close(']'); }
  /// An object key; the next call writes its value.
  void key(literal_key k);
  void string(std::string_view s);
  void null();
  void boolean(bool b);
  void integer(std::uint64_t n);
  /// A real number as nlohmann writes a double (shortest round trip, `1.0` for whole numbers, null if not finite).
  void number(double x);
  void strings(const std::vector<std::string>& v);
  /// `s`, or null when it is empty.
  void string_or_null(const std::string& s);

 private:
  void separate() {
    if (need_comma_) out_.push_back(',');
    need_comma_ = true;
  }
  void open(char c) {
    separate();
    out_.push_back(c);
    need_comma_ = false;
  }
  void close(char c) {
    out_.push_back(c);
    need_comma_ = true;
  }

  /// `"s"` (after a comma if one is due) and then `after` unless it is 0; `s` needs no escape.
  void quoted(std::string_view s, char after);

  fmt::memory_buffer& out_;
  bool need_comma_ = false;
};

}  // namespace ddx::tools
