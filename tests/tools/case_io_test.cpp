// tests/tools/case_io_test.cpp: case JSON reading: every error kind with its exact text, JSON form and suggestions.
#include <doctest/doctest.h>

#include "tools/json/case_io.hpp"
#include "tools/json/json_util.hpp"
#include "tools_support.hpp"

using namespace ddx::tools;

TEST_SUITE("tools.case_io") {
  TEST_CASE("each kind of case error is reported with its field and exact text") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    struct row {
      const char* input;
      const char* expected;
    };
    const row rows[] = {
        {"{\n  \"present\": [\"loc.lateral_knee\",\n  \"absent\": []\n}\n",
         "case.json:3:11: error: malformed JSON: unexpected ':'; expected ']'\n"},
        {"", "case.json:1:1: error: malformed JSON: unexpected end of input; expected '[', '{', or a literal\n"},
        {"[1]", "case.json: error: expected a JSON object at the top level, found an array\n"},
        {R"({"presnt": []})",
         "case.json: error: unknown field `presnt`, expected one of `id`, `present`, `absent`, `values`\n"
         "hint: did you mean `present`?\n"},
        {R"({"id": 5})", "case.json: error: `id` must be a string, found a number\n"},
        {R"({"present": "loc.lateral_knee"})",
         "case.json: error: `present` must be an array of finding ids, found a string\n"},
        {R"({"absent": [1]})", "case.json: error: absent[0] must be a finding id string, found a number\n"},
        {R"({"present": [""]})", "case.json: error: empty finding id in present[0]\n"},
        {R"({"present": ["loc.lateral_knee", "loc.lateral_knee"]})",
         "case.json: error: finding `loc.lateral_knee` is listed twice in `present`, again at present[1]\n"},
        {R"({"present": ["loc.lateral_knee"], "absent": ["trig.stairs_down", "loc.lateral_knee"]})",
         "case.json: error: finding `loc.lateral_knee` is both present and absent (absent[1])\n"},
        {R"({"present": ["loc.lateral_kne"]})",
         "case.json: error: unknown finding `loc.lateral_kne` in present[0]\n"
         "hint: did you mean `loc.lateral_knee`?\n"},
        {R"({"present": ["itbs"]})", "case.json: error: `itbs` in present[0] is a condition, not a finding\n"},
        {R"({"values": [1]})", "case.json: error: `values` must be an object of numbers, found an array\n"},
        {R"({"values": {"agee": 30}})",
         "case.json: error: unknown value `agee` in values\nhint: did you mean `age`?\n"},
        {R"({"values": {"pain_score": "5"}})", "case.json: error: values.pain_score must be a number, found a string\n"},
        {R"({"values": {"pain_score": 11}})", "case.json: error: value `pain_score` is 11, expected 0 to 10\n"},
        {R"({"values": {"age": -0.5}})", "case.json: error: value `age` is -0.5, expected 0 to 120\n"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.input);
      const auto read = read_case(r.input, *loaded.kb);
      CHECK_FALSE(read.resolved.has_value());
      CHECK(format_case_issues("case.json", read.errors) == r.expected);
    }
  }

  TEST_CASE("a valid case resolves and keeps its id, lists and values") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    const auto read = read_case(
        R"({"id": "c1", "present": ["loc.lateral_knee"], "absent": ["sym.swelling_marked"], "values": {"age": 34}})",
        *loaded.kb);
    CHECK(read.errors.empty());
    REQUIRE(read.resolved.has_value());
    CHECK(read.input.id == std::optional<std::string>("c1"));
    CHECK(read.input.present == std::vector<std::string>{"loc.lateral_knee"});
    CHECK(read.input.absent == std::vector<std::string>{"sym.swelling_marked"});
    CHECK(read.input.values.size() == 1);
  }

  TEST_CASE("every error of a case is reported, not only the first") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    const auto read = read_case(R"({"present": ["loc.x", 3], "values": {"pain_score": 12}, "extra": 1})", *loaded.kb);
    CHECK(read.errors.size() == 4);
  }

  TEST_CASE("the JSON form of an error carries code, message, field and suggestions") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    const auto read = read_case(R"({"present": ["loc.lateral_kne"]})", *loaded.kb);
    CHECK(dump_json(case_issue_json(read.errors.at(0)), false) ==
          R"({"code":"case.unknown_finding","message":"unknown finding `loc.lateral_kne` in present[0]",)"
          R"("field":"present[0]","suggestions":["loc.lateral_knee"]})");
    const auto malformed = read_case("{\"present\": [", *loaded.kb);
    CHECK(dump_json(case_issue_json(malformed.errors.at(0)), false) ==
          R"({"code":"case.malformed_json","message":"malformed JSON: unexpected end of input; expected '[', '{', or a literal",)"
          R"("field":"","line":1,"column":14,"suggestions":[]})");
  }
}
