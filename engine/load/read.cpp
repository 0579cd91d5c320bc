// engine/load/read.cpp: files and directories read whole into the source manager; what cannot be read is E001.
#include "engine/load/read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "support/read_file.hpp"

namespace ddx::engine::detail {

namespace fs = std::filesystem;

void source_reader::report_unreadable(const std::string& path, const std::string& reason) {
  const auto id = sources.add(path, "");
  unreadable.push_back(id);
  diags.error("E001", {id, 0, 0}, fmt::format("cannot read `{}`: {}", path, reason), "check the path and its permissions");
}

void source_reader::add_file(const std::string& path, const std::string& name) {
  std::string text, error;
  if (!support::read_file(path, text, error)) return report_unreadable(path, error);
  sources.add(name.empty() ? path : name, std::move(text));
}

void source_reader::add_path(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return add_file(path);
  std::vector<std::string> found;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".ddx") found.push_back(it->path().string());
  if (ec) report_unreadable(path, ec.message());
  else if (found.empty()) {
    // Not an empty knowledge base: that would answer every case `self_care` with no red flag checked.
    const auto id = sources.add(path, "");
    unreadable.push_back(id);
    diags.error("E001", {id, 0, 0}, fmt::format("no `*.ddx` file below `{}`", path),
                "give a directory that holds rule files, or a rule file");
    return;
  }
  std::sort(found.begin(), found.end());
  // Files found under a directory are named `<directory name>/<path below it>` (`kb/knee.ddx`), whatever
  // the directory was called on the command line, so rule locations read the same everywhere and the
  // digest of a knowledge base does not depend on where it was checked out.
  fs::path root = fs::path(path).lexically_normal();
  if (root.filename().empty()) root = root.parent_path();
  std::string prefix = root.filename().string();
  if (prefix == "." || prefix == "..") prefix.clear();
  for (const auto& f : found) {
    const std::string below = fs::path(f).lexically_relative(path).generic_string();
    add_file(f, prefix.empty() ? below : prefix + "/" + below);
  }
}

}  // namespace ddx::engine::detail
