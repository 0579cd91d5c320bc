// tests/grammar/golden_test.cpp: tests/golden/diagnostics/syntax_*.ddx against their exact .stderr (DDX_BLESS=1 rewrites).
#include <doctest/doctest.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/kb.hpp"
#include "golden_check.hpp"
#include "support/parse_text.hpp"

namespace {

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// (line, code) pairs from `# ~ CODE` (this line) and `# ~v CODE` (next line) markers.
std::set<std::pair<std::uint32_t, std::string>> markers(const std::string& text) {
  std::set<std::pair<std::uint32_t, std::string>> out;
  std::istringstream in(text);
  std::uint32_t line = 0;
  for (std::string s; std::getline(in, s);) {
    ++line;
    for (auto [tag, shift] : {std::pair{"# ~v ", 1u}, std::pair{"# ~ ", 0u}}) {
      auto at = s.find(tag);
      std::string code = at == std::string::npos ? "" : s.substr(at + std::strlen(tag), 4);
      if (code.size() == 4 && (code[0] == 'E' || code[0] == 'W') && std::isdigit(static_cast<unsigned char>(code[1]))) {
        out.insert({line + shift, code});
      }
    }
  }
  return out;
}

/// Each fix of each diagnostic: `LINE:COL-LINE:COL CODE "TITLE" -> "REPLACEMENT"` (line breaks as `\n`; empty when
/// none has a fix).
std::string render_fixes(const ddx::grammar::diagnostics& ds, const ddx::grammar::source_manager& sources) {
  std::string out;
  for (const auto& d : ds.all()) {
    for (const auto& f : d.fixes) {
      const auto& file = sources.file(f.span.file);
      auto a = file.location(f.span.begin), b = file.location(f.span.end);
      std::string replacement;
      for (char c : f.replacement) replacement += c == '\n' ? std::string("\\n") : std::string(1, c);
      out += std::to_string(a.line) + ":" + std::to_string(a.column) + "-" + std::to_string(b.line) + ":" +
             std::to_string(b.column) + " " + d.code + " \"" + f.title + "\" -> \"" + replacement + "\"\n";
    }
  }
  return out;
}

}  // namespace

using ddx::test::bless_requested;
using ddx::test::check_golden;

TEST_SUITE("grammar.golden") {

TEST_CASE("syntax error goldens match their .stderr exactly and their inline markers") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(DDX_GOLDEN_DIR) / "diagnostics";
  const bool bless = bless_requested();
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const fs::path& path = entry.path();
    if (path.extension() != ".ddx" || path.filename().string().rfind("syntax_", 0) != 0) continue;
    ++count;
    std::string text = read(path);
    auto p = ddx::test::parse_text(text, "diagnostics/" + path.filename().string());
    fs::path golden = path;
    check_golden(golden.replace_extension(".stderr"), p.rendered, bless);
    check_golden(golden.replace_extension(".fixes"), render_fixes(p.diags, p.sources), bless);
    CAPTURE(path.string());
    std::set<std::pair<std::uint32_t, std::string>> found;
    for (const auto& d : p.diags.all()) found.insert({p.sources.file(0).location(d.span.begin).line, d.code});
    CHECK(found == markers(text));
  }
  CHECK(count >= 3);
}

TEST_CASE("checker goldens (check_*.ddx, one knowledge base each) match their .stderr and .fixes") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(DDX_GOLDEN_DIR) / "diagnostics";
  const bool bless = bless_requested();
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const fs::path& path = entry.path();
    if (path.extension() != ".ddx" || path.filename().string().rfind("check_", 0) != 0) continue;
    ++count;
    const std::string text = read(path);
    auto r = ddx::engine::load_texts({{"diagnostics/" + path.filename().string(), text}});
    const std::string rendered = ddx::grammar::format_diagnostics(r.diags, r.sources);
    fs::path p = path;
    check_golden(p.replace_extension(".stderr"), rendered, bless);
    check_golden(p.replace_extension(".fixes"), render_fixes(r.diags, r.sources), bless);
    std::set<std::pair<std::uint32_t, std::string>> found;
    for (const auto& d : r.diags.all()) found.insert({r.sources.file(0).location(d.span.begin).line, d.code});
    CAPTURE(path.string());
    CHECK(found == markers(text));
  }
  CHECK(count >= 1);
}

}
