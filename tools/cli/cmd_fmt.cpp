// tools/cli/cmd_fmt.cpp: `ddx fmt`: rewrite rule files in the canonical layout (atomically); --check only reports.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grammar/diagnostic.hpp"
#include "grammar/parser.hpp"
#include "grammar/unparse.hpp"
#include "tools/cli/common.hpp"
#include "tools/render/diff.hpp"

namespace ddx::tools::cli {
namespace {

namespace fs = std::filesystem;

struct fmt_args {
  std::vector<std::string> files;
  bool check = false;
};

/// Files as given; a directory stands for every *.ddx below it, in sorted order. A directory with none is an error
/// (nullopt, reported): `fmt --check` on a mistyped folder must not pass having checked nothing.
std::optional<std::vector<std::string>> expand(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const auto& p : paths) {
    std::error_code ec;
    if (!fs::is_directory(p, ec)) {
      out.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    for (const auto& e : fs::recursive_directory_iterator(p, ec))
      if (e.is_regular_file() && e.path().extension() == ".ddx") found.push_back(e.path().string());
    if (found.empty()) {
      fail("no `*.ddx` file below `" + p + "`");
      return std::nullopt;
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

/// Temp file in the same directory, fsync, then rename over the original (keeps its permissions).
bool write_atomically(const std::string& path, const std::string& text) {
  std::string tmp = path + ".ddx-fmt-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return false;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) ::fchmod(fd, st.st_mode & 07777);
  bool ok = true;
  for (std::size_t done = 0; ok && done < text.size();) {
    const auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) ok = false;
    else done += static_cast<std::size_t>(n);
  }
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  ok = ok && ::rename(tmp.c_str(), path.c_str()) == 0;
  if (!ok) ::unlink(tmp.c_str());
  return ok;
}

enum class outcome { unchanged, changed, failed };

outcome format_file(const std::string& path, bool check) {
  grammar::source_manager sources;
  grammar::file_id id = 0;
  try {
    id = sources.load(path);
  } catch (const std::exception&) {
    fail("cannot read `" + path + "`");
    return outcome::failed;
  }
  grammar::diagnostics diags;
  const auto ast = grammar::parse(sources, id, diags);
  if (diags.has_errors()) {
    diags.sort_and_dedup(sources);
    std::cerr << grammar::format_diagnostics(diags, sources);
    std::cerr << "ddx: error: `" << path << "` has syntax errors and was left unchanged\n";
    return outcome::failed;
  }
  const auto& before = sources.file(id).text();
  const std::string after = grammar::unparse(ast, sources.file(id));
  if (after == before) return outcome::unchanged;
  if (check) {
    std::cout << unified_diff(before, after, path);
    return outcome::changed;
  }
  if (!write_atomically(path, after)) {
    fail("cannot write `" + path + "`");
    return outcome::failed;
  }
  std::cerr << "formatted " << path << "\n";
  return outcome::changed;
}

int run_fmt(const fmt_args& a) {
  const auto files = expand(a.files);
  if (!files) return exit_failure;
  bool failed = false, changed = false;
  for (const auto& path : *files) {
    const auto o = format_file(path, a.check);
    failed = failed || o == outcome::failed;
    changed = changed || o == outcome::changed;
  }
  return failed || (a.check && changed) ? exit_failure : exit_ok;
}

}  // namespace

subcommand add_fmt(CLI::App& parent) {
  auto args = std::make_shared<fmt_args>();
  auto* app = parent.add_subcommand("fmt", "rewrite rule files in the canonical layout, keeping every comment");
  app->add_option("files", args->files, "rule files, or directories of *.ddx files")->required()->type_name("FILE...");
  app->add_flag("--check", args->check, "change nothing; print a diff for each file that would change, exit 1");
  return {app, [args] { return run_fmt(*args); }};
}

}  // namespace ddx::tools::cli
