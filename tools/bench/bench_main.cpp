// tools/bench/bench_main.cpp: ddx_bench: generates the scales, runs ddx and CLIPS children, prints the tables.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string>
#include <thread>

#include "tools/bench/children.hpp"
#include "tools/bench/emit.hpp"
#include "tools/bench/report.hpp"

namespace ddx::tools::bench {
namespace {

constexpr const char* usage =
    "usage: ddx_bench [--quick] [--out DIR] [--scales running,dxplain] [--series x1,x10,x100]\n"
    "                 [--encodings finding_globals,rule_globals,evidence_facts] [--cases N] [--no-clips]\n"
    "                 [--clips-budget SECONDS] [--threads N] [--kb DIR] [--pairs N]\n";

struct bench_config {
  std::string out = "tools/bench/out";
  std::vector<std::string> scales{"running", "dxplain"};
  std::vector<std::string> series{"x1", "x10", "x100"};
  std::vector<std::string> encodings;
  std::size_t cases = 1000;
  bool clips = true;
  double clips_budget = 20;
  unsigned threads = 0;
  std::string kb = DDX_BENCH_KB_DIR;
  /// ddx and the fastest CLIPS encoding are timed this many times each, alternately, and each figure is the median
  /// over the runs: on a shared machine a slow phase can last a whole child, and a pair shares it.
  int pairs = 5;
};

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

measured run_child(const std::vector<std::string>& args) {
  measured m;
  m.run = spawn_self(args);
  m.result = parse_result(m.run.output);
  if (!m.ok()) std::fprintf(stderr, "  child failed (exit %d): %s\n", m.run.exit_code, m.run.output.c_str());
  return m;
}

std::vector<std::string> common_args(const bench_config& c, const std::string& dir) {
  return {"--dir", dir, "--threads", std::to_string(c.threads), "--clips-budget", std::to_string(c.clips_budget)};
}

bool prepare(const bench_config& c, scale_report& s, synth_params params, bool clips) {
  params.cases = static_cast<std::uint32_t>(c.cases);
  const auto start = std::chrono::steady_clock::now();
  const auto kb = generate(params);
  const std::string dir = c.out + "/" + s.name;
  if (!write_scale(kb, dir, clips)) {
    std::fprintf(stderr, "error: cannot write `%s`\n", dir.c_str());
    return false;
  }
  s.params = params;
  s.rules = kb.rules.size();
  s.links = kb.link_count;
  s.generate_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "%s: %u conditions, %u findings, %zu links, %zu rules, %zu cases (generated in %.2f s)\n",
               s.name.c_str(), params.conditions, params.findings, s.links, s.rules, kb.cases.size(), s.generate_s);
  return true;
}

/// Compile time as a median, like every other figure: the loads of the ddx runs, topped up to `loads` with children
/// that only load (`--child load`), each in a fresh process; the table shows the median, the result also keeps the
/// fastest and slowest.
void median_load(const bench_config& c, scale_report& s, const std::string& dir) {
  constexpr std::size_t loads = 5;
  std::vector<double> walls, cpus;
  for (const auto& r : s.ddx_runs) {
    walls.push_back(r.number("load_s"));
    cpus.push_back(r.number("load_cpu_s"));
  }
  while (walls.size() < loads) {
    auto args = common_args(c, dir);
    args.insert(args.begin(), {"--child", "load"});
    const measured m = run_child(args);
    if (!m.ok()) return;  // already reported by run_child: keep the loads so far
    walls.push_back(m.number("load_s"));
    cpus.push_back(m.number("load_cpu_s"));
  }
  std::string all;
  for (double w : walls) all += (all.empty() ? "" : ",") + std::to_string(w);
  s.ddx.result["load_s"] = std::to_string(median(walls));
  s.ddx.result["load_cpu_s"] = std::to_string(median(cpus));
  s.ddx.result["load_runs"] = std::to_string(walls.size());
  s.ddx.result["load_min_s"] = std::to_string(*std::min_element(walls.begin(), walls.end()));
  s.ddx.result["load_max_s"] = std::to_string(*std::max_element(walls.begin(), walls.end()));
  std::fprintf(stderr, "  ddx loads (s): %s\n", all.c_str());
}

/// The encodings whose first run succeeded and took at most 1.5 times the fastest one's per-case median: close
/// enough that one run cannot tell which is the fastest, so each is timed again in every round.
std::vector<std::string> contenders(const scale_report& s) {
  double fastest = 0;
  for (const auto& [name, runs] : s.clips_runs)
    if (!runs.empty() && runs.front().ok() && (fastest == 0 || runs.front().number("median_us") < fastest))
      fastest = runs.front().number("median_us");
  std::vector<std::string> out;
  for (const auto& [name, runs] : s.clips_runs)
    if (!runs.empty() && runs.front().ok() && runs.front().number("median_us") <= 1.5 * fastest) out.push_back(name);
  return out;
}

/// `pairs` rounds: a ddx child, then CLIPS children (every encoding in the first round, the contenders for the
/// fastest in the later ones), so that ddx and the best CLIPS encoding are timed back to back in each round.
void measure(const bench_config& c, scale_report& s, const std::vector<std::string>& encodings) {
  const std::string dir = c.out + "/" + s.name;
  std::vector<std::string> timed = encodings;
  for (int round = 1; round <= c.pairs; ++round) {
    auto args = common_args(c, dir);
    args.insert(args.begin(), {"--child", "ddx"});
    const measured& d = s.ddx_runs.emplace_back(run_child(args));
    std::fprintf(stderr, "  ddx (%d/%d): %s\n", round, c.pairs, format_result(d.result).c_str());
    if (!d.ok()) break;
    for (const auto& e : timed) {
      auto clips_args = common_args(c, dir);
      clips_args.insert(clips_args.begin(), {"--child", "clips", "--encoding", e});
      const measured& m = s.clips_runs[e].emplace_back(run_child(clips_args));
      std::fprintf(stderr, "  clips %s (%d/%d): %s", e.c_str(), round, c.pairs, format_result(m.result).c_str());
      if (m.ok()) std::fprintf(stderr, "; CLIPS/ddx %.1f×", m.number("median_us") / d.number("median_us"));
      std::fprintf(stderr, "\n");
    }
    if (round == 1) timed = contenders(s);  // none ran: the later rounds time ddx alone
  }
  s.ddx = combine_runs(s.ddx_runs);
  for (const auto& [name, runs] : s.clips_runs) s.clips[name] = combine_runs(runs);
  if (!s.ddx.ok()) return;
  median_load(c, s, dir);
  const auto ddx_answers = read_answers(dir + "/answers_ddx.txt");
  for (const auto& [e, m] : s.clips) {
    if (!m.ok()) continue;
    const auto g = compare_answers(ddx_answers, read_answers(dir + "/answers_clips_" + e + ".txt"));
    s.agreement_with[e] = g;
    if (!g.first_difference.empty()) std::fprintf(stderr, "  first difference (%s): %s\n", e.c_str(), g.first_difference.c_str());
  }
}

/// The bundled knowledge base and its translation to CLIPS, alternating like the scales' pairs.
void measure_bundled(const bench_config& c, bench_report& report) {
  for (int round = 1; round <= c.pairs; ++round) {
    const measured& d = report.bundled_runs.emplace_back(
        run_child({"--child", "bundled", "--dir", c.kb, "--out", c.out, "--threads", std::to_string(c.threads)}));
    std::fprintf(stderr, "bundled %s (%d/%d): %s\n", c.kb.c_str(), round, c.pairs, format_result(d.result).c_str());
    if (!d.ok()) break;
    if (!c.clips) continue;
    const measured& m = report.bundled_clips_runs.emplace_back(run_child({"--child", "bundled_clips", "--dir", c.kb, "--out", c.out}));
    std::fprintf(stderr, "bundled clips (%d/%d): %s", round, c.pairs, format_result(m.result).c_str());
    if (m.ok()) std::fprintf(stderr, "; CLIPS/ddx %.1f×", m.number("median_us") / d.number("median_us"));
    std::fprintf(stderr, "\n");
    if (!m.ok()) break;
  }
  report.bundled = combine_runs(report.bundled_runs);
  report.bundled_clips = combine_runs(report.bundled_clips_runs);
  if (report.bundled.ok() && report.bundled_clips.ok()) {
    report.bundled_agreement = compare_answers(read_answers(c.out + "/bundled/answers_ddx.txt"),
                                               read_answers(c.out + "/bundled/answers_clips.txt"));
    if (!report.bundled_agreement.first_difference.empty())
      std::fprintf(stderr, "  first difference: %s\n", report.bundled_agreement.first_difference.c_str());
  }
}

int run_parent(const bench_config& c) {
  bench_report report;
  report.cores = c.threads ? c.threads : std::max(1u, std::thread::hardware_concurrency());
  report.load_before = load_average();
  std::vector<std::string> encodings = c.encodings;
  if (encodings.empty())
    for (auto e : all_encodings()) encodings.push_back(encoding_name(e));
  if (!c.clips) encodings.clear();
  for (const auto& name : c.scales) {
    const auto params = scale_by_name(name);
    if (!params) { std::fprintf(stderr, "error: unknown scale `%s`\n", name.c_str()); return 2; }
    scale_report& s = report.scales.emplace_back();
    s.name = name;
    if (!prepare(c, s, *params, !encodings.empty())) return 1;
    measure(c, s, encodings);
  }
  for (const auto& name : c.series) {
    auto params = scale_by_name(name);
    if (!params) { std::fprintf(stderr, "error: unknown scale `%s`\n", name.c_str()); return 2; }
    params->present_min = params->present_max = 20;  // fixed case size: the case, not the KB, sets the cost
    params->absent_min = params->absent_max = 3;
    scale_report& s = report.series.emplace_back();
    s.name = "series_" + name;
    if (!prepare(c, s, *params, c.clips)) return 1;
    measure(c, s, c.clips ? std::vector<std::string>{"finding_globals"} : std::vector<std::string>{});
  }
  report.bundled_dir = c.kb;
  if (!c.kb.empty()) measure_bundled(c, report);
  report.load_after = load_average();
  const std::string text = render_report(report);
  std::printf("%s", text.c_str());
  write_file(c.out + "/results.md", text);
  return 0;
}

int run_child_mode(const std::string& mode, const child_options& o) {
  if (mode == "ddx") return run_ddx_child(o);
  if (mode == "load") return run_load_child(o);
  if (mode == "load_one_thread") return run_load_child(o, true);
  if (mode == "clips") return run_clips_child(o);
  if (mode == "bundled") return run_bundled_child(o);
  if (mode == "bundled_clips") return run_bundled_clips_child(o);
  if (mode == "profile") return run_profile_child(o);
  if (mode == "stages") return run_stages_child(o);
  if (mode == "fresh_memory") return run_fresh_memory_child(o);
  std::fprintf(stderr, "error: unknown child mode `%s`\n", mode.c_str());
  return 2;
}

/// A whole non-negative number, or nullopt (std::stoul would take "12x" or "-1").
std::optional<unsigned long> parse_count(const std::string& text) {
  if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return std::nullopt;
  return std::stoul(text);
}

std::optional<double> parse_seconds(const std::string& text) {
  char* end = nullptr;
  const double x = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(x > 0) || !std::isfinite(x)) return std::nullopt;
  return x;
}

}  // namespace
}  // namespace ddx::tools::bench

int main(int argc, char** argv) {
  using namespace ddx::tools::bench;
  bench_config config;
  child_options child;
  std::string mode;
  const auto bad_value = [](const std::string& key, const std::string& value) {
    std::fprintf(stderr, "error: %s takes %s, not `%s`\n%s", key.c_str(),
                 key == "--clips-budget" ? "a positive number of seconds" : "a whole number", value.c_str(), usage);
    return 2;
  };
  for (int i = 1; i < argc; ++i) {
    const std::string key = argv[i];
    const bool has_value = i + 1 < argc;
    if (key == "--quick") {
      config.cases = 100;
      config.scales = {"running"};
      config.series = {"x1", "x10"};
      config.clips_budget = 5;
      config.pairs = 2;
    } else if (key == "--no-clips") {
      config.clips = false;
    } else if (has_value && key == "--out") config.out = child.out = argv[++i];
    else if (has_value && key == "--scales") config.scales = split_list(argv[++i]);
    else if (has_value && key == "--series") config.series = split_list(argv[++i]);
    else if (has_value && key == "--encodings") config.encodings = split_list(argv[++i]);
    else if (has_value && (key == "--cases" || key == "--threads" || key == "--pairs")) {
      const std::string value = argv[++i];
      const auto n = parse_count(value);
      if (!n || (key == "--pairs" && (*n < 1 || *n > 100)) || (key == "--cases" && *n < 1)) return bad_value(key, value);
      if (key == "--cases") config.cases = *n;
      else if (key == "--threads") config.threads = child.threads = static_cast<unsigned>(*n);
      else config.pairs = static_cast<int>(*n);
    } else if (has_value && key == "--clips-budget") {
      const std::string value = argv[++i];
      const auto x = parse_seconds(value);
      if (!x) return bad_value(key, value);
      config.clips_budget = child.budget_seconds = *x;
    } else if (has_value && key == "--kb") config.kb = argv[++i];
    else if (has_value && key == "--child") mode = argv[++i];
    else if (has_value && key == "--dir") child.dir = argv[++i];
    else if (has_value && key == "--encoding") child.encoding = argv[++i];
    else {
      std::fprintf(stderr, "%s", usage);
      return 2;
    }
  }
  return mode.empty() ? run_parent(config) : run_child_mode(mode, child);
}
