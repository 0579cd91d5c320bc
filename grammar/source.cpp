// grammar/source.cpp: source files in memory, offset -> line:col, and the snippet with its caret line.
#include "grammar/source.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ddx::grammar {

namespace detail {

constexpr std::size_t tab_width = 4;
constexpr std::size_t max_snippet_width = 100;  // display columns before a line is trimmed
constexpr std::size_t context_before = 40;      // columns kept before the caret in a trimmed line

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

/// One display column of a snippet line and the byte offset (in the line) it starts at.
struct cell {
  std::string text;
  std::size_t byte = 0;
};

/// Splits a line into display columns: a tab becomes spaces up to the next tab stop, a UTF-8
/// sequence is one column, a control character is shown as a space.
std::vector<cell> to_cells(std::string_view line) {
  std::vector<cell> cells;
  for (std::size_t i = 0; i < line.size();) {
    auto c = static_cast<unsigned char>(line[i]);
    if (c == '\t') {
      do {
        cells.push_back({" ", i});
      } while (cells.size() % tab_width != 0);
      ++i;
      continue;
    }
    std::size_t n = 1;
    while (i + n < line.size() && is_continuation(static_cast<unsigned char>(line[i + n]))) ++n;
    cells.push_back({c < 0x20 || c == 0x7F ? std::string(" ") : std::string(line.substr(i, n)), i});
    i += n;
  }
  return cells;
}

/// Index of the first cell at or after byte offset `byte` of the line.
std::size_t cell_at(const std::vector<cell>& cells, std::size_t byte) {
  auto it = std::lower_bound(cells.begin(), cells.end(), byte,
                             [](const cell& c, std::size_t b) { return c.byte < b; });
  return static_cast<std::size_t>(it - cells.begin());
}

}  // namespace detail

source_file::source_file(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {}

const std::vector<std::uint32_t>& source_file::line_starts() const {
  std::call_once(lines_once_, [this] {
    line_starts_.push_back(0);
    for (const char* p = text_.data(), *end = p + text_.size();
         (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)))) != nullptr;)
      line_starts_.push_back(static_cast<std::uint32_t>(++p - text_.data()));
  });
  return line_starts_;
}

std::uint32_t source_file::line_count() const { return static_cast<std::uint32_t>(line_starts().size()); }

line_col source_file::location(std::uint32_t offset) const {
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
  const auto& starts = line_starts();
  auto it = std::upper_bound(starts.begin(), starts.end(), offset);
  auto line = static_cast<std::uint32_t>(it - starts.begin());
  std::uint32_t column = 1;
  for (std::uint32_t i = starts[line - 1]; i < offset; ++i) {
    if (!detail::is_continuation(static_cast<unsigned char>(text_[i]))) ++column;
  }
  return {line, column};
}

std::string_view source_file::line_text(std::uint32_t line) const {
  const auto& starts = line_starts();
  if (line == 0 || line > starts.size()) return {};
  std::uint32_t begin = starts[line - 1];
  std::uint32_t end = line < starts.size() ? starts[line] : static_cast<std::uint32_t>(text_.size());
  std::string_view view(text_.data() + begin, end - begin);
  if (!view.empty() && view.back() == '\n') view.remove_suffix(1);
  if (!view.empty() && view.back() == '\r') view.remove_suffix(1);
  return view;
}

file_id source_manager::add(std::string path, std::string text) {
  files_.push_back(std::make_shared<const source_file>(std::move(path), std::move(text)));
  return static_cast<file_id>(files_.size() - 1);
}

file_id source_manager::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open `" + path + "`");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read `" + path + "`");
  return add(path, std::move(buffer).str());
}

std::string source_manager::describe(const source_span& span) const {
  if (span.file >= files_.size()) return "<unknown>";
  const source_file& f = *files_[span.file];
  line_col lc = f.location(span.begin);
  return f.path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

std::string source_manager::snippet(const source_span& span) const {
  if (span.file >= files_.size()) return {};
  const source_file& f = *files_[span.file];
  line_col lc = f.location(span.begin);
  std::string_view line = f.line_text(lc.line);
  auto line_begin = static_cast<std::size_t>(line.data() - f.text().data());
  auto cells = detail::to_cells(line);
  std::size_t begin = std::min<std::size_t>(span.begin, line_begin + line.size()) - line_begin;
  std::size_t end = std::clamp<std::size_t>(span.end, span.begin, line_begin + line.size()) - line_begin;
  std::size_t first = detail::cell_at(cells, begin);
  std::size_t last = std::max(first + 1, detail::cell_at(cells, end));
  std::size_t from = 0, to = cells.size();
  if (cells.size() > detail::max_snippet_width) {
    from = first > detail::context_before ? first - detail::context_before : 0;
    to = std::min(cells.size(), from + detail::max_snippet_width - 6);
    last = std::min(last, std::max(to, first + 1));
  }
  std::string text = from > 0 ? "..." : "";
  std::string caret(text.size(), ' ');
  for (std::size_t i = from; i < to; ++i) text += cells[i].text;
  if (to < cells.size()) text += "...";
  caret.append(first - from, ' ');
  caret += '^';
  caret.append(last - first - 1, '~');
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text + "\n" + caret + "\n";
}

}  // namespace ddx::grammar
