// grammar/source.hpp: source files held in memory, byte-offset spans, offset -> line:col, snippets.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ddx::grammar {

/// Index of a file in a source_manager.
using file_id = std::uint32_t;

/// A range of bytes in one file: `begin` included, `end` excluded.
struct source_span {
  file_id file = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  friend bool operator==(const source_span&, const source_span&) = default;
};

/// 1-based line and column (the column counts code points).
struct line_col {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

/// One file's path and text, read once.
class source_file {
 public:
  source_file(std::string path, std::string text);
  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  /// Line and column of a byte offset (offsets past the end clamp to the end).
  line_col location(std::uint32_t offset) const;
  /// Text of the 1-based line, without its line break.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const;

 private:
  /// Offsets where lines start, found on first use: most loads never ask for a line (thread-safe).
  const std::vector<std::uint32_t>& line_starts() const;

  std::string path_;
  std::string text_;
  mutable std::once_flag lines_once_;
  mutable std::vector<std::uint32_t> line_starts_;
};

/// Owns every file of a run; ids are stable indexes.
class source_manager {
 public:
  /// Adds a file already in memory; returns its id.
  file_id add(std::string path, std::string text);
  /// Reads a file from disk; throws std::runtime_error if it cannot be read (I/O, not a user mistake).
  file_id load(const std::string& path);
  const source_file& file(file_id id) const { return *files_.at(id); }
  std::size_t size() const { return files_.size(); }
  /// Every file, shared: for what keeps views of their texts after this manager is gone (a compiled knowledge base
  /// keeps its rules' ids and texts as views of the files they were read from).
  std::vector<std::shared_ptr<const source_file>> share() const { return {files_.begin(), files_.end()}; }

  /// `path:line:col` of the span's start.
  std::string describe(const source_span& span) const;
  /// The source line of the span with a caret line under it (tabs expanded, long lines trimmed).
  std::string snippet(const source_span& span) const;

 private:
  std::vector<std::shared_ptr<const source_file>> files_;
};

}  // namespace ddx::grammar
