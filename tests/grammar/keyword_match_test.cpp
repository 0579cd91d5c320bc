// tests/grammar/keyword_match_test.cpp: the one-scan keyword matchers accept exactly what trying each keyword in turn accepts.
#include <doctest/doctest.h>

#include <string>

#include "grammar/lexical.hpp"

namespace {

namespace pg = tao::pegtl;
namespace r = ddx::grammar::rules;

// The reference: every keyword tried in turn, as the grammar was first written.
struct reference_decl_keyword
    : pg::sor<r::kw_knowledge_base, r::kw_finding, r::kw_value, r::kw_condition, r::kw_fact, r::kw_flag, r::kw_rule,
              r::kw_test> {};
struct reference_keyword
    : pg::sor<reference_decl_keyword, r::kw_version, r::kw_other_prior, r::kw_regions, r::kw_disclaimer, r::kw_region,
              r::kw_synonyms, r::kw_description, r::kw_unit, r::kw_range, r::kw_to, r::kw_prior, r::kw_advice,
              r::kw_source, r::kw_level, r::kw_urgency, r::kw_urgency_threshold, r::kw_overrides, r::kw_when, r::kw_unless, r::kw_then, r::kw_for, r::kw_against, r::kw_assert, r::kw_raise,
              r::kw_and, r::kw_or, r::kw_not, r::kw_at, r::kw_least, r::kw_of, r::kw_lr, r::kw_present, r::kw_absent,
              r::kw_values, r::kw_expect, r::kw_first, r::kw_rank, r::kw_in, r::kw_top, r::kw_listed, r::kw_triage,
              r::kw_most, r::kw_no> {};

/// How many bytes `Rule` consumes at the start of `text`, or -1 when it does not match.
template <typename Rule>
long consumed(const std::string& text) {
  pg::memory_input in(text, "");
  if (!pg::parse<Rule>(in)) return -1;
  return static_cast<long>(in.current() - text.data());
}

}  // namespace

TEST_SUITE("grammar.keyword_match") {

TEST_CASE("keyword and decl_keyword match the same prefix as trying each keyword in turn") {
  const char* words[] = {"knowledge_base", "finding", "value", "values", "condition", "fact", "flag", "rule", "test",
                         "region", "regions", "to", "top", "at", "and", "or", "not", "no", "in", "of", "lr", "least",
                         "most", "first", "rank", "listed", "triage", "expect", "present", "absent", "source",
                         "description", "advice", "level", "when", "unless", "unles", "unlessx", "then", "for", "against", "assert", "raise",
                         "version", "other_prior", "disclaimer", "synonyms", "unit", "range", "prior",
                         "urgency", "urgency_threshold", "urgency_", "urgent", "overrides", "override",
                         "itbs", "r", "", "x", "ru", "rul", "rules", "t", "f"};
  const char* tails[] = {"", " ", "\n", ".", ".x", "x", "X", "_", "2", "(", ",", "\"", "#", "é", "-", "=", ">"};
  for (const char* word : words) {
    for (const char* tail : tails) {
      const std::string text = std::string(word) + tail;
      CAPTURE(text);
      CHECK(consumed<r::keyword>(text) == consumed<reference_keyword>(text));
      CHECK(consumed<r::decl_keyword>(text) == consumed<reference_decl_keyword>(text));
    }
  }
}

}
