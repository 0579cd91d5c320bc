// tools/cli/cmd_diagnose.cpp: `ddx diagnose`: rank the differential for one case, or for a JSON-lines batch.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "tools/cli/common.hpp"
#include "tools/json/case_io.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"
#include "tools/render/text.hpp"

namespace ddx::tools::cli {
namespace {

struct diagnose_args {
  kb_options kb;
  std::string case_path;
  std::string cases_path;
  std::string format;
  std::size_t top = 0;
  bool trace = false;
};

engine::diagnose_options engine_options(const diagnose_args& a) {
  engine::diagnose_options o;
  o.trace = a.trace;
  if (a.top > 0) o.top = a.top;
  return o;
}

int diagnose_one(const diagnose_args& a, const engine::knowledge_base& kb, const std::string& format) {
  const auto text = read_input(a.case_path);
  if (!text) return exit_failure;
  const auto read = read_case(*text, kb);
  const std::string name = a.case_path == "-" ? "<stdin>" : a.case_path;
  if (!read.errors.empty()) {
    if (format == "json") std::cout << dump_json(case_issues_json(read.errors), true) << "\n";
    else std::cerr << format_case_issues(name, read.errors);
    return exit_failure;
  }
  const auto result = kb.diagnose(*read.resolved, engine_options(a));
  if (format == "json") std::cout << dump_json(result_json(result, a.trace), true) << "\n";
  else std::cout << render_result_text(result, text_style{use_color()});
  return exit_ok;
}

/// One output line per non-blank input line: a result, or {"line": N, "error": {...}}. Lines are read and answered one
/// at a time, so `--cases -` is a streaming filter (a Kafka consumer, a pipe): output is flushed whenever no more input
/// is waiting, never held back while the next line is awaited.
int diagnose_batch(const diagnose_args& a, const engine::knowledge_base& kb) {
  std::ifstream file;
  if (a.cases_path != "-") {
    std::error_code ec;
    if (std::filesystem::is_directory(a.cases_path, ec)) return fail("`" + a.cases_path + "` is a directory, expected a file");
    file.open(a.cases_path, std::ios::binary);
    if (!file) return fail("cannot read `" + a.cases_path + "`");
  }
  std::istream& in = a.cases_path == "-" ? std::cin : file;
  std::string line;
  bool any_bad = false;
  const auto options = engine_options(a);
  for (std::size_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") != std::string::npos) {
      const auto read = read_case(line, kb);
      if (!read.errors.empty()) {
        any_bad = true;
        nlohmann::ordered_json j;
        j["line"] = n;
        j["error"] = case_issue_json(read.errors.front());
        std::cout << dump_json(j, false) << "\n";
      } else {
        std::cout << dump_json(result_json(kb.diagnose(*read.resolved, options), a.trace), false) << "\n";
      }
    }
    if (in.rdbuf()->in_avail() <= 0) std::cout.flush();
  }
  return any_bad ? exit_failure : exit_ok;
}

}  // namespace

subcommand add_diagnose(CLI::App& parent) {
  auto args = std::make_shared<diagnose_args>();
  auto* app = parent.add_subcommand("diagnose", "rank the differential for a case (CASE.json, or - for stdin)");
  add_kb_option(*app, args->kb);
  app->add_option("case", args->case_path, "the case as JSON (docs/json-contracts.md); - reads stdin")
      ->type_name("CASE.json");
  app->add_option("--cases", args->cases_path, "many cases, one JSON object a line; one result a line out")
      ->type_name("FILE.jsonl");
  add_format_option(*app, args->format, {"text", "json"});
  app->add_option("--top", args->top, "keep only the first N conditions of the differential")
      ->check(CLI::Validator(
          [](const std::string& v) -> std::string {
            return v.find_first_not_of("0123456789") == std::string::npos && v.find_first_not_of('0') != std::string::npos
                       ? std::string{}
                       : "expected a whole number of 1 or more, got `" + v + "`";
          },
          "N>=1"))
      ->type_name("N");
  app->add_flag("--trace", args->trace, "add every rule evaluation, in order, to the JSON result");
  return {app, [args, app]() -> int {
            if (args->case_path.empty() == args->cases_path.empty())
              return usage_error(*app, "give exactly one of CASE.json or --cases FILE.jsonl");
            if (!args->cases_path.empty() && args->format == "text")
              return usage_error(*app, "--cases writes JSON lines; `--format text` is not supported with it");
            const std::string format = args->cases_path.empty() ? default_format(args->format) : "json";
            auto loaded = load_kb(args->kb, format == "json");
            if (!loaded) return exit_failure;
            if (!args->cases_path.empty()) return diagnose_batch(*args, *loaded->kb);
            return diagnose_one(*args, *loaded->kb, format);
          }};
}

}  // namespace ddx::tools::cli
