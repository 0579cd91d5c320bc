// tests/engine/checker_test.cpp: checking declarations as they are parsed gives what checking the whole tree gives;
// a load keeps syntax trees only when asked.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/check/check.hpp"
#include "engine/kb.hpp"
#include "grammar/diagnostic.hpp"
#include "grammar/parser.hpp"

namespace ddx::engine::check {

namespace {

/// Codes and positions of every diagnostic, sorted: what a user sees, without the wording.
std::string summary(grammar::diagnostics& d, const grammar::source_manager& sources) {
  d.sort_and_dedup(sources);
  std::string out;
  for (const auto& x : d.all()) out += x.code + "@" + sources.describe(x.span) + " ";
  return out;
}

struct outcome {
  bool has_model = false;
  std::size_t rules = 0;
  std::string diagnostics;
};

outcome streamed(const std::string& text) {
  grammar::source_manager sources;
  const auto id = sources.add("k.ddx", text);
  grammar::diagnostics diags;
  checker c(sources, diags);
  c.reserve(grammar::count_declaration_lines(text));
  grammar::parse_each(sources, id, diags, [&](grammar::ast::declaration&& d) { c.add(std::move(d)); });
  auto m = c.finish(true);
  return {m.has_value(), m ? m->rules.size() : 0, summary(diags, sources)};
}

outcome whole(const std::string& text) {
  grammar::source_manager sources;
  const auto id = sources.add("k.ddx", text);
  grammar::diagnostics diags;
  std::vector<grammar::ast::file> files{grammar::parse(sources, id, diags)};
  std::optional<model> m;
  if (!diags.has_errors()) m = check(sources, files, diags, true);
  return {m.has_value(), m ? m->rules.size() : 0, summary(diags, sources)};
}

constexpr const char* header = R"(knowledge_base "k"
  version "1"
  regions knee
finding knee.pain symptom "knee pain"
finding knee.swelling sign "swelling"
condition itbs "ITBS"
  region knee
  prior common
  source "s"
fact overuse "overuse"
test t1
  present knee.pain
  expect itbs first
)";

}  // namespace

TEST_SUITE("engine.checker") {
  TEST_CASE("streamed and whole-tree checks agree on the model and on every diagnostic") {
    const struct {
      const char* what;
      std::string rules;
      const char* code;  ///< the error the row must produce ("" for none)
    } table[] = {
        {"clean, with a forward reference to a later fact", "rule r1 \"x\"\n  when overuse_late\n  then for itbs lr 3\n  source \"s\"\n"
                                                           "fact overuse_late \"late\"\nrule r2 \"y\"\n  when knee.pain\n  then assert overuse_late\n  source \"s\"\n", ""},
        {"unknown names in when and then", "rule r1 \"x\"\n  when knee.pian and overuse\n  then for itsb lr 3\n  source \"s\"\n", "E201"},
        {"unknown names in unless", "rule r1 \"x\"\n  when knee.pain\n  unless knee.swelin or overuse_x\n  then for itbs lr 3\n  source \"s\"\n", "E201"},
        {"a clean unless reading a later fact", "rule r1 \"x\"\n  when knee.pain\n  unless overuse_late\n  then for itbs lr 3\n  source \"s\"\n"
                                                "fact overuse_late \"late\"\nrule r2 \"y\"\n  when knee.swelling\n  then assert overuse_late\n  source \"s\"\n", ""},
        {"a name of the wrong kind", "rule r1 \"x\"\n  when itbs\n  then for itbs strong\n  source \"s\"\n", "E208"},
        {"bad weights", "rule r1 \"x\"\n  when knee.pain\n  then for itbs lr 0.5\n  source \"s\"\nrule r2 \"y\"\n  when knee.swelling\n  then against itbs lr 2\n  source \"s\"\n", "E307"},
        {"a duplicate rule id", "rule r1 \"x\"\n  when knee.pain\n  then for itbs weak\n  source \"s\"\nrule r1 \"y\"\n  when knee.swelling\n  then for itbs weak\n  source \"s\"\n", "E202"},
        {"a cycle of facts", "fact a \"a\"\nfact b \"b\"\nrule r1 \"x\"\n  when a\n  then assert b\n  source \"s\"\nrule r2 \"y\"\n  when b\n  then assert a\n  source \"s\"\n", "E315"},
    };
    for (const auto& row : table) {
      CAPTURE(std::string(row.what));
      CAPTURE(row.code);
      const std::string text = std::string(header) + row.rules;
      const outcome s = streamed(text), w = whole(text);
      CHECK(s.diagnostics == w.diagnostics);
      CHECK(s.has_model == w.has_model);
      CHECK(s.rules == w.rules);
      const std::string code = row.code;
      CHECK(s.has_model == code.empty());
      CAPTURE(s.diagnostics);
      if (!code.empty()) CHECK(s.diagnostics.find(code + "@") != std::string::npos);
    }
  }

  TEST_CASE("after a syntax error nothing else is reported, not even what declaring found") {
    const std::string text = std::string(header) +
                             "rule r1 \"bad weight\"\n  when knee.pain\n  then for itbs lr 0.5\n  source \"s\"\n"
                             "rule r2 \"syntax error\"\n  when knee.pain and\n  then for itbs weak\n";
    const outcome s = streamed(text);
    CHECK_FALSE(s.has_model);
    CHECK(s.diagnostics.find("E307") == std::string::npos);
    CHECK(s.diagnostics.rfind("E1", 0) == 0);
    CHECK(s.diagnostics == whole(text).diagnostics);
  }
}

}  // namespace ddx::engine::check

namespace ddx::engine {

TEST_SUITE("engine.checker") {
  TEST_CASE("a load keeps the syntax trees only when asked, and compiles the same knowledge base either way") {
    const std::string text = std::string(check::header) +
                             "rule r1 \"x\"\n  when knee.pain and not knee.swelling\n  then for itbs lr 3\n  source \"s\"\n";
    const auto plain = load_texts({{"k.ddx", text}});
    load_options keep;
    keep.keep_syntax_trees = true;
    const auto kept = load_texts({{"k.ddx", text}}, keep);
    REQUIRE(plain.kb.has_value());
    REQUIRE(kept.kb.has_value());
    CHECK(plain.files.empty());
    REQUIRE(kept.files.size() == 1);
    CHECK(kept.files[0].decls.size() == 7);  // header, 2 findings, condition, fact, test, rule
    CHECK(kept.kb->rule_count() == plain.kb->rule_count());
    CHECK(kept.kb->info().digest == plain.kb->info().digest);
    CHECK(plain.diags.all().size() == kept.diags.all().size());
  }
}

}  // namespace ddx::engine
