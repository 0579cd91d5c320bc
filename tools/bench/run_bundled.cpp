// tools/bench/run_bundled.cpp: the bundled knowledge base in CLIPS: translate it, load it, time its test cases.
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "engine/compile/network.hpp"
#include "engine/kb.hpp"
#include "tools/bench/children.hpp"
#include "tools/bench/clips_host.hpp"
#include "tools/bench/common.hpp"
#include "tools/bench/emit.hpp"

namespace ddx::tools::bench {
namespace {

using clock_type = std::chrono::steady_clock;

/// Each test's case as CLIPS fact strings: `(p F)`, `(a F)`, `(v V number)`.
std::vector<std::vector<std::string>> test_facts(const engine::compiled_kb& kb) {
  std::vector<std::vector<std::string>> out;
  for (const auto& t : kb.m.tests) {
    auto& facts = out.emplace_back();
    for (auto f : t.present) facts.push_back("(p " + kb.m.findings[f].id + ")");
    for (auto f : t.absent) facts.push_back("(a " + kb.m.findings[f].id + ")");
    for (const auto& [v, x] : t.values) facts.push_back(fmt::format("(v {} {:.17g})", kb.m.values[v].id, x));
  }
  return out;
}

}  // namespace

int run_bundled_clips_child(const child_options& options) {
  auto loaded = engine::load({options.dir}, {.lints = false});
  if (!loaded.kb) {
    std::fprintf(stderr, "error: ddx could not load `%s`\n", options.dir.c_str());
    return 1;
  }
  const auto& kb = loaded.kb->impl();
  const std::string dir = options.out + "/bundled";
  std::filesystem::create_directories(dir);
  const std::string program = dir + "/clips_model.clp";
  try {
    if (!write_file(program, emit_clips_model(kb))) return 1;
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "error: cannot translate `%s` to CLIPS: %s\n", options.dir.c_str(), e.what());
    return 1;
  }
  std::string error;
  auto env = clips_env::open(error);
  if (!env) {
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return 1;
  }
  const auto load_start = clock_type::now();
  if (!env->load(program)) {
    std::fprintf(stderr, "error: CLIPS could not load `%s`:\n%s\n", program.c_str(), env->errors().c_str());
    return 1;
  }
  const double load_s = std::chrono::duration<double>(clock_type::now() - load_start).count();
  const auto facts = test_facts(kb);
  if (facts.empty()) return 1;
  std::vector<top_answer> answers;
  std::vector<double> times;
  const auto begin = clock_type::now();
  for (std::size_t round = 0;
       round < options.rounds || std::chrono::duration<double>(clock_type::now() - begin).count() < options.min_seconds; ++round)
    for (const auto& f : facts) {
      const auto start = clock_type::now();
      const std::string& line = env->run_case(f);
      times.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - start).count());
      if (round == 0) answers.push_back(parse_answer(line));
    }
  write_answers(dir + "/answers_clips.txt", answers);
  auto result = clips_timing(load_s, times);
  result["samples"] = std::to_string(times.size());
  result["cases"] = std::to_string(facts.size());  // distinct cases; `samples` counts every pass
  std::printf("%s\n", format_result(result).c_str());
  return 0;
}

}  // namespace ddx::tools::bench
