// tests/engine/checker_rules_test.cpp: rules declared straight from the parser's rule sink give the model rules and
// the diagnostics that checking the whole tree gives, for rules of every shape.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/check/check.hpp"
#include "engine/kb.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/parser.hpp"

namespace ddx::engine::check {

namespace {

std::string text_of(const grammar::source_span& s) {
  return std::to_string(s.file) + ":" + std::to_string(s.begin) + "-" + std::to_string(s.end);
}

std::string dump(const model_expr& e) {
  std::string out = "(" + std::to_string(static_cast<int>(e.k)) + " ref=" + std::to_string(e.ref) +
                    " op=" + std::to_string(static_cast<int>(e.op)) + " number=" + std::to_string(e.number) +
                    " n=" + std::to_string(e.n) + " " + text_of(e.span) + " " + text_of(e.number_span) + " " +
                    text_of(e.name_span);
  for (const auto& c : e.children) out += " " + dump(c);
  return out + ")";
}

/// Everything a model rule holds, as text.
std::string dump(const model_rule& r) {
  std::string out = std::string(r.id) + " \"" + std::string(r.text) + "\" " + text_of(r.span) + " " + text_of(r.id_span) + "\n  when " + dump(r.when);
  for (const auto& e : r.effects)
    out += "\n  effect " + std::to_string(static_cast<int>(e.k)) + " target=" + std::to_string(e.target) +
           " lr=" + std::to_string(e.lr) + " `" + std::string(e.weight_text) + "` " + text_of(e.span) + " " + text_of(e.target_span);
  for (const auto& s : r.sources) out += "\n  source \"" + std::string(s) + "\"";
  return out + "\n";
}

struct outcome {
  std::string rules;        ///< dump of every model rule, in order
  std::string diagnostics;  ///< every diagnostic, rendered
};

outcome finish(checker& c, grammar::diagnostics& diags, const grammar::source_manager& sources) {
  outcome out;
  if (const std::optional<model> m = c.finish(true))
    for (const auto& r : m->rules) out.rules += dump(r);
  diags.sort_and_dedup(sources);
  out.diagnostics = grammar::format_diagnostics(diags, sources);
  return out;
}

/// Rules from the rule sink (declared and let go), the rest moved to the checker.
outcome streamed(const std::string& text) {
  grammar::source_manager sources;
  const auto id = sources.add("k.ddx", text);
  grammar::diagnostics diags;
  checker c(sources, diags);
  grammar::parse_each(
      sources, id, diags, [&](grammar::ast::declaration&& d) { c.add(std::move(d)); },
      [&](const grammar::ast::rule_decl& d) { c.add_rule(d); });
  return finish(c, diags, sources);
}

/// The whole tree first, then check(files).
outcome whole(const std::string& text) {
  grammar::source_manager sources;
  const auto id = sources.add("k.ddx", text);
  grammar::diagnostics diags;
  std::vector<grammar::ast::file> files{grammar::parse(sources, id, diags)};
  checker c(sources, diags);
  for (const auto& d : files[0].decls) c.add(d);
  return finish(c, diags, sources);
}

constexpr const char* header = R"(knowledge_base "k"
  version "1"
  regions knee
value age "Age"
  range 0 to 120
finding knee.pain symptom "knee pain"
finding knee.swelling sign "swelling"
finding knee.locking sign "locking"
condition itbs "ITBS"
  region knee
  prior common
  source "s"
condition pfps "PFPS"
  region knee
  prior rare
  source "s"
fact overuse "overuse"
fact loaded "loaded"
flag urgent "urgent"
  level urgent_care
test t1
  present knee.pain
  expect itbs first
)";

}  // namespace

TEST_SUITE("engine.checker_rules") {
  TEST_CASE("rules declared from the rule sink give the model rules and diagnostics of the whole tree") {
    const struct {
      const char* what;
      const char* rules;
      bool clean;
    } table[] = {
        {"every shape of when, every effect, several sources",
         "rule r1 \"all\"\n  when at least 2 of (knee.pain, not knee.swelling, age >= 40, (overuse or knee.locking) and age < 3)\n"
         "  then for itbs strong, against pfps lr 0.5, assert loaded, raise urgent\n  source \"a\"\n  source \"b \\\"q\\\"\"\n"
         "rule r2 \"small after large\"\n  when knee.pain\n  then for itbs lr 4.4\n  source \"s\"\n"
         "rule r3 \"no source\"\n  when age != 4 or not overuse\n  then against itbs weak\n"
         "rule r4 \"comparisons\"\n  when age <= 1 or age > 2 or age = 3\n  then for pfps decisive, for itbs moderate\n  source \"s\"\n",
         true},
        {"unknown names, wrong kinds", "rule r1 \"x\"\n  when knee.pian and overuse and itbs\n  then for itsb lr 3, assert knee.pain\n  source \"s\"\n"
                                        "rule r2 \"y\"\n  when age\n  then raise itbs\n",
         false},
        {"bad likelihood ratios", "rule r1 \"x\"\n  when knee.pain\n  then for itbs lr 0.5, against pfps lr 2\n  source \"s\"\n"
                                  "rule r2 \"y\"\n  when knee.swelling\n  then for itbs lr 1\n",
         false},
        {"duplicate rule ids and a cycle", "rule r1 \"x\"\n  when overuse\n  then assert overuse\nrule r1 \"y\"\n  when knee.pain\n  then for itbs weak\n",
         false},
        {"a syntax error hides what declaring found", "rule r1 \"x\"\n  when knee.pain\n  then for itbs lr 0.5\nrule r2 \"y\"\n  when knee.pain or\n  then for itbs weak\n",
         false},
    };
    for (const auto& row : table) {
      CAPTURE(std::string(row.what));
      const std::string text = std::string(header) + row.rules;
      const outcome s = streamed(text), w = whole(text);
      CHECK(s.rules == w.rules);
      CHECK(s.diagnostics == w.diagnostics);
      CHECK(s.rules.empty() == !row.clean);
      CAPTURE(s.diagnostics);
      CHECK((s.diagnostics.find("error") == std::string::npos) == row.clean);
    }
  }
}

}  // namespace ddx::engine::check

namespace ddx::engine {

TEST_SUITE("engine.checker_rules") {
  TEST_CASE("a load declares rules from the rule sink and compiles what a load that keeps the trees compiles") {
    const std::string text = std::string(check::header) +
                             "rule r1 \"x\"\n  when at least 1 of (knee.pain, age > 30)\n  then for itbs lr 3, raise urgent\n  source \"s\"\n"
                             "rule r2 \"y\"\n  when not knee.swelling\n  then against pfps weak\n  source \"s\"\n";
    const auto plain = load_texts({{"k.ddx", text}});
    load_options keep;
    keep.keep_syntax_trees = true;
    const auto kept = load_texts({{"k.ddx", text}}, keep);
    REQUIRE(plain.kb.has_value());
    REQUIRE(kept.kb.has_value());
    CHECK(plain.kb->rule_count() == 2);
    CHECK(kept.kb->rule_count() == plain.kb->rule_count());
    CHECK(grammar::format_diagnostics(plain.diags, plain.sources) == grammar::format_diagnostics(kept.diags, kept.sources));
  }
}

}  // namespace ddx::engine
