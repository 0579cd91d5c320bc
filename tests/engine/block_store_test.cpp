// tests/engine/block_store_test.cpp: runs handed out by a block_store stay where they are while it grows.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/block_store.hpp"
#include "engine/kb.hpp"
#include "engine/compile/network.hpp"
#include "engine/model.hpp"

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

TEST_SUITE("engine.rule_storage") {
  TEST_CASE("each source text is stored once, and its views survive growth and moves") {
    rule_storage parts;
    const std::string_view a = parts.source_text("seeds/itbs.md: diagnosis, long enough to own heap memory");
    CHECK(parts.source_text(std::string("seeds/itbs.md: diagnosis, long enough to own heap memory")).data() == a.data());
    std::vector<std::string_view> views;
    for (int i = 0; i < 5000; ++i) views.push_back(parts.source_text("source " + std::to_string(i % 700)));
    CHECK(parts.distinct_sources() == 701);
    CHECK(parts.source_text("seeds/itbs.md: diagnosis, long enough to own heap memory").data() == a.data());
    CHECK(parts.source_text("").empty());
    rule_storage moved = std::move(parts);
    CHECK(a == "seeds/itbs.md: diagnosis, long enough to own heap memory");
    for (int i = 0; i < 5000; ++i) CHECK(views[i] == "source " + std::to_string(i % 700));
    CHECK(moved.source_text("source 5").data() == views[5].data());
  }

  TEST_CASE("rules of a loaded knowledge base that cite the same source share one copy") {
    const auto r = load_texts({{"k.ddx", "knowledge_base \"k\"\n  version \"1\"\n  regions knee\n"
                                         "finding knee.pain symptom \"knee pain\"\nfinding knee.swelling sign \"swelling\"\n"
                                         "condition c \"C\"\n  region knee\n  prior common\n  source \"seed.md: a\"\n"
                                         "rule r1 \"x\"\n  when knee.pain\n  then for c weak\n  source \"seed.md: a\"\n"
                                         "rule r2 \"y\"\n  when knee.swelling\n  then for c weak\n  source \"seed.md: b\"\n  source \"seed.md: a\"\n"}},
                              {.lints = false});
    REQUIRE(r.kb.has_value());
    const model& m = r.kb->impl().m;
    REQUIRE(m.rules.size() == 2);
    CHECK(m.rule_parts.distinct_sources() == 2);
    REQUIRE(m.rules[1].sources.size() == 2);
    CHECK(m.rules[1].sources[0] == "seed.md: b");
    CHECK(m.rules[1].sources[1].data() == m.rules[0].sources[0].data());
  }
}

}  // namespace ddx::engine
