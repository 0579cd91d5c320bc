// tests/support/block_store_test.cpp: runs handed out by a block_store stay where they are while it grows.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support/block_store.hpp"

namespace ddx::support {

TEST_SUITE("support.block_store") {
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

  TEST_CASE("absorbing another store keeps every run of both, and allocation goes on where it was") {
    block_store<std::string> mine, other;
    mine.reserve(8);
    const auto a = mine.allocate(3);
    a[0] = "mine, long enough to own heap memory";
    const auto b = other.allocate(5000);  // several blocks
    const auto c = other.allocate(700);
    b[4999] = "other's, long enough to own heap memory";
    c[0] = "other's last block";
    const std::size_t capacity = mine.capacity() + other.capacity();
    mine.absorb(std::move(other));
    CHECK(mine.capacity() == capacity);
    CHECK(other.capacity() == 0);
    const auto d = mine.allocate(5);  // fits in the rest of mine's reserved block: no new block
    CHECK(d.data() == a.data() + 3);
    CHECK(mine.capacity() == capacity);
    CHECK(a[0] == "mine, long enough to own heap memory");
    CHECK(b[4999] == "other's, long enough to own heap memory");
    CHECK(c[0] == "other's last block");
    block_store<int> empty;
    block_store<int> full;
    full.allocate(3)[2] = 7;
    empty.absorb(std::move(full));  // into a store with no block yet
    CHECK(empty.capacity() >= 3);
    CHECK(empty.allocate(1).size() == 1);
  }
}

}  // namespace ddx::support
