// engine/load/read.cpp: files and directories read whole into the source manager; what cannot be read is E001.
#include "engine/load/read.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "grammar/huge_pages.hpp"

namespace ddx::engine::detail {
namespace {

namespace fs = std::filesystem;

/// The whole stream into `text`: one sized read for a regular file (size from seeking to the end), chunks for
/// anything that cannot seek (a pipe). False on a read error.
bool read_all(std::ifstream& in, std::string& text) {
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size >= 0) {
    in.seekg(0, std::ios::beg);
    text.reserve(static_cast<std::size_t>(size));
    grammar::advise_huge_pages(text.data(), text.capacity(), grammar::will_write::all);  // before resize writes
    text.resize(static_cast<std::size_t>(size));
    in.read(text.data(), size);
    return !in.bad() && in.gcount() == size;
  }
  in.clear();
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) text.append(chunk, static_cast<std::size_t>(in.gcount()));
  return !in.bad();
}

}  // namespace

void source_reader::report_unreadable(const std::string& path, const std::string& reason) {
  const auto id = sources.add(path, "");
  unreadable.push_back(id);
  diags.error("E001", {id, 0, 0}, fmt::format("cannot read `{}`: {}", path, reason), "check the path and its permissions");
}

void source_reader::add_file(const std::string& path, const std::string& name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::string reason = std::strerror(errno);
    if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
    return report_unreadable(path, reason);
  }
  std::string text;
  if (!read_all(in, text)) return report_unreadable(path, "read failed");
  sources.add(name.empty() ? path : name, std::move(text));
}

void source_reader::add_path(const std::string& path) {
  std::error_code ec;
  if (!fs::is_directory(path, ec)) return add_file(path);
  std::vector<std::string> found;
  for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file(ec) && it->path().extension() == ".ddx") found.push_back(it->path().string());
  if (ec) report_unreadable(path, ec.message());
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
