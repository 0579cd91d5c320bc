// tools/bench/gen_main.cpp: ddx_bench_gen: writes one synthetic scale's rule file, cases and CLIPS programs.
#include <cstdio>
#include <string>

#include "tools/bench/emit.hpp"

int main(int argc, char** argv) {
  using namespace ddx::tools::bench;
  std::string scale = "running", out = "tools/bench/out";
  long cases = -1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i];
    if (key == "--scale") scale = argv[i + 1];
    else if (key == "--out") out = argv[i + 1];
    else if (key == "--cases") cases = std::stol(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: ddx_bench_gen [--scale running|dxplain|x<N>] [--out DIR] [--cases N]\n");
      return 2;
    }
  }
  auto params = scale_by_name(scale);
  if (!params) {
    std::fprintf(stderr, "error: unknown scale `%s`, expected running, dxplain or x<N>\n", scale.c_str());
    return 2;
  }
  if (cases >= 0) params->cases = static_cast<std::uint32_t>(cases);
  const auto kb = generate(*params);
  const std::string dir = out + "/" + scale;
  if (!write_scale(kb, dir, true)) {
    std::fprintf(stderr, "error: cannot write `%s`\n", dir.c_str());
    return 1;
  }
  std::printf("%s: %u conditions, %u findings, %u links, %zu rules, %u facts, %u flags, %zu cases -> %s\n",
              scale.c_str(), params->conditions, params->findings, kb.link_count, kb.rules.size(), params->facts,
              params->flags, kb.cases.size(), dir.c_str());
  return 0;
}
