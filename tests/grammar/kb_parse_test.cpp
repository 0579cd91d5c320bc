// tests/grammar/kb_parse_test.cpp: every bundled kb/**/*.ddx parses without a syntax error.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/parse_text.hpp"

TEST_SUITE("grammar.kb") {

TEST_CASE("every bundled knowledge base file parses without syntax errors") {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(DDX_SOURCE_DIR "/kb")) {
    if (entry.path().extension() != ".ddx") continue;
    ++files;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto p = ddx::test::parse_text(text.str(), entry.path().string());
    CAPTURE(entry.path().string());
    CHECK(p.rendered == "");
    CHECK_FALSE(p.file.decls.empty());
  }
  CHECK(files > 0);
}

}
