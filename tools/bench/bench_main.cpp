// tools/bench/bench_main.cpp: ddx_bench: generates the scales, runs ddx and CLIPS children, prints the tables.
#include <algorithm>
#include <chrono>
#include <cstdio>
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
    "                 [--clips-budget SECONDS] [--threads N] [--kb DIR]\n";

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

/// Compile time as a median, like every other figure: the ddx child's load and `extra_loads` more, each in a fresh
/// process (`--child load`); the table shows the median, the result also keeps the fastest and slowest.
void median_load(const bench_config& c, scale_report& s, const std::string& dir) {
  constexpr int extra_loads = 4;
  std::vector<double> walls{s.ddx.number("load_s")}, cpus{s.ddx.number("load_cpu_s")};
  for (int i = 0; i < extra_loads; ++i) {
    auto args = common_args(c, dir);
    args.insert(args.begin(), {"--child", "load"});
    const measured m = run_child(args);
    if (!m.ok()) return;  // already reported by run_child: keep the one load
    walls.push_back(m.number("load_s"));
    cpus.push_back(m.number("load_cpu_s"));
  }
  std::string all;
  for (double w : walls) all += (all.empty() ? "" : ",") + std::to_string(w);
  s.ddx.result["load_s"] = std::to_string(percentile(walls, 0.5));
  s.ddx.result["load_cpu_s"] = std::to_string(percentile(cpus, 0.5));
  s.ddx.result["load_runs"] = std::to_string(walls.size());
  s.ddx.result["load_min_s"] = std::to_string(*std::min_element(walls.begin(), walls.end()));
  s.ddx.result["load_max_s"] = std::to_string(*std::max_element(walls.begin(), walls.end()));
  std::fprintf(stderr, "  ddx loads (s): %s\n", all.c_str());
}

void measure(const bench_config& c, scale_report& s, const std::vector<std::string>& encodings) {
  const std::string dir = c.out + "/" + s.name;
  auto args = common_args(c, dir);
  args.insert(args.begin(), {"--child", "ddx"});
  s.ddx = run_child(args);
  std::fprintf(stderr, "  ddx: %s\n", format_result(s.ddx.result).c_str());
  if (s.ddx.ok()) median_load(c, s, dir);
  const auto ddx_answers = read_answers(dir + "/answers_ddx.txt");
  for (const auto& e : encodings) {
    auto clips_args = common_args(c, dir);
    clips_args.insert(clips_args.begin(), {"--child", "clips", "--encoding", e});
    s.clips[e] = run_child(clips_args);
    std::fprintf(stderr, "  clips %s: %s\n", e.c_str(), format_result(s.clips[e].result).c_str());
    if (!s.clips[e].ok() || !s.ddx.ok()) continue;
    const auto g = compare_answers(ddx_answers, read_answers(dir + "/answers_clips_" + e + ".txt"));
    s.agreement_with[e] = g;
    if (!g.first_difference.empty()) std::fprintf(stderr, "  first difference: %s\n", g.first_difference.c_str());
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
  if (!c.kb.empty()) {
    report.bundled = run_child({"--child", "bundled", "--dir", c.kb, "--out", c.out, "--threads", std::to_string(c.threads)});
    std::fprintf(stderr, "bundled %s: %s\n", c.kb.c_str(), format_result(report.bundled.result).c_str());
    if (c.clips) {
      report.bundled_clips = run_child({"--child", "bundled_clips", "--dir", c.kb, "--out", c.out});
      std::fprintf(stderr, "bundled clips: %s\n", format_result(report.bundled_clips.result).c_str());
      if (report.bundled.ok() && report.bundled_clips.ok()) {
        report.bundled_agreement = compare_answers(read_answers(c.out + "/bundled/answers_ddx.txt"),
                                                   read_answers(c.out + "/bundled/answers_clips.txt"));
        if (!report.bundled_agreement.first_difference.empty())
          std::fprintf(stderr, "  first difference: %s\n", report.bundled_agreement.first_difference.c_str());
      }
    }
  }
  report.load_after = load_average();
  const std::string text = render_report(report);
  std::printf("%s", text.c_str());
  write_file(c.out + "/results.md", text);
  return 0;
}

int run_child_mode(const std::string& mode, const child_options& o) {
  if (mode == "ddx") return run_ddx_child(o);
  if (mode == "load") return run_load_child(o);
  if (mode == "clips") return run_clips_child(o);
  if (mode == "bundled") return run_bundled_child(o);
  if (mode == "bundled_clips") return run_bundled_clips_child(o);
  if (mode == "profile") return run_profile_child(o);
  if (mode == "stages") return run_stages_child(o);
  if (mode == "fresh_memory") return run_fresh_memory_child(o);
  std::fprintf(stderr, "error: unknown child mode `%s`\n", mode.c_str());
  return 2;
}

}  // namespace
}  // namespace ddx::tools::bench

int main(int argc, char** argv) {
  using namespace ddx::tools::bench;
  bench_config config;
  child_options child;
  std::string mode;
  for (int i = 1; i < argc; ++i) {
    const std::string key = argv[i];
    const bool has_value = i + 1 < argc;
    if (key == "--quick") {
      config.cases = 100;
      config.scales = {"running"};
      config.series = {"x1", "x10"};
      config.clips_budget = 5;
    } else if (key == "--no-clips") {
      config.clips = false;
    } else if (has_value && key == "--out") config.out = child.out = argv[++i];
    else if (has_value && key == "--scales") config.scales = split_list(argv[++i]);
    else if (has_value && key == "--series") config.series = split_list(argv[++i]);
    else if (has_value && key == "--encodings") config.encodings = split_list(argv[++i]);
    else if (has_value && key == "--cases") config.cases = std::stoul(argv[++i]);
    else if (has_value && key == "--clips-budget") config.clips_budget = child.budget_seconds = std::stod(argv[++i]);
    else if (has_value && key == "--threads") config.threads = child.threads = static_cast<unsigned>(std::stoul(argv[++i]));
    else if (has_value && key == "--kb") config.kb = argv[++i];
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
