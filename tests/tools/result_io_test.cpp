// tests/tools/result_io_test.cpp: result JSON: contract key order, byte-identical output, arithmetic that checks.
#include <cmath>

#include <doctest/doctest.h>

#include "tools/json/case_io.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"
#include "tools_support.hpp"

using namespace ddx::tools;
using oj = nlohmann::ordered_json;

namespace {

std::vector<std::string> keys(const oj& j) {
  std::vector<std::string> out;
  for (const auto& [k, v] : j.items()) out.push_back(k);
  return out;
}

oj diagnose_json(const std::string& case_text, bool trace = false) {
  const auto& kb = *ddx::tools::test::sample_kb().kb;
  const auto read = read_case(case_text, kb);
  REQUIRE(read.resolved.has_value());
  ddx::engine::diagnose_options options;
  options.trace = trace;
  return result_json(kb.diagnose(*read.resolved, options), trace);
}

const char* knee_case =
    R"({"id": "k", "present": ["loc.lateral_knee", "trig.downhill_running", "sym.swelling_marked"], "values": {"age": 34}})";

}  // namespace

TEST_SUITE("tools.result_io") {
  TEST_CASE("result keys follow the contract order, extensions after the required ones") {
    REQUIRE(test::sample_kb().kb);
    const oj j = diagnose_json(knee_case);
    CHECK(keys(j) == std::vector<std::string>{"case", "kb", "triage", "differential", "next_questions",
                                              "unused_findings", "disclaimer", "other_score", "unlisted_score",
                                              "log_other_prior", "derived_facts"});
    CHECK(keys(j["kb"]) == std::vector<std::string>{"name", "version", "digest"});
    CHECK(keys(j["triage"]) == std::vector<std::string>{"level", "flags", "set_by", "conditions", "urgency_threshold"});
    REQUIRE(!j["differential"].empty());
    const auto& first = j["differential"][0];
    CHECK(keys(first) == std::vector<std::string>{"rank", "id", "name", "score", "evidence", "advice", "sources",
                                                  "region", "log_prior", "log_score"});
    CHECK(keys(first["evidence"]) == std::vector<std::string>{"for", "against"});
    REQUIRE(!first["evidence"]["for"].empty());
    CHECK(keys(first["evidence"]["for"][0]) ==
          std::vector<std::string>{"rule", "weight", "because", "text", "rule_id", "lr", "because_absent"});
    CHECK(j["case"] == "k");
    CHECK(j["kb"]["name"] == "tools-sample");
    CHECK(j["kb"]["version"] == "1.2.3");
  }

  TEST_CASE("the same case gives byte-identical JSON") {
    REQUIRE(test::sample_kb().kb);
    CHECK(dump_json(diagnose_json(knee_case, true), true) == dump_json(diagnose_json(knee_case, true), true));
  }

  TEST_CASE("scores plus other and unlisted add up to one and log scores add up") {
    REQUIRE(test::sample_kb().kb);
    const oj j = diagnose_json(knee_case);
    double total = j["other_score"].get<double>() + j["unlisted_score"].get<double>();
    for (const auto& c : j["differential"]) {
      total += c["score"].get<double>();
      double log_score = c["log_prior"].get<double>();
      for (const auto& e : c["evidence"]["for"]) log_score += e["weight"].get<double>();
      for (const auto& e : c["evidence"]["against"]) log_score += e["weight"].get<double>();
      CAPTURE(c["id"]);
      CHECK(std::abs(log_score - c["log_score"].get<double>()) < 1e-5);
    }
    CHECK(std::abs(total - 1.0) < 1e-5);
  }

  TEST_CASE("numbers are rounded to six decimals, and negative zero is written as zero") {
    struct row {
      double in, out;
    };
    const row rows[] = {{0.1234564, 0.123456}, {0.1234566, 0.123457}, {-2.3025850929940455, -2.302585},
                        {-0.0000001, 0.0}, {1.0, 1.0}, {NAN, 0.0}};
    for (const auto& r : rows) {
      CAPTURE(r.in);
      CHECK(round_number(r.in) == r.out);
    }
    CHECK(oj(round_number(-0.0000001)).dump() == "0.0");
    CHECK(format_plain(11) == "11");
    CHECK(format_plain(-0.5) == "-0.5");
  }

  TEST_CASE("the trace is written only when asked for") {
    REQUIRE(test::sample_kb().kb);
    CHECK_FALSE(diagnose_json(knee_case, false).contains("trace"));
    const oj j = diagnose_json(knee_case, true);
    REQUIRE(j.contains("trace"));
    REQUIRE(!j["trace"].empty());
    CHECK(keys(j["trace"][0]) == std::vector<std::string>{"step", "rule", "rule_id", "outcome", "because", "effects",
                                                         "because_absent", "changes", "asserts", "raises", "blocking",
                                                         "blocking_absent", "waiting_for", "blocked_by_unless",
                                                         "blocked_by_unless_absent"});
  }

  TEST_CASE("diagnostics become objects with file, line, column, severity, code, message, hint, notes and fixes") {
    const auto loaded = ddx::engine::load({test::tools_data_dir + "/broken/broken.ddx"});
    REQUIRE(loaded.diags.has_errors());
    const oj j = diagnostics_json(loaded.diags, loaded.sources);
    REQUIRE(!j["diagnostics"].empty());
    CHECK(keys(j["diagnostics"][0]) ==
          std::vector<std::string>{"file", "line", "column", "severity", "code", "message", "hint", "notes", "fixes"});
    CHECK(j["diagnostics"][0]["severity"] == "error");
    CHECK(j["errors"].get<std::size_t>() >= 1);
  }
}
