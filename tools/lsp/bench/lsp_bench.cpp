// tools/lsp/bench/lsp_bench.cpp: `ddx_lsp_bench`: the language server's speed and memory as an editor sees them.
// Starts `ddx lsp` on a copy of a knowledge base, opens one file and edits it N times (each edit breaks or mends one
// name, so every edit publishes diagnostics); reports the median and 90th percentile time from sending the change to
// receiving its diagnostics, and the server's resident memory every 1,000 edits. A benchmark, not a test
// (docs/performance.md gives the command and the figures).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "tools/lsp/client.hpp"
#include "tools/lsp/text.hpp"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

double rss_mib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
  return 0;
}

double quantile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5)];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ddx_lsp_bench: edit-to-diagnostics time and memory of `ddx lsp`"};
  std::string ddx = DDX_BINARY_PATH, kb = DDX_DEFAULT_KB_DIR, file = "knee.ddx", name = "itbs";
  int edits = 10000;
  app.add_option("--ddx", ddx, "the ddx binary")->capture_default_str();
  app.add_option("--kb", kb, "the knowledge base directory (copied to a temporary directory)")->capture_default_str();
  app.add_option("--file", file, "the file edited, relative to --kb")->capture_default_str();
  app.add_option("--name", name, "a name used in that file: each edit appends or removes `x` at its first use")->capture_default_str();
  app.add_option("--edits", edits, "number of edits")->capture_default_str()->check(CLI::Range(2, 10000000));
  CLI11_PARSE(app, argc, argv);

  const fs::path root = fs::temp_directory_path() / ("ddx-lsp-bench-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::copy(kb, root, fs::copy_options::recursive);
  std::ifstream in(root / file);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  // The first use of the name after its declaration: `for NAME`, `expect NAME`, ...
  std::size_t at = std::string::npos;
  for (const std::string& use : {"for " + name + " ", "expect " + name + " ", "against " + name + " "}) {
    at = text.find(use);
    if (at != std::string::npos) {
      at += use.size() - 1;
      break;
    }
  }
  if (at == std::string::npos) {
    std::cerr << "ddx_lsp_bench: no `for " << name << "` in " << file << "\n";
    return 2;
  }
  const ddx::tools::lsp::line_index lines(text);
  const json position = lines.position(static_cast<std::uint32_t>(at));

  ddx::tools::lsp::lsp_client c(ddx);
  const std::string uri = ddx::tools::lsp::path_to_uri((root / file).string());
  const auto t0 = std::chrono::steady_clock::now();
  c.request("initialize", {{"processId", nullptr}, {"rootUri", ddx::tools::lsp::path_to_uri(root.string())}, {"capabilities", json::object()}});
  c.notify("initialized", json::object());
  c.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "ddx"}, {"version", 1}, {"text", text}}}});
  c.request("shutdown_probe/none", json::object());  // answered after the open's check: a barrier
  const double startup_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "startup (initialize, check, open): " << startup_ms << " ms; rss " << rss_mib(c.pid()) << " MiB\n";

  std::vector<double> ms;
  ms.reserve(static_cast<std::size_t>(edits));
  std::vector<std::pair<int, double>> rss{{0, rss_mib(c.pid())}};
  for (int i = 0; i < edits; ++i) {
    const bool add = i % 2 == 0;
    json range = {{"start", position}, {"end", position}};
    if (!add) range["end"]["character"] = position["character"].get<int>() + 1;
    const auto start = std::chrono::steady_clock::now();
    c.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", i + 2}}},
                                        {"contentChanges", json::array({{{"range", range}, {"text", add ? "x" : ""}}})}});
    c.wait_for([&](const json& m) { return m.value("method", "") == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri; });
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    if ((i + 1) % 1000 == 0 || i + 1 == edits) rss.emplace_back(i + 1, rss_mib(c.pid()));
  }
  std::cout << "edits: " << edits << " to " << file << " (" << kb << ")\n";
  std::cout << "edit to diagnostics: median " << quantile(ms, 0.5) << " ms, p90 " << quantile(ms, 0.9) << " ms, max "
            << *std::max_element(ms.begin(), ms.end()) << " ms\n";
  std::cout << "rss (MiB) by edits:";
  for (const auto& [n, m] : rss) std::cout << " " << n << ":" << m;
  std::cout << "\n";
  c.request("shutdown", nullptr);
  c.notify("exit", nullptr);
  const int status = c.finish();
  fs::remove_all(root);
  return status;
}
