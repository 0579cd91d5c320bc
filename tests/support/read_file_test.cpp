// tests/support/read_file_test.cpp: a file read whole, in one sized read or (from a pipe) in chunks; errors as words.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "support/read_file.hpp"

#if defined(__linux__)
#include <sys/stat.h>
#endif

namespace ddx::support {

TEST_SUITE("support.read_file") {
  TEST_CASE("a regular file is read whole, bytes as they are") {
    const auto path = std::filesystem::temp_directory_path() / "ddx_read_file_test.bin";
    std::string written = "rule r \"x\"\r\n  when a.b\n";
    written += std::string(1, '\0') + std::string(200000, 'z');  // a NUL and more than one chunk
    std::ofstream(path, std::ios::binary) << written;
    std::string text, error;
    CHECK(read_file(path.string(), text, error));
    CHECK(text == written);
    CHECK(error.empty());
    std::filesystem::remove(path);
  }

  TEST_CASE("a missing file is an error in words, in lower case") {
    std::string text, error;
    CHECK_FALSE(read_file("/nonexistent/ddx/kb.ddx", text, error));
    CHECK(error == "no such file or directory");
  }

#if defined(__linux__)
  TEST_CASE("a pipe, which cannot seek, is read in chunks to its end") {
    const auto path = std::filesystem::temp_directory_path() / "ddx_read_file_test.fifo";
    std::filesystem::remove(path);
    REQUIRE(mkfifo(path.c_str(), 0600) == 0);
    const std::string written(150000, 'p');
    std::thread writer([&] { std::ofstream(path, std::ios::binary) << written; });
    std::string text, error;
    CHECK(read_file(path.string(), text, error));
    writer.join();
    CHECK(text == written);
    std::filesystem::remove(path);
  }
#endif
}

}  // namespace ddx::support
