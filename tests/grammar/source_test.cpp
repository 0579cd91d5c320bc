// tests/grammar/source_test.cpp: offsets to line:col (CRLF, UTF-8), line text, snippets with carets.
#include <doctest/doctest.h>

#include <string>

#include "grammar/source.hpp"

using ddx::grammar::source_file;
using ddx::grammar::source_manager;
using ddx::grammar::source_span;

TEST_SUITE("grammar.source") {

TEST_CASE("offsets map to 1-based line and code-point column") {
  struct row {
    std::string text;
    std::uint32_t offset;
    std::uint32_t line, column;
  };
  const row rows[] = {
      {"abc\ndef", 0, 1, 1},
      {"abc\ndef", 2, 1, 3},
      {"abc\ndef", 3, 1, 4},
      {"abc\ndef", 4, 2, 1},
      {"abc\ndef", 6, 2, 3},
      {"abc\ndef", 99, 2, 4},
      {"ab\r\ncd", 4, 2, 1},
      {"ab\r\n\r\ncd", 6, 3, 1},
      {"caf\xC3\xA9 x", 6, 1, 6},
      {"\xE2\x86\x92\xE2\x86\x92x", 6, 1, 3},
      {"", 0, 1, 1},
  };
  for (const row& r : rows) {
    CAPTURE(r.text);
    CAPTURE(r.offset);
    source_file f("f.ddx", r.text);
    auto lc = f.location(r.offset);
    CHECK(lc.line == r.line);
    CHECK(lc.column == r.column);
  }
}

TEST_CASE("line text leaves out the line break, CRLF included") {
  source_file f("f.ddx", "one\r\ntwo\nthree");
  CHECK(f.line_count() == 3);
  CHECK(f.line_text(1) == "one");
  CHECK(f.line_text(2) == "two");
  CHECK(f.line_text(3) == "three");
  CHECK(f.line_text(4) == "");
}

TEST_CASE("describe gives path, line and column of the span start") {
  source_manager sm;
  auto id = sm.add("kb/knee.ddx", "rule a\n  when x\n");
  CHECK(sm.describe({id, 14, 15}) == "kb/knee.ddx:2:8");
}

TEST_CASE("snippet puts the caret under the span, with tabs expanded and UTF-8 as one column") {
  struct row {
    std::string text;
    source_span span;
    std::string expected;
  };
  const row rows[] = {
      {"when loc.lateral_kne and x", {0, 5, 20}, "when loc.lateral_kne and x\n     ^~~~~~~~~~~~~~~\n"},
      {"\twhen x", {0, 6, 7}, "    when x\n         ^\n"},
      {"a\tb", {0, 2, 3}, "a   b\n    ^\n"},
      {"\"caf\xC3\xA9\" x", {0, 8, 9}, "\"caf\xC3\xA9\" x\n       ^\n"},
      {"abc", {0, 3, 3}, "abc\n   ^\n"},
      {"ab\r\ncd", {0, 4, 6}, "cd\n^~\n"},
      {"abc def", {0, 4, 100}, "abc def\n    ^~~\n"},
  };
  for (const row& r : rows) {
    CAPTURE(r.text);
    source_manager sm;
    sm.add("f.ddx", r.text);
    CHECK(sm.snippet(r.span) == r.expected);
  }
}

TEST_CASE("a long line is trimmed around the caret") {
  std::string line = std::string(150, 'a') + " bad " + std::string(150, 'b');
  source_manager sm;
  sm.add("f.ddx", line);
  std::string expected = "..." + std::string(39, 'a') + " bad " + std::string(50, 'b') + "...\n" +
                         std::string(43, ' ') + "^~~\n";
  CHECK(sm.snippet({0, 151, 154}) == expected);
}

TEST_CASE("loading a missing file throws an I/O error, not a diagnostic") {
  source_manager sm;
  CHECK_THROWS_AS(sm.load("/nonexistent/dir/x.ddx"), std::runtime_error);
}

}
