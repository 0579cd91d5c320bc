// tools/cli/cmd_test.cpp: `ddx test`: run the knowledge base's case tests; last line `N passed, N failed`.
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "tools/cli/common.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"

namespace ddx::tools::cli {
namespace {

struct test_args {
  kb_options kb;
  std::string filter;
  std::string format = "text";
  bool coverage = false;
  double min_coverage = -1;  ///< percent; negative when not given
  std::string junit;
};

std::string failure_text(const engine::test_outcome& t) {
  std::string out = fmt::format("{}: test `{}` failed\n", t.location, t.id);
  for (const auto& f : t.failures) out += "  " + f + "\n";
  out += fmt::format("  actual: triage {}; top {}:\n", engine::triage_name(t.result.triage),
                     std::min<std::size_t>(5, t.result.differential.size()));
  for (std::size_t i = 0; i < t.result.differential.size() && i < 5; ++i) {
    const auto& c = t.result.differential[i];
    out += fmt::format("    {}. {} {:.4f}\n", c.rank, c.id, c.score);
  }
  return out;
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

bool write_junit(const std::string& path, const std::vector<engine::test_outcome>& outcomes, std::size_t failed) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << fmt::format("<testsuite name=\"ddx\" tests=\"{}\" failures=\"{}\">\n", outcomes.size(), failed);
  for (const auto& t : outcomes) {
    out << fmt::format("  <testcase classname=\"{}\" name=\"{}\"", xml_escape(t.location), xml_escape(t.id));
    if (t.passed) {
      out << "/>\n";
      continue;
    }
    out << fmt::format(">\n    <failure message=\"test failed\">{}</failure>\n  </testcase>\n",
                       xml_escape(failure_text(t)));
  }
  out << "</testsuite>\n";
  return static_cast<bool>(out);
}

double coverage_percent(const engine::coverage_report& c) {
  return c.rules == 0 ? 100.0 : 100.0 * static_cast<double>(c.fired) / static_cast<double>(c.rules);
}

int run_test(const test_args& a) {
  auto loaded = load_kb(a.kb, a.format == "json");
  if (!loaded) return exit_failure;
  engine::coverage_report coverage;
  const bool want_coverage = a.coverage || a.min_coverage >= 0;
  const auto outcomes = loaded->kb->run_tests(a.filter, want_coverage ? &coverage : nullptr);
  // A mistyped filter would otherwise read as a clean run: "0 passed, 0 failed".
  if (!a.filter.empty() && outcomes.empty()) return fail("no test id contains `" + a.filter + "`");
  std::size_t failed = 0;
  for (const auto& t : outcomes) failed += t.passed ? 0 : 1;
  if (!a.junit.empty() && !write_junit(a.junit, outcomes, failed)) return fail("cannot write `" + a.junit + "`");
  const bool low = a.min_coverage >= 0 && coverage_percent(coverage) < a.min_coverage;
  if (a.format == "json") {
    std::cout << dump_json(test_outcomes_json(outcomes, want_coverage ? &coverage : nullptr), true) << "\n";
    return failed > 0 || low ? exit_failure : exit_ok;
  }
  for (const auto& t : outcomes)
    if (!t.passed) std::cout << failure_text(t);
  if (want_coverage) {
    std::cout << fmt::format("coverage: {} of {} rules fired ({:.1f}%)\n", coverage.fired, coverage.rules,
                             coverage_percent(coverage));
    if (a.coverage)
      for (const auto& r : coverage.never_fired) std::cout << "  never fired: " << r << "\n";
    if (low) std::cout << fmt::format("coverage is below the minimum of {}%\n", format_plain(a.min_coverage));
  }
  std::cout << fmt::format("{} passed, {} failed\n", outcomes.size() - failed, failed);
  return failed > 0 || low ? exit_failure : exit_ok;
}

}  // namespace

subcommand add_test(CLI::App& parent) {
  auto args = std::make_shared<test_args>();
  auto* app = parent.add_subcommand("test", "run the case tests written in the knowledge base");
  add_kb_option(*app, args->kb);
  app->add_option("filter", args->filter, "run only the tests whose id contains FILTER")->type_name("FILTER");
  add_format_option(*app, args->format, {"text", "json"});
  app->add_flag("--coverage", args->coverage, "report which rules no test made fire");
  app->add_option("--min-coverage", args->min_coverage, "fail when fewer than P percent of the rules fired")
      ->check(CLI::Range(0.0, 100.0))
      ->type_name("P");
  app->add_option("--junit", args->junit, "also write the outcomes as JUnit XML")->type_name("FILE");
  return {app, [args] { return run_test(*args); }};
}

}  // namespace ddx::tools::cli
