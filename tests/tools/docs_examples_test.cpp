// tests/tools/docs_examples_test.cpp: the JSON examples in docs/json-contracts.md are exactly what ddx prints.
#include <doctest/doctest.h>

#include "tools_support.hpp"

using namespace ddx::tools::test;

namespace {

/// The first ```json block after `marker` in the text.
std::string json_block_after(const std::string& text, const std::string& marker) {
  const auto at = text.find(marker);
  if (at == std::string::npos) return {};
  const auto begin = text.find("```json\n", at);
  if (begin == std::string::npos) return {};
  const auto end = text.find("\n```", begin + 8);
  return text.substr(begin + 8, end - begin - 8) + "\n";
}

}  // namespace

TEST_SUITE("tools.docs") {
  TEST_CASE("the result and explanation examples in json-contracts.md match the program's output") {
    const std::string doc = read_file(std::string(DDX_SOURCE_DIR) + "/docs/json-contracts.md");
    struct row {
      std::string marker, args;
    };
    const row rows[] = {
        {"Example, run from the repository root",
         "diagnose tests/data/tools/cases/good.json --kb tests/data/tools/kb --format json"},
        {"Example (`ddx explain", "explain tests/data/tools/cases/good.json --kb tests/data/tools/kb --condition pfps --format json"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.args);
      const auto run = run_ddx(r.args, {}, DDX_SOURCE_DIR);
      CHECK(run.status == 0);
      CHECK(run.out == json_block_after(doc, r.marker));
    }
  }
}
