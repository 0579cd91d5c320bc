// tools/cli/main.cpp: the `ddx` program: argument parsing, subcommand dispatch, exit codes 0/1/2, nothing else.
#include <algorithm>
#include <exception>
#include <iostream>

#include "grammar/suggest.hpp"
#include "tools/cli/common.hpp"

#ifndef DDX_VERSION
#define DDX_VERSION "0.0.0"
#endif

namespace {

using namespace ddx::tools::cli;

/// The chosen subcommand's app (for usage), or the top-level one.
const CLI::App& usage_app(const CLI::App& app) {
  const auto chosen = app.get_subcommands();
  return chosen.empty() ? app : *chosen.front();
}

int run(int argc, char** argv) {
  CLI::App app{"ddx: differential diagnosis of running injuries (decision support, not a clinician)", "ddx"};
  app.set_version_flag("--version", DDX_VERSION);
  app.require_subcommand(1);
  const std::vector<subcommand> commands = {add_diagnose(app), add_explain(app), add_check(app), add_test(app),
                                            add_fmt(app),      add_vocab(app),   add_graph(app), add_serve(app),
                                            add_lsp(app),      add_interview(app)};
  // CLI11 takes a misspelt subcommand for a stray argument and says only that a subcommand is required: name it.
  std::vector<std::string> names;
  for (const auto& c : commands) names.push_back(c.app->get_name());
  if (argc > 1 && argv[1][0] != '-' && std::find(names.begin(), names.end(), argv[1]) == names.end()) {
    const auto close = ddx::grammar::closest_names(argv[1], names);
    std::string message = std::string("unknown subcommand `") + argv[1] + "`";
    if (!close.empty()) message += "; did you mean `" + close.front() + "`?";
    return usage_error(app, message);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {  // --help, --version
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return usage_error(usage_app(app), e.what());
  }
  for (const auto& c : commands)
    if (c.app->parsed()) return c.run();
  return usage_error(app, "no subcommand given");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "ddx: error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "ddx: error: unexpected failure\n";
  }
  return exit_failure;
}
