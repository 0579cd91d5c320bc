// tests/tools/tools_support.hpp: shared helpers for the tools tests: the sample knowledge base and running `ddx`.
#pragma once

#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "engine/kb.hpp"

namespace ddx::tools::test {

inline const std::string sample_kb_dir = std::string(DDX_TEST_DATA_DIR) + "/tools/kb";
inline const std::string tools_data_dir = std::string(DDX_TEST_DATA_DIR) + "/tools";

/// The sample knowledge base, loaded once per test binary.
inline const engine::load_result& sample_kb() {
  static const auto loaded = std::make_unique<engine::load_result>(engine::load({sample_kb_dir}));
  return *loaded;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct cli_run {
  int status = -1;
  std::string out, err;
};

/// Runs `ddx ARGS` through the shell; stdout and stderr captured separately.
inline cli_run run_ddx(const std::string& args, const std::string& stdin_text = {}, const std::string& cwd = {}) {
  char dir[] = "/tmp/ddx-cli-test-XXXXXX";
  cli_run r;
  if (!::mkdtemp(dir)) return r;
  const std::string err_path = std::string(dir) + "/err", in_path = std::string(dir) + "/in";
  std::ofstream(in_path) << stdin_text;
  const std::string cd = cwd.empty() ? std::string{} : "cd '" + cwd + "' && ";
  const std::string cmd = cd + "NO_COLOR=1 " + DDX_BINARY + " " + args + " <" + in_path + " 2>" + err_path;
  if (FILE* p = ::popen(cmd.c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
    const int w = ::pclose(p);
    r.status = WIFEXITED(w) ? WEXITSTATUS(w) : 128 + WTERMSIG(w);
  }
  r.err = read_file(err_path);
  std::remove(err_path.c_str());
  std::remove(in_path.c_str());
  ::rmdir(dir);
  return r;
}

/// The last non-empty line of a text.
inline std::string last_line(const std::string& text) {
  auto end = text.find_last_not_of('\n');
  if (end == std::string::npos) return {};
  auto begin = text.rfind('\n', end);
  return text.substr(begin == std::string::npos ? 0 : begin + 1, end - (begin == std::string::npos ? 0 : begin + 1) + 1);
}

}  // namespace ddx::tools::test
