// tests/engine/two_thread_load_test.cpp: a knowledge base parsed on two threads (load_options::
// parse_on_two_threads_from) loads exactly as on one: the same diagnostics, network, rule places, sources and test
// results, wherever the cut falls, across files, with mistakes on either side of it.
#include <doctest/doctest.h>

#include <algorithm>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "engine/compile/dump.hpp"
#include "engine/compile/network.hpp"
#include "engine/kb.hpp"
#include "grammar/diagnostic.hpp"
#include "bundled_kb_files.hpp"

namespace ddx::engine {
namespace {

using testing::read_bundled_kb;
using testing::texts;

/// Everything a load gives that a caller can see, as text: diagnostics as printed, then (when it loaded) the
/// network, each rule's place, span, text and sources, and each test's outcome.
std::string observed(const load_result& r) {
  std::string out = grammar::format_diagnostics(r.diags, r.sources);
  if (!r.kb) return out + "(no knowledge base)\n";
  const compiled_kb& kb = r.kb->impl();
  out += dump_network(kb);
  for (rule_id i = 0; i < kb.rules.size(); ++i) {
    const model_rule& m = kb.model_rule_of(i);
    out += kb.rule_location(i) + " " + std::string(m.id) + " \"" + std::string(m.text) + "\" " + std::to_string(m.span.file) + ":" +
           std::to_string(m.span.begin) + "-" + std::to_string(m.span.end) + " id@" + std::to_string(m.id_span.begin);
    for (const auto& e : m.effects) out += " effect@" + std::to_string(e.span.begin);
    for (const auto s : m.sources) out += " [" + std::string(s) + "]";
    out += "\n";
  }
  for (const auto& t : r.kb->run_tests()) {
    out += t.id + " " + t.location + (t.passed ? " passed" : " failed");
    for (const auto& f : t.failures) out += " | " + f;
    out += "\n";
  }
  return out;
}

struct both {
  load_result one, two;
};

both load_both_ways(const texts& files, bool lints = true) {
  return {load_texts(files, {.lints = lints, .parse_on_two_threads_from = std::numeric_limits<std::size_t>::max()}),
          load_texts(files, {.lints = lints, .parse_on_two_threads_from = 0})};
}

/// A valid knowledge base of `rules` rules over `findings` findings, `padding` comment lines first (which moves
/// where the cut falls), with `mistake` (a declaration, or several) put in after rule number `mistake_after`.
std::string synthetic(std::size_t findings, std::size_t rules, std::size_t padding, const std::string& mistake = {},
                      std::size_t mistake_after = 0) {
  std::string t;
  for (std::size_t i = 0; i < padding; ++i) t += "# padding line " + std::to_string(i) + "\n";
  t += "knowledge_base \"synthetic\"\n  version \"1\"\n  regions knee\n";
  for (std::size_t i = 0; i < findings; ++i) t += "finding f" + std::to_string(i) + ".x symptom \"F" + std::to_string(i) + "\"\n";
  t += "condition c0 \"C0\"\n  region knee\n  prior common\n  source \"s: c0\"\n";
  t += "condition c1 \"C1\"\n  region knee\n  prior rare\n  source \"s: c1\"\n";
  t += "fact load \"Load\"\nflag clot \"Clot\"\n  level urgent_care\n";
  for (std::size_t i = 0; i < rules; ++i) {
    if (i == mistake_after) t += mistake;
    const std::string a = "f" + std::to_string(i % findings) + ".x", b = "f" + std::to_string((i * 7 + 3) % findings) + ".x";
    t += "rule r" + std::to_string(i) + " \"rule " + std::to_string(i) + "\"\n";
    if (i % 11 == 5) t += "  when " + a + " and not " + b + "\n  then assert load\n";
    else if (i % 13 == 7) t += "  when " + a + " and load\n  then raise clot\n";
    else t += "  when " + a + " or " + b + "\n  then for c" + std::to_string(i % 2) + (i % 3 ? " moderate" : " lr 2.5") + "\n";
    t += "  source \"s: section " + std::to_string(i % 4) + "\"\n";  // shared texts on both sides of the cut
  }
  t += "test t0 \"c0 first\"\n  present f0.x, f14.x\n  expect c0 in top 2\n";
  return t;
}

/// Checks that the two loads agree; how many diagnostics they gave.
std::size_t check_same(const texts& files, bool expect_two_threads, bool lints = true) {
  const auto [one, two] = load_both_ways(files, lints);
  CHECK(one.parse_threads == 1);
  CHECK(two.parse_threads == (expect_two_threads ? 2u : 1u));
  CHECK(observed(one) == observed(two));
  return one.diags.all().size();
}

}  // namespace

TEST_SUITE("engine.two_thread_load") {
  TEST_CASE("the bundled knowledge base loads the same on two threads, file by file and as one file") {
    const texts files = read_bundled_kb();
    REQUIRE(files.size() > 3);
    const auto [one, two] = load_both_ways(files);
    REQUIRE(one.kb);
    CHECK(two.parse_threads == 2);
    CHECK(observed(one) == observed(two));
    std::string joined;
    for (const auto& [path, text] : files)
      if (path.find("tests/") == std::string::npos) joined += text;  // the knowledge, one file (cut inside it)
    check_same({{"kb.ddx", joined}}, true, false);
  }

  TEST_CASE("wherever the cut falls in a valid file, nothing changes") {
    for (std::size_t padding = 0; padding < 60; padding += 3) {
      CAPTURE(padding);
      const std::string t = synthetic(30, 40, padding);
      const auto [one, two] = load_both_ways({{"s.ddx", t}});
      REQUIRE(one.kb);
      CHECK(two.parse_threads == 2);
      CHECK(observed(one) == observed(two));
    }
  }

  TEST_CASE("mistakes before and after the cut are reported as on one thread") {
    const std::vector<std::string> mistakes{
        // a rule id declared twice: the first in the earlier part, the copy in the later
        "rule r3 \"again\"\n  when f1.x\n  then for c0 weak\n",
        // a finding declared twice, and one declared late but read early
        "finding f2.x symptom \"F2 again\"\nfinding late.x symptom \"Late\"\n",
        // what turning a rule into a model rule reports: likelihood ratios on the wrong side of 1
        "rule bad_for \"x\"\n  when f1.x\n  then for c0 lr 0.5\nrule bad_against \"x\"\n  when f1.x\n  then against c1 lr 3\n",
        // unknown names, a fact that depends on itself, a rule without a source
        "rule u \"x\"\n  when nowhere.x\n  then for c9 weak\nrule loop \"x\"\n  when load\n  then assert load\n",
        "rule nosource \"x\"\n  when f4.x\n  then for c1 weak\n",
    };
    for (std::size_t m = 0; m < mistakes.size(); ++m)
      for (const std::size_t after : {std::size_t{1}, std::size_t{20}, std::size_t{39}}) {
        CAPTURE(m);
        CAPTURE(after);
        CHECK(check_same({{"s.ddx", synthetic(30, 40, 0, mistakes[m], after)}}, true) > 0);
      }
  }

  TEST_CASE("a syntax error on either side of the cut, or across it, is reported as a whole-file parse reports it") {
    const std::vector<std::string> broken{"rule broken \"no then\"\n  when f1.x\n", "rule \"no id\"\n  when f1.x\n  then for c0 weak\n",
                                          "finding\n", "rule s \"x\"\n  when (f1.x and\n  then for c0 weak\n"};
    for (std::size_t b = 0; b < broken.size(); ++b)
      for (std::size_t after = 0; after < 40; after += 4) {
        CAPTURE(b);
        CAPTURE(after);
        const auto [one, two] = load_both_ways({{"s.ddx", synthetic(30, 40, 0, broken[b], after)}});
        CHECK(one.diags.has_errors());
        CHECK_FALSE(two.kb);
        CHECK(two.parse_threads == 1);  // parsed again on one thread
        CHECK(observed(one) == observed(two));
      }
  }

  TEST_CASE("several files: the cut falls in one of them, or between them") {
    const std::string whole = synthetic(30, 40, 0);
    const std::size_t split_at = whole.find("\nrule r10 ") + 1;
    const std::string head = whole.substr(0, split_at), tail = whole.substr(split_at);
    check_same({{"a.ddx", head}, {"b.ddx", tail}}, true);
    check_same({{"a.ddx", head}, {"b.ddx", tail}, {"c.ddx", "# only a comment\n"}}, true);
    // A file with no declaration line after its middle goes whole into the earlier part.
    check_same({{"a.ddx", whole + std::string(20000, '#') + "\n"}, {"b.ddx", "finding extra.x symptom \"Extra\"\n"}}, true);
    // One file of one declaration: nothing to cut, one thread.
    check_same({{"a.ddx", "knowledge_base \"k\"\n  version \"1\"\n  regions knee\n"}}, false);
  }

  TEST_CASE("below the size limit the files are parsed on one thread") {
    const auto r = load_texts({{"s.ddx", synthetic(30, 40, 0)}});
    CHECK(r.kb);
    CHECK(r.parse_threads == 1);  // some kilobytes, far below the default megabyte
  }
}

}  // namespace ddx::engine
