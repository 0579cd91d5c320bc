// tests/grammar/suggest_test.cpp: edit distance, closest names and the did-you-mean text.
#include <doctest/doctest.h>

#include "grammar/suggest.hpp"

using namespace ddx::grammar;

TEST_SUITE("grammar.suggest") {

TEST_CASE("edit distance counts insertions, deletions, substitutions and adjacent swaps") {
  struct row {
    const char* a;
    const char* b;
    std::size_t d;
  };
  const row rows[] = {{"", "", 0},          {"abc", "abc", 0},       {"abc", "", 3},     {"strong", "strnog", 1},
                      {"source", "soruce", 1}, {"kitten", "sitting", 3}, {"when", "wen", 1}, {"ab", "ba", 1}};
  for (const row& r : rows) {
    CAPTURE(r.a);
    CAPTURE(r.b);
    CHECK(edit_distance(r.a, r.b) == r.d);
    CHECK(edit_distance(r.b, r.a) == r.d);
  }
}

TEST_CASE("closest names keeps close candidates, best first, at most three") {
  std::vector<std::string> weights{"weak", "moderate", "strong", "decisive", "lr"};
  CHECK(closest_names("strnog", weights) == std::vector<std::string>{"strong"});
  CHECK(closest_names("zzzzzz", weights).empty());
  std::vector<std::string> ids{"loc.lateral_knee", "loc.lateral_hip", "loc.medial_knee", "sym.swelling"};
  CHECK(closest_names("loc.lateral_kne", ids) == std::vector<std::string>{"loc.lateral_knee", "loc.lateral_hip"});
  CHECK(closest_names("lateral_knee", ids) == std::vector<std::string>{"loc.lateral_knee"});
  std::vector<std::string> many{"aaa1", "aaa2", "aaa3", "aaa4"};
  CHECK(closest_names("aaa", many).size() == 3);
}

TEST_CASE("did_you_mean joins one, two or three names") {
  CHECK(did_you_mean({}) == "");
  CHECK(did_you_mean({"a"}) == "did you mean `a`?");
  CHECK(did_you_mean({"a", "b"}) == "did you mean `a` or `b`?");
  CHECK(did_you_mean({"a", "b", "c"}) == "did you mean `a`, `b` or `c`?");
}

}
