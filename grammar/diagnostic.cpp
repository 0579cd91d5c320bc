// grammar/diagnostic.cpp: the diagnostics collector (sort, dedup, suppressions) and the text form.
#include "grammar/diagnostic.hpp"

#include <algorithm>
#include <tuple>

namespace ddx::grammar {

namespace detail {

bool same_labels(const std::vector<label>& a, const std::vector<label>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const label& x, const label& y) {
    return x.span == y.span && x.message == y.message;
  });
}

bool same_diagnostic(const diagnostic& a, const diagnostic& b) {
  return a.level == b.level && a.code == b.code && a.message == b.message && a.span == b.span &&
         a.hint == b.hint && same_labels(a.notes, b.notes) && a.fixes == b.fixes;
}

const std::string& path_of(const source_manager& sources, file_id id) {
  static const std::string none;
  return id < sources.size() ? sources.file(id).path() : none;
}

bool is_code_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

/// Byte index of the `#` that starts the line's comment, outside any string; npos when none.
std::size_t comment_start(std::string_view line) {
  bool in_string = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_string && c == '\\') {
      ++i;
    } else if (c == '"') {
      in_string = !in_string;
    } else if (c == '#' && !in_string) {
      return i;
    }
  }
  return std::string_view::npos;
}

/// True when the line carries `# ddx:allow CODE[, CODE]` naming `code`.
bool line_allows(std::string_view line, std::string_view code) {
  std::size_t hash = comment_start(line);
  if (hash == std::string_view::npos) return false;
  std::string_view rest = line.substr(hash + 1);
  std::size_t at = rest.find("ddx:allow");
  if (at == std::string_view::npos) return false;
  rest.remove_prefix(at + 9);
  while (!rest.empty()) {
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t' || rest.front() == ',')) rest.remove_prefix(1);
    std::size_t n = 0;
    while (n < rest.size() && is_code_char(rest[n])) ++n;
    if (n == 0) return false;
    if (rest.substr(0, n) == code) return true;
    rest.remove_prefix(n);
  }
  return false;
}

}  // namespace detail

std::vector<fix> replace_with_each(source_span span, const std::vector<std::string>& names) {
  std::vector<fix> out;
  out.reserve(names.size());
  for (const auto& n : names) out.push_back({"Replace with `" + n + "`", span, n});
  return out;
}

void diagnostics::report(diagnostic d) { items_.push_back(std::move(d)); }

void diagnostics::error(std::string code, source_span span, std::string message, std::string hint) {
  report({severity::error, std::move(code), std::move(message), span, {}, std::move(hint)});
}

void diagnostics::warning(std::string code, source_span span, std::string message, std::string hint) {
  report({severity::warning, std::move(code), std::move(message), span, {}, std::move(hint)});
}

bool diagnostics::has_errors() const { return error_count() > 0; }

std::size_t diagnostics::error_count() const {
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(), [](const diagnostic& d) { return d.level == severity::error; }));
}

std::size_t diagnostics::warning_count() const {
  return static_cast<std::size_t>(
      std::count_if(items_.begin(), items_.end(), [](const diagnostic& d) { return d.level == severity::warning; }));
}

void diagnostics::sort_and_dedup(const source_manager& sources) {
  std::stable_sort(items_.begin(), items_.end(), [&](const diagnostic& a, const diagnostic& b) {
    return std::forward_as_tuple(detail::path_of(sources, a.span.file), a.span.begin, a.level, a.code) <
           std::forward_as_tuple(detail::path_of(sources, b.span.file), b.span.begin, b.level, b.code);
  });
  std::vector<diagnostic> kept;
  for (auto& d : items_) {
    // Equal diagnostics share path and offset, so they sit together at the end of `kept`.
    bool seen = false;
    for (auto k = kept.rbegin(); k != kept.rend() && k->span.begin == d.span.begin && !seen; ++k) {
      seen = detail::same_diagnostic(*k, d);
    }
    if (!seen) kept.push_back(std::move(d));
  }
  items_ = std::move(kept);
}

void diagnostics::apply_suppressions(const source_manager& sources) {
  std::erase_if(items_, [&](const diagnostic& d) {
    if (d.level != severity::warning || d.span.file >= sources.size()) return false;
    const source_file& f = sources.file(d.span.file);
    return detail::line_allows(f.line_text(f.location(d.span.begin).line), d.code);
  });
}

const char* severity_name(severity s) {
  switch (s) {
    case severity::error: return "error";
    case severity::warning: return "warning";
    case severity::note: return "note";
  }
  return "error";
}

std::string format_diagnostic(const diagnostic& d, const source_manager& sources) {
  bool known = d.span.file < sources.size();
  std::string out = known ? sources.describe(d.span) + ": " : std::string();
  out += severity_name(d.level);
  out += ": " + d.message;
  if (!d.code.empty()) out += " [" + d.code + "]";
  out += "\n";
  if (known && !sources.file(d.span.file).text().empty()) out += sources.snippet(d.span);
  if (!d.hint.empty()) out += "hint: " + d.hint + "\n";
  for (const label& note : d.notes) {
    if (note.span.file < sources.size()) out += sources.describe(note.span) + ": ";
    out += "note: " + note.message + "\n";
  }
  return out;
}

std::string format_diagnostics(const diagnostics& ds, const source_manager& sources) {
  std::string out;
  for (const diagnostic& d : ds.all()) out += format_diagnostic(d, sources);
  return out;
}

}  // namespace ddx::grammar
