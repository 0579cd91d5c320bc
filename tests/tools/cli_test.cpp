// tests/tools/cli_test.cpp: the built `ddx` binary: exit codes 0/1/2, error texts, batch lines, test summary, fmt.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "tools_support.hpp"

using namespace ddx::tools::test;

namespace {

const std::string kb = " --kb " + sample_kb_dir + " ";
const std::string cases = tools_data_dir + "/cases/";

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

}  // namespace

TEST_SUITE("tools.cli") {
  TEST_CASE("exit status is 0, 1 or 2 as the contract says") {
    struct row {
      std::string args;
      int status;
    };
    const row rows[] = {
        {"--no-such-flag", 2},
        {"", 2},
        {"frobnicate", 2},
        {"diagnose" + kb, 2},                                           // neither CASE nor --cases
        {"diagnose" + kb + cases + "good.json --no-such-flag", 2},
        {"diagnose" + kb + cases + "good.json --format yaml", 2},
        {"diagnose" + kb + cases + "good.json --top 0", 2},
        {"explain" + kb + cases + "good.json", 2},                      // --condition missing
        {"diagnose" + kb + cases + "good.json --format json", 0},
        {"diagnose" + kb + cases + "good.json --format text", 0},
        {"diagnose" + kb + cases + "unknown_id.json --format json", 1},
        {"diagnose" + kb + cases + "malformed.json --format text", 1},
        {"diagnose" + kb + cases + "missing.json", 1},
        {"diagnose --kb " + tools_data_dir + "/broken " + cases + "good.json", 1},
        {"explain" + kb + cases + "good.json --condition itbs --format json", 0},
        {"explain" + kb + cases + "good.json --condition itb --format text", 1},
        {"check" + kb, 0},
        {"check --kb " + tools_data_dir + "/broken", 1},
        {"test" + kb, 0},
        {"test" + kb + "--min-coverage 50", 0},
        {"test" + kb + "--min-coverage 90", 1},
        {"test" + kb + "--min-coverage 101", 2},
        {"vocab" + kb, 0},
        {"graph" + kb, 0},
        {"--help", 0},
    };
    for (const auto& r : rows) {
      CAPTURE(r.args);
      const auto run = run_ddx(r.args);
      CAPTURE(run.err);
      CHECK(run.status == r.status);
    }
  }

  TEST_CASE("bad usage prints a clear message and the usage on stderr") {
    const auto run = run_ddx("diagnose --no-such-flag");
    CHECK(run.status == 2);
    CHECK(run.out.empty());
    CHECK(run.err.rfind("ddx: error: ", 0) == 0);
    CHECK(run.err.find("--no-such-flag") != std::string::npos);
    CHECK(run.err.find("Usage:") != std::string::npos);
  }

  TEST_CASE("an unknown subcommand is named, with the closest one as a hint") {
    const auto typo = run_ddx("diagnoze case.json");
    CHECK(typo.status == 2);
    CHECK(typo.out.empty());
    CHECK(typo.err.rfind("ddx: error: unknown subcommand `diagnoze`; did you mean `diagnose`?\n", 0) == 0);
    CHECK(typo.err.find("Subcommands:") != std::string::npos);
    const auto other = run_ddx("frobnicate");
    CHECK(other.status == 2);
    CHECK(other.err.rfind("ddx: error: unknown subcommand `frobnicate`\n", 0) == 0);
    CHECK(run_ddx("").status == 2);  // none at all: still bad usage
  }

  TEST_CASE("an unknown finding is named with its field and the closest id") {
    const auto run = run_ddx("diagnose" + kb + cases + "unknown_id.json --format text");
    CHECK(run.status == 1);
    CHECK(run.out.empty());
    CHECK(ends_with(run.err, cases + "unknown_id.json: error: unknown finding `loc.lateral_kne` in present[0]\n"
                                     "hint: did you mean `loc.lateral_knee`?\n"));
  }

  TEST_CASE("malformed JSON is reported with line and column") {
    const auto run = run_ddx("diagnose" + kb + cases + "malformed.json --format text");
    CHECK(run.status == 1);
    CHECK(ends_with(run.err, cases + "malformed.json:3:11: error: malformed JSON: unexpected ':'; expected ']'\n"));
  }

  TEST_CASE("a good case gives the contract's JSON on stdout, also from stdin") {
    const auto run = run_ddx("diagnose" + kb + "- --format json", read_file(cases + "good.json"));
    CHECK(run.status == 0);
    const auto j = nlohmann::json::parse(run.out);
    CHECK(j["case"] == "good");
    CHECK(j["differential"][0]["id"] == "itbs");
    CHECK(run_ddx("diagnose" + kb + cases + "good.json --format json").out == run.out);
  }

  TEST_CASE("a batch gives one line per case and an error object for the bad one") {
    const auto run = run_ddx("diagnose" + kb + "--cases " + cases + "batch.jsonl");
    CHECK(run.status == 1);
    std::vector<nlohmann::json> lines;
    std::size_t start = 0;
    for (auto nl = run.out.find('\n'); nl != std::string::npos; start = nl + 1, nl = run.out.find('\n', start))
      lines.push_back(nlohmann::json::parse(run.out.substr(start, nl - start)));
    REQUIRE(lines.size() == 3);
    CHECK(lines[0]["case"] == "one");
    CHECK(lines[1]["line"] == 2);
    CHECK(lines[1]["error"]["code"] == "case.unknown_finding");
    CHECK(lines[2]["case"] == "three");
    CHECK(lines[2]["triage"]["level"] == "urgent_care");
  }

  TEST_CASE("ddx graph --condition and --fired-only draw a part of the network") {
    const auto whole = run_ddx("graph" + kb);
    const auto itbs = run_ddx("graph" + kb + "--condition itbs");
    CHECK(itbs.status == 0);
    CHECK(itbs.out.find("\"condition:itbs\"") != std::string::npos);
    CHECK(itbs.out.find("\"rule:itbs_swelling\"") != std::string::npos);
    CHECK(itbs.out.find("calf") == std::string::npos);
    CHECK(itbs.out.size() < whole.out.size());
    const auto fired = run_ddx("graph" + kb + cases + "good.json --fired-only");
    CHECK(fired.status == 0);
    CHECK(fired.out.find("\"rule:itbs_lateral\"") != std::string::npos);
    CHECK(fired.out.find("\"rule:pfps_front\"") == std::string::npos);
    const auto both = run_ddx("graph" + kb + cases + "good.json --fired-only --condition pfps");
    CHECK(both.out.find("\"rule:overuse_pfps\"") != std::string::npos);
    CHECK(both.out.find("\"rule:itbs_swelling\"") == std::string::npos);
    const auto unknown = run_ddx("graph" + kb + "--condition itb");
    CHECK(unknown.status == 1);
    CHECK(unknown.out.empty());
    CHECK(unknown.err.find("unknown condition `itb`") != std::string::npos);
    CHECK(unknown.err.find("did you mean `itbs`") != std::string::npos);
    const auto no_case = run_ddx("graph" + kb + "--fired-only");
    CHECK(no_case.status == 2);  // bad usage, as docs/cli.md's exit status table says
    CHECK(no_case.out.empty());
    CHECK(no_case.err.rfind("ddx: error: --fired-only needs a case", 0) == 0);
    CHECK(no_case.err.find("Usage:") != std::string::npos);
  }

  TEST_CASE("a rule's unless end to end: case tests, trace, explain, graph and fmt on a small knowledge base") {
    const std::string unless_kb = " --kb " + tools_data_dir + "/unless ";
    const auto tested = run_ddx("test" + unless_kb);
    CHECK(tested.status == 0);
    CHECK(tested.out.find("3 passed, 0 failed") != std::string::npos);
    // The exception known: the red flag's rule is stopped by its `unless`, and says what made it true.
    const auto json_run = run_ddx("diagnose" + unless_kb + cases + "toe_bruise.json --trace --format json");
    REQUIRE(json_run.status == 0);
    const auto j = nlohmann::json::parse(json_run.out);
    CHECK(j["triage"]["flags"].empty());
    bool stopped = false;
    for (const auto& step : j["trace"]) {
      if (step["rule_id"] != "red_flag_bruising_present") continue;
      stopped = true;
      CHECK(step["outcome"] == "false");
      CHECK(step["blocked_by_unless"] == nlohmann::json::array({"minor_toe_bruise"}));
      CHECK(step["blocked_by_unless_absent"].empty());
      CHECK(step["waiting_for"].empty());
    }
    CHECK(stopped);
    const auto text = run_ddx("diagnose" + unless_kb + cases + "toe_bruise.json --trace-all --format text");
    CHECK(text.out.find("stopped by its unless: minor_toe_bruise") != std::string::npos);
    const auto why = run_ddx("explain" + unless_kb + cases + "toe_bruise.json --condition forefoot_stress --format text");
    CHECK(why.status == 0);
    CHECK(why.out.find("blocked by its unless: minor_toe_bruise") != std::string::npos);
    CHECK(why.out.find("1 rule is stopped by its `unless`") != std::string::npos);
    // The graph draws what only an `unless` reads as a dotted edge labelled `unless`.
    const auto graph = run_ddx("graph" + unless_kb);
    CHECK(graph.out.find("\"fact:minor_toe_bruise\" -> \"rule:red_flag_bruising_present\" [style=dotted, label=\"unless\"]") !=
          std::string::npos);
    CHECK(graph.out.find("\"finding:sym.bruising\" -> \"rule:red_flag_bruising_present\";") != std::string::npos);
    // The file is in the canonical layout.
    CHECK(run_ddx("fmt --check " + tools_data_dir + "/unless/unless.ddx").status == 0);
  }

  TEST_CASE("ddx interview asks, explains, takes back, stops at a red flag and saves the case, driven through stdin") {
    const std::string bundled = " --kb " + std::string(DDX_SOURCE_DIR) + "/kb ";
    const std::string start = cases + "outer_knee.json";
    // why, then a bad answer, then no, back (the no is taken back), then yes: a red flag stops it.
    const auto run = run_ddx("interview" + bundled + start + " --save -", "w\nx\nn\nb\ny\n");
    CAPTURE(run.err);
    CHECK(run.status == 0);
    CHECK(run.out.find("? Giving way / instability [sym.giving_way_instability]") != std::string::npos);
    CHECK(run.out.find("  if yes: triage stop_and_assess") != std::string::npos);
    CHECK(run.out.find("  answer y, n, d, b, w or q") != std::string::npos);
    CHECK(run.out.find("Done: red flag: Knee locking, giving way or swelling after a twist") != std::string::npos);
    const auto saved = nlohmann::json::parse(run.out.substr(run.out.rfind("\n{") + 1));
    CHECK(saved["id"] == "outer-knee");
    CHECK(saved["present"] == nlohmann::json::array({"loc.lateral_knee", "sym.giving_way_instability"}));
    CHECK(saved["absent"] == nlohmann::json::array());  // the `n` was taken back
    // don't know skips to the next question; quit stops; input that ends stops too
    const auto skip = run_ddx("interview" + bundled + start, "d\nq\n");
    CHECK(skip.status == 0);
    CHECK(skip.out.find("Done: stopped") != std::string::npos);
    const auto first_q = skip.out.find("sym.giving_way_instability] (");
    CHECK(first_q == skip.out.rfind("sym.giving_way_instability] ("));  // asked once
    CHECK(skip.out.find("\n? ", first_q) != std::string::npos);        // then another question
    CHECK(run_ddx("interview" + bundled + start, "").out.find("Done: input ended") != std::string::npos);
    const auto dash = run_ddx("interview" + bundled + "-");
    CHECK(dash.status == 1);
    CHECK(dash.err.find("answers are read from stdin") != std::string::npos);
  }

  TEST_CASE("ddx test ends with the summary line and fails on a failing test") {
    const auto pass = run_ddx("test" + kb);
    CHECK(pass.status == 0);
    CHECK(last_line(pass.out) == "2 passed, 0 failed");
    const auto failing = run_ddx("test" + kb + "--kb " + tools_data_dir + "/extra/failing_test.ddx");
    CHECK(failing.status == 1);
    CHECK(last_line(failing.out) == "2 passed, 1 failed");
    CHECK(failing.out.find("failing_test.ddx:2: test `pfps_wrongly_first` failed\n") != std::string::npos);
    const auto filtered = run_ddx("test" + kb + "dvt");
    CHECK(last_line(filtered.out) == "1 passed, 0 failed");
    const auto none = run_ddx("test" + kb + "no_such_test");
    CHECK(none.status == 1);
    CHECK(none.out.empty());
    CHECK(none.err.find("no test id contains `no_such_test`") != std::string::npos);
  }

  TEST_CASE("vocab starts with the TSV header") {
    const auto run = run_ddx("vocab" + kb);
    CHECK(run.out.rfind("id\tkind\tlabel\tregion\tunit\tlow\thigh\n", 0) == 0);
    CHECK(run.out.find("\npain_score\tvalue\tPain score\t\t\t0\t10\n") != std::string::npos);
  }

  TEST_CASE("fmt leaves a file with syntax errors unchanged and fails") {
    const std::string path = tools_data_dir + "/broken/broken.ddx";
    const auto before = read_file(path);
    const auto run = run_ddx("fmt " + path);
    CHECK(run.status == 1);
    CHECK(run.err.find("has syntax errors and was left unchanged") != std::string::npos);
    CHECK(read_file(path) == before);
    CHECK(run_ddx("fmt --check " + path).status == 1);
  }
}

TEST_SUITE("tools.cli") {
  TEST_CASE("fmt rewrites a copy in place, after which fmt --check finds nothing") {
    char dir[] = "/tmp/ddx-fmt-test-XXXXXX";
    REQUIRE(::mkdtemp(dir));
    const std::string path = std::string(dir) + "/sample.ddx";
    std::ofstream(path) << read_file(sample_kb_dir + "/sample.ddx");
    CHECK(run_ddx("fmt " + path).status == 0);
    const auto check = run_ddx("fmt --check " + path);
    CHECK(check.status == 0);
    CHECK(check.out.empty());
    CHECK(run_ddx("check --kb " + path).status == 0);
    std::remove(path.c_str());
    ::rmdir(dir);
  }

  TEST_CASE("fmt and fmt --check refuse a directory with no rule file, rather than pass having checked nothing") {
    char dir[] = "/tmp/ddx-fmt-test-XXXXXX";
    REQUIRE(::mkdtemp(dir));
    const std::string empty = dir;
    for (const std::string args : {"fmt --check ", "fmt "}) {
      CAPTURE(args);
      const auto run = run_ddx(args + empty);
      CHECK(run.status == 1);
      CHECK(run.out.empty());
      CHECK(run.err == "ddx: error: no `*.ddx` file below `" + empty + "`\n");
    }
    ::rmdir(dir);
  }

  TEST_CASE("fmt --check prints a unified diff and exits 1 when a file would change") {
    char dir[] = "/tmp/ddx-fmt-test-XXXXXX";
    REQUIRE(::mkdtemp(dir));
    const std::string path = std::string(dir) + "/messy.ddx";
    const std::string messy = "fact   knee_overuse    \"Knee overuse\"\n";
    std::ofstream(path) << messy;
    const auto run = run_ddx("fmt --check " + path);
    CHECK(run.status == 1);
    CHECK(run.out.rfind("--- " + path + "\n+++ " + path + "\n@@ -1,1 +1,1 @@\n-fact   knee_overuse", 0) == 0);
    CHECK(read_file(path) == messy);
    std::remove(path.c_str());
    ::rmdir(dir);
  }

  TEST_CASE("--trace in text numbers the steps; --trace-all shows every one the JSON trace has") {
    const std::string args = "diagnose" + kb + cases + "good.json";
    const auto json = run_ddx(args + " --format json --trace");
    REQUIRE(json.status == 0);
    const auto steps = nlohmann::json::parse(json.out)["trace"];
    REQUIRE(!steps.empty());
    const auto numbered = [](const std::string& text) {
      std::size_t n = 0;
      for (std::size_t at = text.find("\nTrace\n"); at != std::string::npos;) {
        const auto next = text.find('\n', at + 1);
        if (next == std::string::npos) break;
        const auto line = text.substr(at + 1, next - at - 1);
        const auto dot = line.find(". ");
        if (dot != std::string::npos && dot > 0 && line.find_first_not_of(" 0123456789") == dot) ++n;
        at = next;
      }
      return n;
    };
    const auto all = run_ddx(args + " --format text --trace-all");
    REQUIRE(all.status == 0);
    CHECK(numbered(all.out) == steps.size());
    CHECK(all.out.find("hidden") == std::string::npos);
    const auto some = run_ddx(args + " --format text --trace");
    REQUIRE(some.status == 0);
    CHECK(some.out.find("rule evaluations in forward-chaining order") != std::string::npos);
    CHECK(some.out.find("(--trace-all shows every one)") != std::string::npos);
    CHECK(numbered(some.out) <= steps.size());
    CHECK(run_ddx(args + " --format text").out.find("\nTrace\n") == std::string::npos);
    // explain --trace: the condition's steps, in JSON too.
    const auto ex = run_ddx("explain" + kb + cases + "good.json --condition itbs --format json --trace");
    REQUIRE(ex.status == 0);
    const auto trace = nlohmann::json::parse(ex.out)["trace"];
    REQUIRE(!trace.empty());
    for (const auto& step : trace) {
      bool about_itbs = false;
      for (const auto& c : step["changes"]) about_itbs |= c["condition"] == "itbs";
      CHECK((about_itbs || !step["asserts"].empty()));
    }
  }
}
