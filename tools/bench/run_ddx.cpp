// tools/bench/run_ddx.cpp: times ddx on one scale: load from text, per-case latency, throughput on all cores.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <thread>

#include "engine/compile/network.hpp"
#include "engine/kb.hpp"
#include "tools/bench/children.hpp"
#include "tools/bench/common.hpp"

namespace ddx::tools::bench {
namespace {

using clock_type = std::chrono::steady_clock;
using engine::knowledge_base;

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

std::string num(double x) { return std::to_string(x); }

/// The cases a child times: as text (what a caller sends) and resolved (what the fast path takes).
struct case_set {
  std::vector<engine::case_input> inputs;
  std::vector<engine::resolved_case> resolved;
};

top_answer answer_of(const knowledge_base& kb, const engine::raw_ranking& r) {
  top_answer a;
  for (const auto& c : r.differential) {
    a.ids.push_back(kb.condition_id(c.condition));
    a.scores.push_back(c.log_score);
  }
  for (auto f : r.flags) a.flags.push_back(kb.impl().m.flags[f].id);
  std::sort(a.flags.begin(), a.flags.end());
  return a;
}

/// Per-case microseconds over at least `rounds` passes and `min_seconds`: resolve from ids + rank (`with_resolve`),
/// or rank alone.
std::vector<double> time_cases(const knowledge_base& kb, const case_set& cases, std::size_t rounds, double min_seconds,
                               bool with_resolve) {
  engine::inference_scratch scratch;
  engine::raw_ranking out;
  std::vector<engine::case_error> errors;
  engine::resolved_case resolved;
  std::vector<double> times;
  const auto begin = clock_type::now();
  for (std::size_t round = 0; round < rounds || seconds_since(begin) < min_seconds; ++round)
    for (std::size_t k = 0; k < cases.inputs.size(); ++k) {
      const auto start = clock_type::now();
      if (with_resolve) {
        kb.resolve(cases.inputs[k], resolved, errors);
        kb.rank(resolved, scratch, out, 10);
      } else {
        kb.rank(cases.resolved[k], scratch, out, 10);
      }
      times.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - start).count());
    }
  return times;
}

/// Public-API cost: diagnose() builds the full result (strings, evidence items), no next questions.
std::vector<double> time_diagnose(const knowledge_base& kb, const case_set& cases) {
  engine::diagnose_options options;
  options.next_questions = false;
  options.top = 10;
  std::vector<double> times;
  for (const auto& c : cases.resolved) {
    const auto start = clock_type::now();
    const auto result = kb.diagnose(c, options);
    times.push_back(std::chrono::duration<double, std::micro>(clock_type::now() - start).count());
  }
  return times;
}

/// Cases per second with `threads` threads, each with its own scratch, for about `seconds`.
double throughput(const knowledge_base& kb, const case_set& cases, unsigned threads, double seconds) {
  std::atomic<std::uint64_t> done{0};
  const auto start = clock_type::now();
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      engine::inference_scratch scratch;
      engine::raw_ranking out;
      std::vector<engine::case_error> errors;
      engine::resolved_case resolved;
      std::uint64_t n = 0;
      for (std::size_t k = t; seconds_since(start) < seconds; k = (k + threads) % cases.inputs.size(), ++n) {
        kb.resolve(cases.inputs[k], resolved, errors);
        kb.rank(resolved, scratch, out, 10);
      }
      done += n;
    });
  for (auto& th : pool) th.join();
  return static_cast<double>(done.load()) / seconds_since(start);
}

/// `dir/kb.ddx` loaded as production does (lints off), with its wall and CPU seconds; a failure is reported on
/// stderr with the first diagnostics.
struct timed_load {
  engine::load_result loaded;
  double wall_s = 0, cpu_s = 0;
  /// `one_thread`: parse on one thread however large the file (engine::load_options::parse_on_two_threads_from).
  explicit timed_load(const std::string& dir, bool one_thread = false) {
    const double cpu_start = cpu_seconds();
    const auto start = clock_type::now();
    engine::load_options options{.lints = false};
    if (one_thread) options.parse_on_two_threads_from = std::numeric_limits<std::size_t>::max();
    loaded = engine::load({dir + "/kb.ddx"}, options);
    wall_s = seconds_since(start);
    cpu_s = cpu_seconds() - cpu_start;
    if (loaded.kb) return;
    std::fprintf(stderr, "error: ddx could not load `%s/kb.ddx` (%zu diagnostics)\n", dir.c_str(), loaded.diags.all().size());
    for (std::size_t i = 0; i < loaded.diags.all().size() && i < 5; ++i)
      std::fprintf(stderr, "  %s %s\n", loaded.diags.all()[i].code.c_str(), loaded.diags.all()[i].message.c_str());
  }
};

}  // namespace

int run_ddx_child(const child_options& options) {
  const timed_load load(options.dir);
  if (!load.loaded.kb) return 1;
  const double load_s = load.wall_s, load_cpu_s = load.cpu_s;
  const auto& kb = *load.loaded.kb;
  auto texts = read_cases(options.dir + "/cases.txt");
  if (options.max_cases > 0 && texts.size() > options.max_cases) texts.resize(options.max_cases);
  case_set cases;
  std::vector<engine::case_error> errors;
  std::vector<top_answer> answers;
  engine::inference_scratch scratch;
  engine::raw_ranking out;
  for (const auto& t : texts) {
    cases.inputs.push_back({t.id, t.present, t.absent, {}});
    auto resolved = kb.resolve(cases.inputs.back(), errors);
    if (!resolved) {
      std::fprintf(stderr, "error: case %s does not resolve\n", t.id.c_str());
      return 1;
    }
    kb.rank(*resolved, scratch, out, 10);
    answers.push_back(answer_of(kb, out));
    cases.resolved.push_back(std::move(*resolved));
  }
  write_answers(options.dir + "/answers_ddx.txt", answers);
  // ddx's peak: the knowledge base, the cases and a scratch that has ranked every case; the latency samples that
  // follow (a few MB at small scales) are the benchmark's, not ddx's.
  const long peak_kb = peak_rss_kb();
  const auto full = time_cases(kb, cases, options.rounds, options.min_seconds, true);
  const auto core = time_cases(kb, cases, options.rounds, options.min_seconds, false);
  const auto diagnose = time_diagnose(kb, cases);
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  const double per_s = throughput(kb, cases, threads, 1.0);
  std::printf("%s\n", format_result({{"load_s", num(load_s)},
                                     {"load_cpu_s", num(load_cpu_s)},
                                     {"cases", std::to_string(cases.inputs.size())},
                                     {"rules", std::to_string(kb.rule_count())},
                                     {"samples", std::to_string(full.size())},
                                     {"median_us", num(percentile(full, 0.5))},
                                     {"p99_us", num(percentile(full, 0.99))},
                                     {"rank_median_us", num(percentile(core, 0.5))},
                                     {"rank_p99_us", num(percentile(core, 0.99))},
                                     {"diagnose_median_us", num(percentile(diagnose, 0.5))},
                                     {"threads", std::to_string(threads)},
                                     {"peak_kb", std::to_string(peak_kb)},
                                     {"cases_per_s", num(per_s)}})
                          .c_str());
  return 0;
}

int run_load_child(const child_options& options, bool one_thread) {
  const timed_load load(options.dir, one_thread);
  if (!load.loaded.kb) return 1;
  std::printf("%s\n", format_result({{"load_s", num(load.wall_s)},
                                     {"load_cpu_s", num(load.cpu_s)},
                                     {"peak_kb", std::to_string(peak_rss_kb())}})
                          .c_str());
  return 0;
}

int run_profile_child(const child_options& options) {
  // For a profiler: `cases` loads once and then spends its time on cases; `load` only loads.
  auto loaded = engine::load({options.dir + "/kb.ddx"}, {.lints = false});
  if (!loaded.kb || options.encoding == "load") return loaded.kb ? 0 : 1;
  const auto& kb = *loaded.kb;
  case_set cases;
  std::vector<engine::case_error> errors;
  for (const auto& t : read_cases(options.dir + "/cases.txt")) {
    cases.inputs.push_back({t.id, t.present, t.absent, {}});
    cases.resolved.push_back(*kb.resolve(cases.inputs.back(), errors));
  }
  const auto times = time_cases(kb, cases, options.rounds * 10, options.min_seconds, options.encoding != "rank");
  std::printf("%s\n", format_result({{"median_us", num(percentile(times, 0.5))}}).c_str());
  return 0;
}

int run_bundled_child(const child_options& options) {
  const auto load_start = clock_type::now();
  auto loaded = engine::load({options.dir});
  const double load_s = seconds_since(load_start);
  if (!loaded.kb) {
    std::fprintf(stderr, "error: ddx could not load `%s`\n", options.dir.c_str());
    return 1;
  }
  const auto& kb = *loaded.kb;
  const auto outcomes = kb.run_tests();
  const auto passed = std::count_if(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.passed; });
  case_set cases;
  for (const auto& t : kb.impl().m.tests) {
    cases.resolved.push_back({t.id, t.present, t.absent, t.values});
    engine::case_input input{t.id, {}, {}, {}};
    for (auto f : t.present) input.present.push_back(kb.finding_id(f));
    for (auto f : t.absent) input.absent.push_back(kb.finding_id(f));
    for (const auto& [v, x] : t.values) input.values.emplace_back(kb.impl().m.values[v].id, x);
    cases.inputs.push_back(std::move(input));
  }
  if (cases.inputs.empty()) {
    std::fprintf(stderr, "error: `%s` has no tests to time\n", options.dir.c_str());
    return 1;
  }
  if (!options.out.empty()) {  // the answers CLIPS is compared with (run_bundled.cpp)
    engine::inference_scratch scratch;
    engine::raw_ranking out;
    std::vector<top_answer> answers;
    for (const auto& c : cases.resolved) {
      kb.rank(c, scratch, out, 10);
      answers.push_back(answer_of(kb, out));
    }
    std::filesystem::create_directories(options.out + "/bundled");
    write_answers(options.out + "/bundled/answers_ddx.txt", answers);
  }
  const long peak_kb = peak_rss_kb();  // before the latency samples, as in run_ddx_child
  const std::size_t rounds = std::max<std::size_t>(options.rounds, 3000 / cases.inputs.size());
  const auto full = time_cases(kb, cases, rounds, options.min_seconds, true);
  const auto core = time_cases(kb, cases, rounds, options.min_seconds, false);
  const auto diagnose = time_diagnose(kb, cases);
  const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  std::printf("%s\n", format_result({{"load_s", num(load_s)},
                                     {"cases", std::to_string(cases.inputs.size())},
                                     {"tests_passed", std::to_string(passed)},
                                     {"tests", std::to_string(outcomes.size())},
                                     {"rules", std::to_string(kb.rule_count())},
                                     {"samples", std::to_string(full.size())},
                                     {"median_us", num(percentile(full, 0.5))},
                                     {"p99_us", num(percentile(full, 0.99))},
                                     {"rank_median_us", num(percentile(core, 0.5))},
                                     {"rank_p99_us", num(percentile(core, 0.99))},
                                     {"diagnose_median_us", num(percentile(diagnose, 0.5))},
                                     {"threads", std::to_string(threads)},
                                     {"peak_kb", std::to_string(peak_kb)},
                                     {"cases_per_s", num(throughput(kb, cases, threads, 1.0))}})
                          .c_str());
  return 0;
}

}  // namespace ddx::tools::bench
