// tests/engine/model_views_test.cpp: a model rule's id, text and weights as written are views (of the source text,
// or of the model's own storage when they do not read as written), and they outlive the load that made them.
#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/compile/network.hpp"
#include "engine/kb.hpp"

namespace ddx::engine {

namespace {

constexpr const char* header = R"(knowledge_base "t"
  version "1"
  regions knee
finding loc.lateral_knee location "Outer knee"
finding trig.downhill trigger "Downhill"
condition itbs "ITBS"
  region knee
  prior common
  source "s: itbs"
condition pfps "PFPS"
  region knee
  prior common
  source "s: pfps"
)";

/// Rules whose texts and weights read as written, and ones that do not (escapes, unusual blanks).
constexpr const char* rules = "rule r_plain \"lateral knee pain\"\n  when loc.lateral_knee\n  then for itbs lr 4.4, against pfps weak\n  source \"s: itbs\"\n"
                              "rule r_escaped \"knee \\\"runner\\\" pain\\tdownhill\"\n  when trig.downhill\n  then for itbs lr  3.25, for pfps lr\t1.5\n  source \"s: itbs\"\n";

bool inside(std::string_view part, std::string_view whole) {
  return !part.empty() && std::less_equal<>{}(whole.data(), part.data()) &&
         std::less_equal<>{}(part.data() + part.size(), whole.data() + whole.size());
}

const model_rule& rule_named(const compiled_kb& kb, std::string_view id) {
  for (const auto& r : kb.m.rules)
    if (r.id == id) return r;
  FAIL("no rule " << std::string(id));
  return kb.m.rules.front();
}

}  // namespace

TEST_SUITE("engine.model_views") {
  TEST_CASE("ids, texts and weights as written are views of the source where they read as written") {
    const std::string text = std::string(header) + rules;
    for (const std::size_t two_threads_from : {std::size_t{0}, SIZE_MAX}) {  // cut before a rule, or one thread
      CAPTURE(two_threads_from);
      load_options options;
      options.parse_on_two_threads_from = two_threads_from;
      const load_result r = load_texts({{"k.ddx", text}}, options);
      REQUIRE(r.kb.has_value());
      const compiled_kb& kb = r.kb->impl();
      REQUIRE(kb.m.source_files.size() == 1);
      const std::string_view source = kb.m.source_files[0]->text();
      CHECK(source.data() == r.sources.file(0).text().data());  // the same file, shared, not copied

      const model_rule& plain = rule_named(kb, "r_plain");
      CHECK(plain.text == "lateral knee pain");
      CHECK(inside(plain.id, source));
      CHECK(inside(plain.text, source));
      REQUIRE(plain.effects.size() == 2);
      CHECK(plain.effects[0].weight_text == "lr 4.4");
      CHECK(plain.effects[1].weight_text == "weak");
      CHECK(inside(plain.effects[0].weight_text, source));
      CHECK(inside(plain.effects[1].weight_text, source));

      // Escapes resolved and weights in their usual form: kept by the model, not viewed in the source.
      const model_rule& escaped = rule_named(kb, "r_escaped");
      CHECK(inside(escaped.id, source));
      CHECK(escaped.text == "knee \"runner\" pain\tdownhill");
      CHECK(!inside(escaped.text, source));
      REQUIRE(escaped.effects.size() == 2);
      CHECK(escaped.effects[0].weight_text == "lr 3.25");
      CHECK(escaped.effects[1].weight_text == "lr 1.5");
      CHECK(!inside(escaped.effects[0].weight_text, source));
    }
  }

  TEST_CASE("a knowledge base keeps its rules' texts after the load result that made it is gone") {
    std::optional<knowledge_base> kb;
    std::string before;
    {
      std::string text = std::string(header) + rules;
      load_result r = load_texts({{"k.ddx", std::move(text)}});
      REQUIRE(r.kb.has_value());
      kb = std::move(r.kb);
    }  // the load result, its source manager and the caller's text are gone: the model's views must not be
    std::vector<case_error> errors;
    const auto c = kb->resolve({std::nullopt, {"loc.lateral_knee", "trig.downhill"}, {}, {}}, errors);
    REQUIRE(c.has_value());
    diagnose_options options;
    options.trace = true;
    const diagnosis_result d = kb->diagnose(*c, options);
    REQUIRE(d.trace.size() == 2);
    std::vector<std::string> ids, effects;
    for (const auto& step : d.trace) {
      ids.push_back(step.rule_id);
      for (const auto& e : step.effects) effects.push_back(e);
    }
    CHECK(ids == std::vector<std::string>{"r_plain", "r_escaped"});
    REQUIRE(effects.size() == 4);
    CHECK(effects[0].starts_with("for itbs lr 4.4 ("));
    CHECK(effects[1].starts_with("against pfps weak ("));
    CHECK(effects[2].starts_with("for itbs lr 3.25 ("));
    CHECK(effects[3].starts_with("for pfps lr 1.5 ("));
    const auto why = kb->explain(*c, "itbs");
    REQUIRE(why.has_value());
    std::vector<std::string> texts;
    for (const auto& s : why->rules) texts.push_back(s.rule_id + ": " + s.text);
    CHECK(texts == std::vector<std::string>{"r_plain: lateral knee pain", "r_escaped: knee \"runner\" pain\tdownhill"});
  }
}

}  // namespace ddx::engine
