// tests/engine/rule_order_test.cpp: compiled rule order (level, then smallest finding read, then model index) and
// rule locations built on demand.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/compile/network.hpp"
#include "engine/kb.hpp"

namespace ddx::engine {
namespace {

const char* const ordered_kb = R"(knowledge_base "order"
  version "1"
  regions knee
finding a.x symptom "A"
finding b.x symptom "B"
finding c.x symptom "C"
condition k "K"
  region knee
  prior 0.1
fact f1 "one"
fact f2 "two"
rule r_f2 "reads f2, asserted at level 1"
  when f2 and a.x
  then for k moderate
rule r_c "reads c"
  when c.x
  then for k weak
rule r_f1 "asserts f2 from f1"
  when f1
  then assert f2
rule r_none "reads no finding"
  when not f1 or f1
  then for k weak
rule r_b "reads b and c"
  when c.x and b.x
  then assert f1
rule r_a "reads a"
  when a.x
  then for k weak
rule r_b2 "reads b"
  when b.x
  then for k weak
)";

TEST_SUITE("engine.rule_order") {
  TEST_CASE("rules run by level, then by the smallest finding they read, then in declaration order") {
    const auto r = load_texts({{"order.ddx", ordered_kb}}, {.lints = false});
    REQUIRE(r.kb);
    const compiled_kb& kb = r.kb->impl();
    std::vector<std::string> got;
    for (rule_id i = 0; i < kb.rules.size(); ++i) got.push_back(std::string(kb.rule_id_of(i)) + "@" + std::to_string(kb.hot[i].level));
    const std::vector<std::string> expected{"r_a@0", "r_b@0", "r_b2@0", "r_c@0", "r_f1@1", "r_none@1", "r_f2@2"};
    CHECK(got == expected);
  }

  TEST_CASE("a compiled rule's location is the path and line of its rule keyword") {
    const auto r = load_texts({{"order.ddx", ordered_kb}}, {.lints = false});
    REQUIRE(r.kb);
    const struct {
      const char* id;
      const char* location;
    } table[] = {{"r_f2", "order.ddx:12"}, {"r_c", "order.ddx:15"}, {"r_b2", "order.ddx:30"}};
    for (const auto& row : table) {
      CAPTURE(row.id);
      std::string found;
      for (rule_id i = 0; i < r.kb->rule_count(); ++i)
        if (r.kb->impl().rule_id_of(i) == row.id) found = r.kb->rule_location(i);
      CHECK(found == row.location);
    }
  }
}

}  // namespace
}  // namespace ddx::engine
