// tests/engine/csr_builder_test.cpp: the two-pass csr builders of engine/compile (count, start, add, finish).
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "engine/compile/csr_builder.hpp"

namespace ddx::engine::detail {
namespace {

/// "row: items | row: items", the whole table as one string.
std::string text(const csr& c) {
  std::string out;
  for (std::size_t r = 0; r + 1 < c.offsets.size(); ++r) {
    out += (r ? " | " : "") + std::to_string(r) + ":";
    for (auto i : c.row(r)) out += " " + std::to_string(i);
  }
  return out;
}

}  // namespace

TEST_SUITE("engine.csr_builder") {
  TEST_CASE("items land in their rows in the order they are added, as a vector per row would hold them") {
    const struct {
      std::size_t rows;
      std::vector<std::pair<std::size_t, std::uint32_t>> items;
      const char* expected;
    } table[] = {
        {0, {}, ""},
        {3, {}, "0: | 1: | 2:"},
        {3, {{2, 7}, {0, 5}, {2, 1}, {0, 9}}, "0: 5 9 | 1: | 2: 7 1"},
        {2, {{1, 4}, {1, 4}, {1, 3}}, "0: | 1: 4 4 3"},
    };
    for (const auto& row : table) {
      CAPTURE(row.expected);
      csr_builder b(row.rows);
      for (const auto& [r, i] : row.items) b.count(r);
      b.start();
      for (const auto& [r, i] : row.items) b.add(r, i);
      const csr c = b.finish();
      CHECK(text(c) == row.expected);
      CHECK(c.offsets.size() == row.rows + 1);
    }
  }

  TEST_CASE("the distinct builder keeps one of each run of equal items in a row and the same rows as csr::from_rows") {
    const std::vector<std::pair<std::size_t, std::uint32_t>> stream = {{0, 1}, {2, 1}, {0, 1}, {0, 2}, {2, 2},
                                                                        {2, 2}, {1, 3}, {0, 3}, {0, 3}};
    distinct_csr_builder b(3);
    std::size_t counted = 0;
    for (const auto& [r, i] : stream) counted += b.count(r, i) ? 1 : 0;
    b.start();
    for (const auto& [r, i] : stream) b.add(r, i);
    const csr c = b.finish();
    CHECK(counted == 6);
    CHECK(text(c) == "0: 1 2 3 | 1: 3 | 2: 1 2");
    CHECK(text(csr::from_rows({{1, 2, 3}, {3}, {1, 2}})) == text(c));
  }
}

}  // namespace ddx::engine::detail
