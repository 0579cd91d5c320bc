// tools/bench/run_clips.cpp: times one CLIPS encoding: load from text, then every case (reset, assert, run).
#include <chrono>
#include <cstdio>

#include "tools/bench/children.hpp"
#include "tools/bench/clips_host.hpp"
#include "tools/bench/common.hpp"

namespace ddx::tools::bench {
namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

std::vector<std::vector<std::string>> case_facts(const std::vector<text_case>& cases) {
  std::vector<std::vector<std::string>> out;
  for (const auto& c : cases) {
    auto& facts = out.emplace_back();
    for (const auto& f : c.present) facts.push_back("(p " + f + ")");
    for (const auto& f : c.absent) facts.push_back("(a " + f + ")");
  }
  return out;
}

}  // namespace

int run_clips_child(const child_options& options) {
  std::string error;
  auto env = clips_env::open(error);
  if (!env) {
    std::printf("%s\n", format_result({{"error", "no-clips"}}).c_str());
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return 1;
  }
  const std::string program = options.dir + "/clips_" + options.encoding + ".clp";
  const double cpu_start = cpu_seconds();
  const auto load_start = clock_type::now();
  if (!env->load(program)) {
    std::fprintf(stderr, "error: CLIPS could not load `%s`:\n%s\n", program.c_str(), env->errors().c_str());
    return 1;
  }
  const double load_s = seconds_since(load_start);
  const double load_cpu_s = cpu_seconds() - cpu_start;
  auto cases = read_cases(options.dir + "/cases.txt");
  if (options.max_cases > 0 && cases.size() > options.max_cases) cases.resize(options.max_cases);
  const auto facts = case_facts(cases);
  env->run_case(facts.front());  // warm-up
  std::vector<double> times;
  std::vector<top_answer> answers;
  // Passes over the cases until min_seconds have passed (the top 10 from the first); a slow encoding stops at the
  // budget, even inside its first pass.
  const auto all_start = clock_type::now();
  for (bool first = true, over = false; !over && (first || seconds_since(all_start) < options.min_seconds); first = false)
    for (const auto& f : facts) {
      const auto start = clock_type::now();
      const std::string& line = env->run_case(f);
      times.push_back(seconds_since(start) * 1e6);
      if (first) answers.push_back(parse_answer(line));
      if ((over = seconds_since(all_start) > options.budget_seconds)) break;
    }
  write_answers(options.dir + "/answers_clips_" + options.encoding + ".txt", answers);
  auto result = clips_timing(load_s, times);
  result["load_cpu_s"] = std::to_string(load_cpu_s);
  result["samples"] = std::to_string(times.size());
  result["cases"] = std::to_string(answers.size());  // distinct cases timed; `samples` counts every pass
  std::printf("%s\n", format_result(result).c_str());
  return 0;
}

}  // namespace ddx::tools::bench
