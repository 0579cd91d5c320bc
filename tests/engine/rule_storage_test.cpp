// tests/engine/rule_storage_test.cpp: a model's rule parts: each source text stored once, views that survive growth,
// moves and absorbing another storage.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/compile/network.hpp"
#include "engine/kb.hpp"
#include "engine/model.hpp"

namespace ddx::engine {

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
