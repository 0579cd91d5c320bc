// tests/golden_check.hpp: golden files: an output compared with the file that holds it, DDX_BLESS=1 rewriting them.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <doctest/doctest.h>

namespace ddx::test {

/// DDX_BLESS=1 rewrites the golden files from the current output instead of only comparing.
inline bool bless_requested() {
  const char* v = std::getenv("DDX_BLESS");
  return v != nullptr && std::string(v) == "1";
}

inline std::string read_golden(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// `actual` against the golden file at `path` (with `bless`, written first; an empty output removes it, and a missing
/// file reads as empty).
inline void check_golden(const std::filesystem::path& path, const std::string& actual, bool bless) {
  if (bless) {
    if (actual.empty()) {
      std::filesystem::remove(path);
    } else {
      std::filesystem::create_directories(path.parent_path());
      std::ofstream(path, std::ios::binary) << actual;
    }
  }
  CAPTURE(path.string());
  CHECK(actual == (std::filesystem::exists(path) ? read_golden(path) : std::string()));
}

}  // namespace ddx::test
