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

  TEST_CASE("absorbing another storage keeps the views into both and stores each new text once") {
    rule_storage mine, other;
    const std::string_view shared_mine = mine.source_text("seeds/shared.md: a section, long enough to own heap memory");
    const std::string_view only_mine = mine.source_text("seeds/mine.md");
    const std::string_view shared_other = other.source_text("seeds/shared.md: a section, long enough to own heap memory");
    const std::string_view only_other = other.source_text("seeds/other.md: long enough to own heap memory as well");
    const auto effects = other.effects.allocate(2);
    effects[1].k = model_effect::kind::oppose;
    mine.absorb(std::move(other));
    CHECK(mine.distinct_sources() == 3);
    CHECK(shared_mine == "seeds/shared.md: a section, long enough to own heap memory");
    CHECK(shared_other == shared_mine);  // kept: the other storage's rules view their own copy
    CHECK(only_mine == "seeds/mine.md");
    CHECK(only_other == "seeds/other.md: long enough to own heap memory as well");
    CHECK(mine.source_text("seeds/other.md: long enough to own heap memory as well").data() == only_other.data());
    CHECK(mine.source_text("seeds/shared.md: a section, long enough to own heap memory").data() == shared_mine.data());
    CHECK(effects[1].k == model_effect::kind::oppose);
  }
}

}  // namespace ddx::engine
