// tools/cli/cmd_check.cpp: `ddx check`: compile and lint the knowledge base, print diagnostics, change nothing.
#include <iostream>

#include <fmt/format.h>

#include "tools/cli/common.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"

namespace ddx::tools::cli {
namespace {

struct check_args {
  kb_options kb;
  std::string format = "text";
  bool strict = false;
};

int run_check(const check_args& a) {
  const auto loaded = engine::load(a.kb.effective());
  const auto& diags = loaded.diags;
  if (a.format == "json") {
    std::cout << dump_json(diagnostics_json(diags, loaded.sources), true) << "\n";
  } else {
    std::cout << grammar::format_diagnostics(diags, loaded.sources);
    const auto files = loaded.sources.size();
    std::cout << fmt::format("{} file{}: {} errors, {} warnings\n", files, files == 1 ? "" : "s", diags.error_count(),
                             diags.warning_count());
  }
  const bool failed = diags.has_errors() || !loaded.kb || (a.strict && diags.warning_count() > 0);
  return failed ? exit_failure : exit_ok;
}

}  // namespace

subcommand add_check(CLI::App& parent) {
  auto args = std::make_shared<check_args>();
  auto* app = parent.add_subcommand("check", "compile and lint the knowledge base; print diagnostics, change nothing");
  add_kb_option(*app, args->kb);
  add_format_option(*app, args->format, {"text", "json"});
  app->add_flag("--strict", args->strict, "warnings fail the check too");
  return {app, [args] { return run_check(*args); }};
}

}  // namespace ddx::tools::cli
