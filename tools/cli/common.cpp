// tools/cli/common.cpp: --kb loading with diagnostics, output format defaults, input reading, error exits.
#include "tools/cli/common.hpp"

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <unistd.h>

#include "grammar/diagnostic.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"

#ifndef DDX_DEFAULT_KB_DIR
#define DDX_DEFAULT_KB_DIR "kb"
#endif

namespace ddx::tools::cli {

namespace {

/// The bundled knowledge base: PREFIX/share/ddx/kb beside an installed PREFIX/bin/ddx (`cmake --install`), else the
/// one the build was configured with (the source tree's kb/).
std::string bundled_kb_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share" / "ddx" / "kb";
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
  return DDX_DEFAULT_KB_DIR;
}

}  // namespace

std::vector<std::string> kb_options::effective() const {
  if (!paths.empty()) return paths;
  return {bundled_kb_dir()};
}

void add_kb_option(CLI::App& app, kb_options& options) {
  app.add_option("--kb", options.paths,
                 "knowledge base directory (every *.ddx below it) or file; repeatable; default: the bundled kb")
      ->type_name("PATH")
      ->allow_extra_args(false);
}

void add_format_option(CLI::App& app, std::string& target, const std::vector<std::string>& allowed) {
  std::string names;
  for (const auto& a : allowed) names += (names.empty() ? "" : "|") + a;
  app.add_option("--format", target, "output format: " + names)->check(CLI::IsMember(allowed))->type_name("FORMAT");
}

bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }

bool use_color() {
  const char* no_color = std::getenv("NO_COLOR");
  return stdout_is_terminal() && (no_color == nullptr || *no_color == '\0');
}

std::string default_format(const std::string& requested) {
  if (!requested.empty()) return requested;
  return stdout_is_terminal() ? "text" : "json";
}

std::unique_ptr<engine::load_result> load_kb(const kb_options& options, bool json_diagnostics) {
  // Commands that query the knowledge base skip the lints: warnings are `ddx check`'s business, and a
  // diagnosis printed after forty lint warnings would bury the errors that matter.
  engine::load_options load_options;
  load_options.lints = false;
  auto loaded = std::make_unique<engine::load_result>(engine::load(options.effective(), load_options));
  if (!loaded->diags.empty()) {
    if (json_diagnostics) std::cerr << dump_json(diagnostics_json(loaded->diags, loaded->sources), false) << "\n";
    else std::cerr << grammar::format_diagnostics(loaded->diags, loaded->sources);
  }
  if (loaded->diags.has_errors() || !loaded->kb) {
    std::cerr << "ddx: error: the knowledge base has errors; nothing was computed\n";
    return nullptr;
  }
  return loaded;
}

std::optional<std::string> read_input(const std::string& path) {
  if (path == "-") {
    std::ostringstream s;
    s << std::cin.rdbuf();
    return s.str();
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    fail("`" + path + "` is a directory, expected a file");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fail("cannot read `" + path + "`");
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int usage_error(const CLI::App& app, const std::string& message) {
  std::string text = message;
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  std::cerr << "ddx: error: " << text << "\n\n" << app.help();
  return exit_usage;
}

int fail(const std::string& message) {
  std::cerr << "ddx: error: " << message << "\n";
  return exit_failure;
}

}  // namespace ddx::tools::cli
