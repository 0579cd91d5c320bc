// tests/engine/interner_test.cpp: the name interner: add, duplicates, lookups across growth.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/ids.hpp"

namespace ddx::engine {

TEST_SUITE("engine.interner") {
  TEST_CASE("a declared name is found with its kind and index and an unknown one is not") {
    interner names;
    CHECK(names.add("knee.pain", {node_kind::finding, 3}));
    CHECK(names.add("itbs", {node_kind::condition, 0}));
    const struct {
      const char* name;
      bool found;
      node_kind kind;
      std::uint32_t index;
    } table[] = {{"knee.pain", true, node_kind::finding, 3}, {"itbs", true, node_kind::condition, 0},
                 {"knee", false, {}, 0},                     {"", false, {}, 0}};
    for (const auto& row : table) {
      CAPTURE(row.name);
      const auto ref = names.find(row.name);
      REQUIRE(ref.has_value() == row.found);
      if (!row.found) continue;
      CHECK(ref->kind == row.kind);
      CHECK(ref->index == row.index);
    }
    CHECK(names.size() == 2);
  }

  TEST_CASE("adding a name twice fails and keeps the first meaning") {
    interner names;
    CHECK(names.add("x", {node_kind::fact, 1}));
    CHECK_FALSE(names.add("x", {node_kind::rule, 2}));
    CHECK(names.find("x")->kind == node_kind::fact);
    CHECK(names.find("x")->index == 1);
    CHECK(names.size() == 1);
  }

  TEST_CASE("names of every length up to 40 that differ in one byte anywhere are told apart") {
    // Ids are hashed and compared from overlapping words: every byte position of every length must count.
    interner names;
    std::vector<std::string> all;
    for (std::size_t n = 0; n <= 40; ++n) {
      all.push_back(std::string(n, 'a'));
      for (std::size_t i = 0; i < n; ++i) {
        std::string x(n, 'a');
        x[i] = 'b';
        all.push_back(x);
      }
    }
    for (std::uint32_t k = 0; k < all.size(); ++k) REQUIRE(names.add(all[k], {node_kind::finding, k}));
    for (std::uint32_t k = 0; k < all.size(); ++k) {
      CAPTURE(all[k]);
      const auto ref = names.find(all[k]);
      REQUIRE(ref.has_value());
      CHECK(ref->index == k);
    }
    CHECK_FALSE(names.find(std::string(41, 'a')).has_value());
    CHECK_FALSE(names.find("c").has_value());
  }

  TEST_CASE("every name stays findable while the table grows, with or without a reservation") {
    for (const bool reserved : {false, true}) {
      CAPTURE(reserved);
      interner names;
      names.prefetch("rule_0");  // an empty table has no slot to fetch
      if (reserved) names.reserve(5000, 50000);
      for (std::uint32_t i = 0; i < 5000; ++i) REQUIRE(names.add("rule_" + std::to_string(i), {node_kind::rule, i}));
      CHECK(names.size() == 5000);
      for (std::uint32_t i = 0; i < 5000; ++i) {
        const auto ref = names.find("rule_" + std::to_string(i));
        REQUIRE(ref.has_value());
        CHECK(ref->index == i);
      }
      CHECK_FALSE(names.find("rule_5000").has_value());
      names.prefetch("rule_5000");  // a hint: nothing is added or changed
      names.prefetch("rule_1");
      CHECK(names.size() == 5000);
      CHECK_FALSE(names.find("rule_5000").has_value());
      const interner copy = names;
      CHECK(copy.find("rule_4999")->index == 4999);
    }
  }
}

}  // namespace ddx::engine
