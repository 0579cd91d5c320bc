// tests/engine/block_store_test.cpp: runs handed out by a block_store stay where they are while it grows.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/block_store.hpp"

namespace ddx::engine {

TEST_SUITE("engine.block_store") {
  TEST_CASE("runs keep their place and contents while later runs take new blocks") {
    block_store<std::string> store;
    std::vector<std::span<std::string>> runs;
    for (std::size_t i = 0; i < 2000; ++i) {
      auto run = store.allocate(i % 5);
      for (std::size_t j = 0; j < run.size(); ++j) run[j] = std::to_string(i) + "/" + std::to_string(j) + " long enough to own heap memory";
      runs.push_back(run);
    }
    for (std::size_t i = 0; i < runs.size(); ++i) {
      CAPTURE(i);
      REQUIRE(runs[i].size() == i % 5);
      for (std::size_t j = 0; j < runs[i].size(); ++j)
        CHECK(runs[i][j] == std::to_string(i) + "/" + std::to_string(j) + " long enough to own heap memory");
    }
  }

  TEST_CASE("a run is value-initialised, an empty run is empty, and a run larger than any block fits") {
    block_store<int> store;
    CHECK(store.allocate(0).empty());
    const auto big = store.allocate(100000);
    REQUIRE(big.size() == 100000);
    CHECK(big.front() == 0);
    CHECK(big.back() == 0);
    store.reserve(10);
    const auto small = store.allocate(10);
    CHECK(small.size() == 10);
    CHECK(small.data() != big.data());
  }

  TEST_CASE("outgrowing a reservation takes a block of a fraction of it, not of twice it") {
    block_store<int> store;
    store.reserve(160000);
    CHECK(store.capacity() == 160000);
    for (int i = 0; i < 160000; ++i) store.allocate(1);
    CHECK(store.capacity() == 160000);
    const auto over = store.allocate(3);  // the estimate fell 3 short
    CHECK(over.size() == 3);
    CHECK(store.capacity() == 160000 + 10000);
    // Later blocks double from there, as without a reservation.
    for (int i = 0; i < 10000; ++i) store.allocate(1);
    CHECK(store.capacity() == 160000 + 10000 + 20000);
  }

  TEST_CASE("moving the store keeps every run valid") {
    block_store<std::string> store;
    const auto run = store.allocate(3);
    run[1] = "kept across the move of its store";
    block_store<std::string> moved = std::move(store);
    CHECK(run[1] == "kept across the move of its store");
    CHECK(moved.allocate(1).size() == 1);
  }
}

}  // namespace ddx::engine
