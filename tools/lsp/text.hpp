// tools/lsp/text.hpp: byte offsets <-> LSP positions (line, UTF-16 code unit), URIs <-> paths.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace ddx::tools::lsp {

/// Line starts of a text, for position conversions. Positions past a line's end or past the last line clamp.
class line_index {
 public:
  explicit line_index(std::string_view text);
  /// {"line", "character"} of a byte offset (offsets past the end clamp to the end).
  nlohmann::json position(std::uint32_t offset) const;
  /// Byte offset of an LSP position; clamped into the text.
  std::uint32_t offset(std::uint32_t line, std::uint32_t character) const;
  /// Byte offset of a {"line", "character"} object (missing or negative fields read as 0).
  std::uint32_t offset(const nlohmann::json& position) const;
  nlohmann::json range(std::uint32_t begin, std::uint32_t end) const;
  std::uint32_t line_of(std::uint32_t offset) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(starts_.size()); }
  std::uint32_t line_start(std::uint32_t line) const { return starts_.at(line); }
  /// End of the line's text (before its line break).
  std::uint32_t line_end(std::uint32_t line) const;

 private:
  std::string_view text_;
  std::vector<std::uint32_t> starts_;
};

/// `file:///a/b%20c.ddx` -> `/a/b c.ddx`; other schemes are returned as they are.
std::string uri_to_path(std::string_view uri);
/// `/a/b c.ddx` -> `file:///a/b%20c.ddx`.
std::string path_to_uri(std::string_view path);

}  // namespace ddx::tools::lsp
