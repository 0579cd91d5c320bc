// tools/cli/common.hpp: what every subcommand shares: --kb loading, diagnostics printing, formats, input, exit codes.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/kb.hpp"

namespace ddx::tools::cli {

/// Exit statuses of the command-line contract.
enum exit_status : int { exit_ok = 0, exit_failure = 1, exit_usage = 2 };

/// A registered subcommand and what runs when it was chosen.
struct subcommand {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

/// Knowledge base paths given with --kb (repeatable); empty means the bundled knowledge base.
struct kb_options {
  std::vector<std::string> paths;
  std::vector<std::string> effective() const;
};

void add_kb_option(CLI::App& app, kb_options& options);
/// --format with the allowed names; `target` keeps its default when not given.
void add_format_option(CLI::App& app, std::string& target, const std::vector<std::string>& allowed);

bool stdout_is_terminal();
/// ANSI colour on stdout: a terminal and NO_COLOR unset.
bool use_color();
/// "text" or "json": what was asked for, else text on a terminal and JSON otherwise.
std::string default_format(const std::string& requested);

/// Loads the knowledge base and prints its diagnostics on stderr (text, or one JSON object).
/// Returns nullptr (after printing) when the knowledge base has errors.
std::unique_ptr<engine::load_result> load_kb(const kb_options& options, bool json_diagnostics);

/// Reads a whole file, or stdin for `-`; nullopt (and a message on stderr) when unreadable.
std::optional<std::string> read_input(const std::string& path);

/// Prints `ddx: error: MESSAGE` then the subcommand's usage on stderr; returns exit_usage.
int usage_error(const CLI::App& app, const std::string& message);
/// Prints `ddx: error: MESSAGE` on stderr; returns exit_failure.
int fail(const std::string& message);

// One registration function per subcommand (tools/cli/cmd_<name>.cpp).
subcommand add_diagnose(CLI::App& parent);
subcommand add_explain(CLI::App& parent);
subcommand add_check(CLI::App& parent);
subcommand add_test(CLI::App& parent);
subcommand add_fmt(CLI::App& parent);
subcommand add_vocab(CLI::App& parent);
subcommand add_graph(CLI::App& parent);
subcommand add_serve(CLI::App& parent);
subcommand add_interview(CLI::App& parent);
subcommand add_lsp(CLI::App& parent);

}  // namespace ddx::tools::cli
