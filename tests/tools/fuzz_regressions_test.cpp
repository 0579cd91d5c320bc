// tests/tools/fuzz_regressions_test.cpp: every input kept in tests/fuzz/regressions/ goes through the fuzzers' code
// paths again (rule files: load, check, compile, format; cases: read, resolve, diagnose) without crashing.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/kb.hpp"
#include "grammar/parser.hpp"
#include "grammar/unparse.hpp"
#include "tools/json/case_io.hpp"
#include "tools/json/result_io.hpp"

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<fs::path> regressions(const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(DDX_SOURCE_DIR) / "tests/fuzz/regressions"))
    if (e.path().extension() == ext) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_SUITE("tools.fuzz_regressions") {
  TEST_CASE("fuzz regressions load without crashing: rule files") {
    const auto files = regressions(".ddx");
    REQUIRE(!files.empty());
    for (const auto& p : files) {
      CAPTURE(p.filename().string());
      const std::string text = slurp(p);
      auto loaded = ddx::engine::load_texts({{p.filename().string(), text}});
      const std::string rendered = ddx::grammar::format_diagnostics(loaded.diags, loaded.sources);
      // Every one of these files is broken on purpose: it must be reported, never accepted silently.
      CHECK(loaded.diags.has_errors());
      CHECK(!rendered.empty());
      CHECK(!loaded.kb);
    }
  }

  TEST_CASE("fuzz regressions load without crashing: cases are rejected with a reason") {
    const auto kb_loaded = ddx::engine::load({std::string(DDX_SOURCE_DIR) + "/kb"});
    REQUIRE(kb_loaded.kb);
    for (const auto& p : regressions(".json")) {
      CAPTURE(p.filename().string());
      auto read = ddx::tools::read_case(slurp(p), *kb_loaded.kb);
      CHECK(!read.resolved);
      REQUIRE(!read.errors.empty());
      CHECK(!ddx::tools::format_case_issues("case.json", read.errors).empty());
    }
  }
}
