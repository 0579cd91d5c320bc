// tests/engine/bundled_kb_files.hpp: the bundled knowledge base's files as (path, text) pairs, for tests that load
// it from memory (engine::load_texts) after changing it or its options.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace ddx::engine::testing {

using texts = std::vector<std::pair<std::string, std::string>>;

/// Every *.ddx below kb/, paths relative to the source tree, in sorted order.
inline texts read_bundled_kb() {
  texts out;
  const std::filesystem::path root = DDX_SOURCE_DIR "/kb";
  for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().extension() != ".ddx") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    out.emplace_back(std::filesystem::relative(e.path(), DDX_SOURCE_DIR).generic_string(), s.str());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace ddx::engine::testing
