// tests/grammar/golden_test.cpp: tests/golden/diagnostics/syntax_*.ddx against their exact .stderr (DDX_BLESS=1 rewrites).
#include <doctest/doctest.h>

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

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

}  // namespace

TEST_SUITE("grammar.golden") {

TEST_CASE("syntax error goldens match their .stderr exactly and their inline markers") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(DDX_GOLDEN_DIR) / "diagnostics";
  const bool bless = std::getenv("DDX_BLESS") != nullptr && std::string(std::getenv("DDX_BLESS")) == "1";
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const fs::path& path = entry.path();
    if (path.extension() != ".ddx" || path.filename().string().rfind("syntax_", 0) != 0) continue;
    ++count;
    std::string text = read(path);
    auto p = ddx::test::parse_text(text, "diagnostics/" + path.filename().string());
    fs::path expected_path = path;
    expected_path.replace_extension(".stderr");
    if (bless) std::ofstream(expected_path, std::ios::binary) << p.rendered;
    CAPTURE(path.string());
    CHECK(p.rendered == read(expected_path));
    std::set<std::pair<std::uint32_t, std::string>> found;
    for (const auto& d : p.diags.all()) found.insert({p.sources.file(0).location(d.span.begin).line, d.code});
    CHECK(found == markers(text));
  }
  CHECK(count >= 3);
}

}
