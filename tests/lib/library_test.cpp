// tests/lib/library_test.cpp: the public library <ddx/ddx.hpp>: loading (files, strings, a broken knowledge base),
// diagnose / explain / next questions as C++ values and as the CLI's JSON, case errors with the contract's codes, and
// one knowledge base queried from several threads at once.
#include <ddx/ddx.hpp>

#include <doctest/doctest.h>

#include <thread>

#include "tools/tools_support.hpp"

namespace {

using ddx::tools::test::read_file;
using ddx::tools::test::run_ddx;
using ddx::tools::test::sample_kb_dir;
using ddx::tools::test::tools_data_dir;

const ddx::knowledge_base& sample() {
  static const auto kb = ddx::knowledge_base::load({sample_kb_dir});
  return kb;
}

ddx::case_input good_case() {
  ddx::case_input c;
  c.id = "good";
  c.present = {"loc.lateral_knee", "trig.downhill_running"};
  c.absent = {"sym.swelling_marked"};
  c.values = {{"age", 34}, {"pain_score", 5}};
  return c;
}

/// The issues of the case_error that `f` throws (fails the test when it throws none).
template <class F>
std::vector<ddx::case_issue> issues_of(F&& f) {
  try {
    f();
  } catch (const ddx::case_error& e) {
    return e.issues();
  }
  FAIL("no ddx::case_error was thrown");
  return {};
}

}  // namespace

TEST_CASE("library: diagnose_json prints the bytes of `ddx diagnose --format json`") {
  const auto path = tools_data_dir + "/cases/good.json";
  const auto cli = run_ddx("diagnose --kb " + sample_kb_dir + " " + path + " --format json");
  REQUIRE(cli.status == 0);
  CHECK(sample().diagnose_json(read_file(path)) + "\n" == cli.out);

  const auto traced = run_ddx("diagnose --kb " + sample_kb_dir + " " + path + " --format json --trace --top 1");
  ddx::diagnose_options o;
  o.trace = true;
  o.top = 1;
  CHECK(sample().diagnose_json(read_file(path), o) + "\n" == traced.out);
  // The C++ value written as JSON is the same document.
  CHECK(ddx::knowledge_base::to_json(sample().diagnose(good_case(), o)) + "\n" == traced.out);
}

TEST_CASE("library: the C++ result is the ranked differential") {
  const auto r = sample().diagnose(good_case());
  REQUIRE(r.differential.size() == 2);
  CHECK(r.case_id == "good");
  CHECK(r.differential[0].id == "itbs");
  CHECK(r.differential[0].rank == 1);
  CHECK(r.triage == ddx::triage_level::self_care);
  CHECK(r.kb.digest.rfind("sha256:", 0) == 0);
  CHECK(r.kb.digest == sample().info().digest);
  CHECK(r.disclaimer == sample().disclaimer());
}

TEST_CASE("library: explain and explain_json agree with `ddx explain`") {
  const auto path = tools_data_dir + "/cases/good.json";
  const auto cli = run_ddx("explain --kb " + sample_kb_dir + " " + path + " --condition pfps --format json");
  REQUIRE(cli.status == 0);
  CHECK(sample().explain_json(read_file(path), "pfps") + "\n" == cli.out);
  const auto e = sample().explain(good_case(), "pfps");
  CHECK(e.condition == "pfps");
  CHECK(e.rank == 2u);
  CHECK(sample().to_json(e, "good") + "\n" == cli.out);

  const auto issues = issues_of([] { sample().explain(good_case(), "itb"); });
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].code == "explain.unknown_condition");
  CHECK(issues[0].field == "condition");
  CHECK(issues[0].suggestions.front() == "itbs");
  const auto bad = run_ddx("explain --kb " + sample_kb_dir + " " + path + " --condition itb --format json");
  try {
    sample().explain_json(read_file(path), "itb");
    FAIL("no case_error");
  } catch (const ddx::case_error& e) {
    CHECK(e.json() + "\n" == bad.out);
  }
}

TEST_CASE("library: next questions are the result's") {
  const auto kb = ddx::knowledge_base::load({std::string(DDX_SOURCE_DIR) + "/kb"});
  ddx::case_input c;
  c.present = {"loc.lateral_knee"};
  const auto q = kb.next_questions(c, 2);
  const auto r = kb.diagnose(c);
  REQUIRE(!r.next_questions.empty());
  REQUIRE(q.size() == std::min<std::size_t>(2, r.next_questions.size()));
  for (std::size_t i = 0; i < q.size(); ++i) {
    CHECK(q[i].finding == r.next_questions[i].finding);
    CHECK(q[i].value == r.next_questions[i].value);
  }
}

TEST_CASE("library: a bad case throws case_error with the contract's codes and the CLI's JSON") {
  const auto path = tools_data_dir + "/cases/unknown_id.json";
  const auto cli = run_ddx("diagnose --kb " + sample_kb_dir + " " + path + " --format json");
  REQUIRE(cli.status == 1);
  try {
    sample().diagnose_json(read_file(path));
    FAIL("no case_error");
  } catch (const ddx::case_error& e) {
    CHECK(e.json() + "\n" == cli.out);
    CHECK(e.issues().at(0).code == "case.unknown_finding");
    CHECK(std::string(e.what()) == e.issues().at(0).message);
  }

  const auto malformed = issues_of([] { sample().read_case("{\"present\": [}"); });
  REQUIRE(malformed.size() == 1);
  CHECK(malformed[0].code == "case.malformed_json");
  CHECK(malformed[0].line == 1u);

  auto c = good_case();
  c.present.push_back("loc.lateral_kne");
  c.values.emplace_back("pain_score", 12);
  const auto unknown = issues_of([&] { sample().diagnose(c); });
  REQUIRE(unknown.size() == 1);  // the value given twice is reported first, as a JSON reader would
  CHECK(unknown[0].code == "case.duplicate_key");

  c.values.pop_back();
  c.values.emplace_back("agee", 3);
  const auto two = issues_of([&] { sample().diagnose(c); });
  REQUIRE(two.size() == 2);
  CHECK(two[0].code == "case.unknown_finding");
  CHECK(two[0].field == "present[2]");
  CHECK(two[1].code == "case.unknown_value");
  CHECK(two[1].suggestions == std::vector<std::string>{"age"});

  auto nan_case = good_case();
  nan_case.values[0].second = std::numeric_limits<double>::quiet_NaN();
  CHECK(issues_of([&] { sample().diagnose(nan_case); }).at(0).code == "case.wrong_type");

  ddx::diagnose_options zero;
  zero.top = 0;
  CHECK_THROWS_AS(sample().diagnose(good_case(), zero), std::invalid_argument);
}

TEST_CASE("library: read_case gives back the case as read") {
  const auto c = sample().read_case(read_file(tools_data_dir + "/cases/good.json"));
  CHECK(c.id == "good");
  CHECK(c.present == good_case().present);
  CHECK(sample().diagnose_json(read_file(tools_data_dir + "/cases/good.json")) ==
        ddx::knowledge_base::to_json(sample().diagnose(c)));
}

TEST_CASE("library: a broken knowledge base throws load_error with its diagnostics; nothing is loaded") {
  const auto text = read_file(sample_kb_dir + "/sample.ddx");
  auto broken = text;
  broken.replace(broken.find("when loc.lateral_knee"), 21, "when loc.lateral_kne");
  try {
    ddx::knowledge_base::from_strings({{"kb/sample.ddx", broken}});
    FAIL("no load_error");
  } catch (const ddx::load_error& e) {
    REQUIRE(!e.diagnostics().empty());
    const auto& d = e.diagnostics().front();
    CHECK(d.file == "kb/sample.ddx");
    CHECK(d.severity == "error");
    CHECK(d.code == "E201");
    CHECK(d.line > 0);
    CHECK(d.hint.find("loc.lateral_knee") != std::string::npos);
    CHECK(e.text().find("kb/sample.ddx:") != std::string::npos);
    CHECK(e.json().find("\"code\":\"E201\"") != std::string::npos);
    CHECK(std::string(e.what()).find("unknown finding") != std::string::npos);
  }
  CHECK_THROWS_AS(ddx::knowledge_base::load({sample_kb_dir + "/no-such-dir"}), ddx::load_error);

  const auto from_text = ddx::knowledge_base::from_strings({{"kb/sample.ddx", text}});
  CHECK(from_text.info().name == sample().info().name);
  CHECK(from_text.vocabulary().size() == sample().vocabulary().size());
}

TEST_CASE("library: lints are kept as warnings only when asked for") {
  ddx::load_options lints;
  lints.lints = true;
  CHECK(ddx::knowledge_base::load({sample_kb_dir}).warnings().empty());
  const auto with = ddx::knowledge_base::load({sample_kb_dir}, lints);
  for (const auto& w : with.warnings()) CHECK(w.severity != "error");
  CHECK(std::string(ddx::version()).find('.') != std::string::npos);
}

TEST_CASE("library: one knowledge base answers from many threads at once, each answer as on one thread") {
  const auto kb = ddx::knowledge_base::load({std::string(DDX_SOURCE_DIR) + "/kb"});
  std::vector<std::string> cases;
  for (const auto* name : {"lateral_knee_runner", "calf_red_flag", "shin_pain", "runners_cough"})
    cases.push_back(read_file(std::string(DDX_SOURCE_DIR) + "/kb/examples/" + name + ".json"));
  std::vector<std::string> expected;
  for (const auto& c : cases) expected.push_back(kb.diagnose_json(c));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      const auto copy = kb;  // copies share the compiled network
      for (int i = 0; i < 50; ++i) {
        const auto k = static_cast<std::size_t>((i + t) % 4);
        if (copy.diagnose_json(cases[k]) != expected[k]) ++mismatches[static_cast<std::size_t>(t)];
      }
    });
  for (auto& th : threads) th.join();
  CHECK(mismatches == std::vector<int>(4, 0));
}
