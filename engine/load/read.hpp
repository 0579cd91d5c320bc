// engine/load/read.hpp: reading knowledge-base files and directories into a source manager.
#pragma once

#include <string>
#include <vector>

#include "grammar/diagnostic.hpp"
#include "grammar/source.hpp"

namespace ddx::engine::detail {

/// Reads paths into `sources`; an unreadable one becomes E001 in `diags` at a placeholder (empty) source named after
/// it, so the message has a location, and is listed in `unreadable` to be left out of parsing.
struct source_reader {
  grammar::source_manager& sources;
  grammar::diagnostics& diags;
  std::vector<grammar::file_id> unreadable;

  /// A file, or every `*.ddx` below a directory in sorted path order, named `<directory name>/<path below it>`;
  /// a directory with none is E001.
  void add_path(const std::string& path);
  /// One file; `name` is what diagnostics, rule locations and the digest call it (defaults to `path`).
  void add_file(const std::string& path, const std::string& name = {});

 private:
  void report_unreadable(const std::string& path, const std::string& reason);
};

}  // namespace ddx::engine::detail
