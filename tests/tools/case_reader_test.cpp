// tests/tools/case_reader_test.cpp: read_case (the parser-event reader, tools/json/case_reader_fast.cpp, with its
// fallback) gives read_case_reference's outcome byte for byte: on random good cases of the bundled knowledge base, on
// each kind of bad case, and on those cases broken at random (cut short, a character replaced, a key repeated).
#include <doctest/doctest.h>

#include <random>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "../engine/bundled_kb_files.hpp"
#include "engine/compile/network.hpp"
#include "engine/kb.hpp"
#include "tools/json/case_io.hpp"
#include "tools/json/json_util.hpp"

using namespace ddx;

namespace {

const engine::knowledge_base& bundled() {
  static const engine::load_result loaded = engine::load_texts(engine::testing::read_bundled_kb());
  return *loaded.kb;
}

/// Everything a case_read carries, as text.
std::string shown(const tools::case_read& r) {
  std::string out = fmt::format("id={}\n", r.input.id.value_or("<none>"));
  for (const auto& f : r.input.present) out += "present " + f + "\n";
  for (const auto& f : r.input.absent) out += "absent " + f + "\n";
  for (const auto& [v, x] : r.input.values) out += fmt::format("value {} {}\n", v, x);
  if (r.resolved) {
    out += fmt::format("resolved {}\n", r.resolved->id);
    for (auto f : r.resolved->present) out += fmt::format(" +{}", f);
    for (auto f : r.resolved->absent) out += fmt::format(" -{}", f);
    for (const auto& [v, x] : r.resolved->values) out += fmt::format(" {}={}", v, x);
    out += "\n";
  }
  if (!r.errors.empty()) out += tools::dump_json(tools::case_issues_json(r.errors), false) + "\n";
  return out;
}

/// A random case, good or with the mistakes random_cases.py makes (an unknown id, a finding in both lists).
std::string random_case(std::mt19937& rng, int n) {
  const auto& kb = bundled();
  nlohmann::ordered_json c;
  if (n % 4 != 0) c["id"] = fmt::format("case-{}", n);
  if (n % 9 == 0) c["id"] = nullptr;
  auto pick = [&] { return kb.finding_id(static_cast<std::uint32_t>(rng() % kb.finding_count())); };
  nlohmann::ordered_json present = nlohmann::ordered_json::array(), absent = nlohmann::ordered_json::array();
  for (std::size_t i = 0, k = 1 + rng() % 10; i < k; ++i) present.push_back(pick());
  for (std::size_t i = 0, k = rng() % 5; i < k; ++i) absent.push_back(pick());
  if (n % 10 == 7) present.push_back(pick() + "_x");
  if (n % 3 != 1) c["absent"] = absent;  // keys in several orders
  c["present"] = present;
  if (n % 3 == 1) c["absent"] = absent;
  if (n % 2 == 0) {
    nlohmann::ordered_json values = nlohmann::ordered_json::object();
    for (const auto& v : kb.impl().m.values)
      if (rng() % 2) values[v.id] = (rng() % 3 == 0) ? nlohmann::ordered_json(static_cast<int>(rng() % 90)) :
                                                        nlohmann::ordered_json(v.low + (v.high - v.low) * (rng() % 100) / 99.0);
    c["values"] = values;
  }
  return c.dump(n % 5 == 0 ? 2 : -1);
}

}  // namespace

TEST_SUITE("tools.case_reader") {
  TEST_CASE("the event reader reads good cases as the reference does, and leaves every bad one to it") {
    const auto& kb = bundled();
    std::mt19937 rng(7);
    std::size_t fast = 0, compared = 0;
    const std::string breakers = "\"{}[],: 0a\\-.e";
    for (int n = 0; n < 1500; ++n) {
      const std::string text = random_case(rng, n);
      std::vector<std::string> variants{text};
      variants.push_back(text.substr(0, rng() % text.size()));  // cut short
      for (int k = 0; k < 4; ++k) {
        std::string broken = text;
        broken[rng() % broken.size()] = breakers[rng() % breakers.size()];
        variants.push_back(broken);
      }
      if (const auto at = text.find("\"present\""); at != std::string::npos)
        variants.push_back(text.substr(0, at) + "\"present\": [], " + text.substr(at));  // a key given twice
      for (const auto& v : variants) {
        CAPTURE(v);
        const auto reference = tools::read_case_reference(v, kb);
        const auto read = tools::read_case(v, kb);
        CHECK(shown(read) == shown(reference));
        const auto alone = tools::read_case_fast(v, kb);
        if (alone) {
          ++fast;
          CHECK(reference.errors.empty());
          CHECK(shown(*alone) == shown(reference));
        }
        ++compared;
      }
    }
    CHECK(compared >= 1500 * 6);
    CHECK(fast >= 800);  // most good cases take the event path
  }

  TEST_CASE("each kind of bad case goes to the reference, whose errors read_case returns") {
    const auto& kb = bundled();
    for (const char* text : {"", "[1]", "{\"presnt\": []}", "{\"id\": 5}", "{\"present\": \"a\"}", "{\"absent\": [1]}",
                             "{\"present\": [\"\"]}", "{\"present\": [\"sym.swelling_marked\", \"sym.swelling_marked\"]}",
                             "{\"present\": [\"sym.swelling_marked\"], \"absent\": [\"sym.swelling_marked\"]}",
                             "{\"present\": [\"itbs\"]}", "{\"values\": [1]}", "{\"values\": {\"agee\": 30}}",
                             "{\"values\": {\"age\": \"30\"}}", "{\"values\": {\"age\": 30, \"age\": 31}}",
                             "{\"values\": {\"age\": 1e400}}", "{\"id\": \"a\", \"id\": \"b\"}", "{} {}", "{\"id\": true}",
                             "{\"present\": [{}]}", "{\"present\": [[]]}", "null", "\"x\"", "{\"values\": {\"age\": {}}}",
                             "{\"id\": \"\\ud800\"}", "{\"present\": [\"sym.swelling_marked\"]"}) {
      CAPTURE(text);
      const auto reference = tools::read_case_reference(text, kb);
      CHECK_FALSE(reference.errors.empty());
      CHECK_FALSE(tools::read_case_fast(text, kb));
      CHECK(shown(tools::read_case(text, kb)) == shown(reference));
    }
  }
}
