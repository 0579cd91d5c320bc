// tests/grammar/rule_sink_test.cpp: rules handed over by reference (storage reused rule after rule) are the trees
// parse keeps; names, strings, blanks and numbers read by the hand-written loops give the trees they always gave.
#include <doctest/doctest.h>

#include <bit>
#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "grammar/ast_print.hpp"
#include "grammar/parser.hpp"
#include "support/parse_text.hpp"

namespace ddx::grammar {

namespace {

std::string spans(const source_span& s) { return std::to_string(s.begin) + "-" + std::to_string(s.end) + " "; }

/// Every span of an expression, depth first.
std::string spans(const ast::expr& e) {
  std::string out = spans(e.span) + spans(e.name.span) + spans(e.number.span);
  for (const auto& c : e.children) out += spans(c);
  return out;
}

/// Every span of a rule: what print() leaves out.
std::string spans(const ast::rule_decl& r) {
  std::string out = spans(r.span) + spans(r.id.span) + spans(r.text.span);
  if (r.when) out += spans(*r.when);
  for (const auto& e : r.effects) {
    out += spans(e.span) + spans(e.target.span);
    if (e.weight) out += spans(e.weight->span) + spans(e.weight->lr.span) + spans(e.weight->word.span);
  }
  for (const auto& s : r.sources) out += spans(s.span);
  return out;
}

struct outcome {
  std::string dump;
  std::string rule_spans;
  std::string diagnostics;
};

/// Parses `text` with the rule sink, copying each rule as it arrives.
outcome by_rule_sink(const std::string& text) {
  source_manager sources;
  const auto id = sources.add("k.ddx", text);
  diagnostics diags;
  ast::file f;
  f.id = id;
  outcome out;
  f.comments = parse_each(
      sources, id, diags, [&](ast::declaration&& d) { f.decls.push_back(std::move(d)); },
      [&](ast::rule_decl& r) {
        out.rule_spans += spans(r) + "\n";
        f.decls.emplace_back(r);
      });
  diags.sort_and_dedup(sources);
  out.dump = print(f);
  out.diagnostics = format_diagnostics(diags, sources);
  return out;
}

outcome by_parse(const std::string& text) {
  source_manager sources;
  const auto id = sources.add("k.ddx", text);
  diagnostics diags;
  const ast::file f = parse(sources, id, diags);
  outcome out;
  for (const auto& d : f.decls)
    if (const auto* r = std::get_if<ast::rule_decl>(&d)) out.rule_spans += spans(*r) + "\n";
  diags.sort_and_dedup(sources);
  out.dump = print(f);
  out.diagnostics = format_diagnostics(diags, sources);
  return out;
}

}  // namespace

TEST_SUITE("grammar.rule_sink") {
  TEST_CASE("rules handed over by reference, one after another, are the trees parse keeps, with the same errors") {
    // Each row's rules follow one another, so a rule that reuses the storage of a larger one shows any leftover.
    const struct {
      const char* what;
      const char* text;
    } table[] = {
        {"every shape, then smaller rules",
         "rule r1 \"all\"\n  when at least 2 of (a.b, not c.d, age >= 40, (e.f or g) and h.i)\n"
         "  then for x strong, against y lr 0.5, assert z, raise w\n  source \"s1\"\n  source \"s\\\"2\"\n"
         "rule r2 \"one\"\n  when a.b\n  then for x lr 4.4\n"
         "rule r3 \"compare\" when age < 3 or age != 4 then against x weak source \"s\"\n"},
        {"clauses in any order, comments anywhere",
         "rule r1 \"x\" # c1\n  then for x weak # c2\n  when a.b # c3\n   and age # c4\n   >= 40\n  source \"s\"\n"
         "fact f \"F\"\nrule r2 \"y\"\n\twhen\tnot\tf\r\n  then assert g\r\n"},
        {"a broken rule between good ones", "rule r1 \"x\"\n  when a.b and (c.d or e.f)\n  then for x weak\n  source \"a\"\n"
                                             "rule r2 \"broken\"\n  when a.b and\n  then for x weak\n"
                                             "rule r3 \"z\"\n  when g.h\n  then for x lr 2\n"},
        {"missing clauses and a repeated one", "rule r1 \"x\"\n  when a.b\nrule r2 \"y\"\n  then for x weak\n"
                                               "rule r3 \"z\"\n  when a.b\n  when c.d\n  then for x weak\n"
                                               "rule r4 \"w\"\n  when a.b\n  then for x weak\n"},
        {"a misspelt keyword after a rule", "rule r1 \"x\"\n  when a.b\n  then for x weak\nrul r2 \"y\"\nrule r3 \"z\"\n  when c.d\n  then raise q\n"},
        {"bad weights and names", "rule r1 \"x\"\n  when a.b\n  then for x strnog\nrule r2 \"y\"\n  when age >= old\n  then for x weak\n"
                                  "rule r3 \"z\"\n  when Age.x\n  then for x weak\nrule r4 \"w\"\n  when q.r\n  then for x lr 3\n"},
    };
    for (const auto& row : table) {
      CAPTURE(std::string(row.what));
      const outcome sink = by_rule_sink(row.text), whole = by_parse(row.text);
      CHECK(sink.dump == whole.dump);
      CHECK(sink.rule_spans == whole.rule_spans);
      CHECK(sink.diagnostics == whole.diagnostics);
      CHECK_FALSE(sink.dump.empty());
    }
  }

  TEST_CASE("the rule name hint hears each rule's id before the rule arrives, a broken rule's too, and changes nothing") {
    const std::string text = "rule r1 \"x\"\n  when a.b\n  then for x weak\n"
                             "rule r2 \"broken\"\n  when a.b and\n  then for x weak\n"
                             "finding a.b symptom \"A\"\n"
                             "rule r3 \"z\"\n  when g.h\n  then for x lr 2\n";
    source_manager sources;
    const auto id = sources.add("k.ddx", text);
    diagnostics diags;
    std::vector<std::string> events;
    parse_each(
        sources, id, diags, [&](ast::declaration&&) { events.push_back("declaration"); },
        [&](ast::rule_decl& r) { events.push_back("rule " + std::string(r.id.name)); },
        [&](std::string_view name) { events.push_back("hint " + std::string(name)); });
    CHECK(events == std::vector<std::string>{"hint r1", "rule r1", "hint r2", "declaration", "hint r3", "rule r3"});
    CHECK(diags.error_count() == 1);
    // The same file without a hint: the same rules and errors.
    diagnostics plain;
    std::vector<std::string> rules;
    parse_each(
        sources, id, plain, [](ast::declaration&&) {}, [&](ast::rule_decl& r) { rules.push_back(std::string(r.id.name)); });
    CHECK(rules == std::vector<std::string>{"r1", "r3"});
    CHECK(plain.error_count() == 1);
  }

  TEST_CASE("a name followed by an operator is a comparison, otherwise a reference, across blanks and comments") {
    const struct {
      std::string when;
      std::string dump;  ///< the `when` part of the rule's dump
    } table[] = {
        {"age>=40", "(when (>= age 40))"},
        {"age # why\n    <= 1.5", "(when (<= age 1.5))"},
        {"a.b", "(when a.b)"},
        {"a.b # note\n    and c", "(when (and a.b c))"},
        {"not age != -2", "(when (not (!= age -2)))"},
        {"(age = 3) or x.y", "(when (or (= age 3) x.y))"},
        {"at least 1 of (age > 0)", "(when (at_least 1 (> age 0)))"},
        {"ages", "(when ages)"},
    };
    for (const auto& row : table) {
      CAPTURE(row.when);
      const auto p = test::parse_text("rule r \"x\"\n  when " + row.when + "\n  then for c weak\n");
      CHECK(p.rendered == "");
      CHECK(p.dump == "(rule r \"x\" " + row.dump + " (then (for c weak)))\n");
    }
  }

  TEST_CASE("a comment read while looking for an operator is kept once") {
    const auto p = test::parse_text("rule r \"x\"\n  when a.b # one\n  then for c weak\n");
    REQUIRE(p.file.comments.size() == 1);
    CHECK(p.file.comments[0].text == " one");
  }

  TEST_CASE("numbers have the value from_chars gives them, bit for bit") {
    std::vector<std::string> numbers{"0", "-0", "4.4", "0.1", "0.3", "2.675", "-1.5", "1e0", "123456789012345",
                                     "1234567890123456", "12345678901234567890", "9007199254740993",
                                     "0.000000000000001", "0.0000000000000001", "99999999999999.9", "1.7976931348623157",
                                     "0.30000000000000004", "007", "-000.000"};
    std::uint64_t state = 20261123;
    for (int i = 0; i < 2000; ++i) {  // random spellings of 1 to 18 digits, a point anywhere
      state = state * 6364136223846793005u + 1442695040888963407u;
      const int digits = 1 + static_cast<int>((state >> 33) % 18);
      std::string s = (state >> 20) % 2 ? "-" : "";
      std::uint64_t d = state;
      for (int k = 0; k < digits; ++k, d = d * 2862933555777941757u + 3037000493u) s += static_cast<char>('0' + (d >> 40) % 10);
      const int point = static_cast<int>((state >> 50) % static_cast<std::uint64_t>(digits));
      if (point > 0) s.insert(s.size() - static_cast<std::size_t>(point), ".");
      numbers.push_back(s);
    }
    for (const auto& n : numbers) {
      if (n.find('e') != std::string::npos) continue;  // not a number of the language
      CAPTURE(n);
      const auto p = test::parse_text("value v \"V\"\n  range " + n + " to 1\n");
      REQUIRE(p.rendered == "");
      REQUIRE(p.file.decls.size() == 1);
      const auto& v = std::get<ast::value_decl>(p.file.decls[0]);
      double expected = 0;
      std::from_chars(n.data(), n.data() + n.size(), expected);
      CHECK(std::bit_cast<std::uint64_t>(v.low->value) == std::bit_cast<std::uint64_t>(expected));
    }
  }
}

}  // namespace ddx::grammar
