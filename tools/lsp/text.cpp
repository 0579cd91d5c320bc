// tools/lsp/text.cpp: position conversions counting UTF-16 code units, as LSP 3.17 requires by default.
#include "tools/lsp/text.hpp"

#include <algorithm>

namespace ddx::tools::lsp {
namespace {

/// Byte length of the UTF-8 sequence starting with `c` (1 for a stray continuation byte).
std::size_t utf8_length(unsigned char c) {
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

}  // namespace

line_index::line_index(std::string_view text) : text_(text) {
  starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') starts_.push_back(static_cast<std::uint32_t>(i + 1));
}

std::uint32_t line_index::line_of(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
  return static_cast<std::uint32_t>(it - starts_.begin() - 1);
}

std::uint32_t line_index::line_end(std::uint32_t line) const {
  std::uint32_t end = line + 1 < starts_.size() ? starts_[line + 1] - 1 : static_cast<std::uint32_t>(text_.size());
  if (end > starts_[line] && text_[end - 1] == '\r') --end;
  return end;
}

nlohmann::json line_index::position(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  const std::uint32_t line = line_of(offset);
  std::uint32_t units = 0;
  for (std::size_t i = starts_[line]; i < offset;) {
    const std::size_t n = utf8_length(static_cast<unsigned char>(text_[i]));
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return {{"line", line}, {"character", units}};
}

std::uint32_t line_index::offset(std::uint32_t line, std::uint32_t character) const {
  if (line >= starts_.size()) return static_cast<std::uint32_t>(text_.size());
  const std::uint32_t end = line_end(line);
  std::uint32_t i = starts_[line];
  for (std::uint32_t units = 0; i < end && units < character;) {
    const std::size_t n = utf8_length(static_cast<unsigned char>(text_[i]));
    units += n == 4 ? 2 : 1;
    i = std::min<std::uint32_t>(end, i + static_cast<std::uint32_t>(n));
  }
  return i;
}

std::uint32_t line_index::offset(const nlohmann::json& p) const {
  auto field = [&](const char* name) -> std::uint32_t {
    if (!p.is_object() || !p.contains(name) || !p[name].is_number()) return 0;
    const double v = p[name].get<double>();
    return v <= 0 ? 0 : v >= 4e9 ? 4000000000u : static_cast<std::uint32_t>(v);
  };
  return offset(field("line"), field("character"));
}

nlohmann::json line_index::range(std::uint32_t begin, std::uint32_t end) const {
  return {{"start", position(begin)}, {"end", position(end)}};
}

std::string uri_to_path(std::string_view uri) {
  if (!uri.starts_with("file://")) return std::string(uri);
  uri.remove_prefix(7);
  std::string out;
  for (std::size_t i = 0; i < uri.size(); ++i) {
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (uri[i] == '%' && i + 2 < uri.size() && hex(uri[i + 1]) >= 0 && hex(uri[i + 2]) >= 0) {
      out += static_cast<char>(hex(uri[i + 1]) * 16 + hex(uri[i + 2]));
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return out;
}

std::string path_to_uri(std::string_view path) {
  static const char* digits = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : path) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

}  // namespace ddx::tools::lsp
