// tools/bench/report.cpp: renders the benchmark tables and checks the targets of docs/performance.md.
#include "tools/bench/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace ddx::tools::bench {

double measured::peak_mb() const {
  // The child's own VmHWM; ru_maxrss from wait4 would also count the parent's pages before exec.
  const double kb = number("peak_kb");
  return (kb > 0 ? kb : static_cast<double>(run.max_rss_kb)) / 1024.0;
}

double measured::number(const std::string& key) const {
  const auto it = result.find(key);
  return it == result.end() ? std::numeric_limits<double>::quiet_NaN() : std::strtod(it->second.c_str(), nullptr);
}

measured combine_runs(const std::vector<measured>& runs) {
  if (runs.empty()) return {};
  for (const auto& r : runs)
    if (!r.ok()) return r;
  measured out = runs.front();
  for (auto& [key, text] : out.result) {
    std::vector<double> values;
    for (const auto& r : runs) {
      const auto it = r.result.find(key);
      if (it == r.result.end()) continue;
      char* end = nullptr;
      const double x = std::strtod(it->second.c_str(), &end);
      if (end == it->second.c_str() || *end != '\0') break;  // not a number: keep the first run's text
      values.push_back(x);
    }
    if (values.size() != runs.size()) continue;
    const double x = key == "peak_kb" ? *std::max_element(values.begin(), values.end()) : median(values);
    text = std::to_string(x);
  }
  out.result["runs"] = std::to_string(runs.size());
  return out;
}

std::vector<double> pair_ratios(const std::vector<measured>& ddx, const std::vector<measured>& clips) {
  std::vector<double> out;
  for (std::size_t i = 0; i < ddx.size() && i < clips.size(); ++i)
    if (ddx[i].ok() && clips[i].ok()) out.push_back(clips[i].number("median_us") / ddx[i].number("median_us"));
  return out;
}

namespace {

using out_it = std::back_insert_iterator<std::string>;

/// The fastest CLIPS encoding at this scale (by median per case) or nullptr.
const std::pair<const std::string, measured>* best_clips(const scale_report& s) {
  const std::pair<const std::string, measured>* best = nullptr;
  for (const auto& entry : s.clips)
    if (entry.second.ok() && (!best || entry.second.number("median_us") < best->second.number("median_us")))
      best = &entry;
  return best;
}

/// The per-case ratio CLIPS / ddx: the median of the pairs' ratios (each pair ran back to back), or the ratio of
/// the medians when there are no pairs.
double per_case_ratio(const std::vector<measured>& ddx_runs, const std::vector<measured>& clips_runs, const measured& ddx,
                      const measured& clips) {
  const auto ratios = pair_ratios(ddx_runs, clips_runs);
  return ratios.empty() ? clips.number("median_us") / ddx.number("median_us") : median(ratios);
}

/// "44×", with the range over the pairs when there are several: "44× (39–48×, 5 pairs)".
std::string ratio_text(const std::vector<measured>& ddx_runs, const std::vector<measured>& clips_runs, const measured& ddx,
                       const measured& clips) {
  const auto ratios = pair_ratios(ddx_runs, clips_runs);
  std::string text = fmt::format("{:.0f}×", per_case_ratio(ddx_runs, clips_runs, ddx, clips));
  if (ratios.size() > 1)
    text += fmt::format(" ({:.0f}–{:.0f}×, {} pairs)", *std::min_element(ratios.begin(), ratios.end()),
                        *std::max_element(ratios.begin(), ratios.end()), ratios.size());
  return text;
}

/// The CLIPS runs of encoding `name` at scale `s` (empty if none).
const std::vector<measured>& clips_runs_of(const scale_report& s, const std::string& name) {
  static const std::vector<measured> none;
  const auto it = s.clips_runs.find(name);
  return it == s.clips_runs.end() ? none : it->second;
}

std::string agreement_text(const agreement& g) {
  std::string text = fmt::format("{}/{} identical", g.identical, g.cases);
  if (g.tie_tolerant) text += fmt::format(", {} equal up to exact score ties", g.tie_tolerant);
  if (g.differing) text += fmt::format(", **{} differ**", g.differing);
  text += g.flags_differing ? fmt::format(", **flags differ in {}**", g.flags_differing) : ", flags equal";
  return text;
}

void main_table(const bench_report& r, out_it out) {
  fmt::format_to(out, "| scale | rules | ddx compile wall / cpu (s, median of 5 loads) | ddx per case median / p99 (µs) | rank only median (µs) | "
                      "diagnose() median (µs) | ddx cases/s ({} threads) | ddx peak MB | best CLIPS | CLIPS load (s) | "
                      "CLIPS per case median (µs) | CLIPS peak MB | load ratio CLIPS/ddx | per-case ratio CLIPS/ddx (median of pairs) |\n",
                 r.cores);
  fmt::format_to(out, "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
  for (const auto& s : r.scales) {
    const auto& d = s.ddx;
    const auto* b = best_clips(s);
    fmt::format_to(out, "| {} | {} | {:.3f} / {:.3f} | {:.2f} / {:.2f} | {:.2f} | {:.1f} | {:.0f} | {:.0f} |", s.name, s.rules,
                   d.number("load_s"), d.number("load_cpu_s"), d.number("median_us"), d.number("p99_us"), d.number("rank_median_us"),
                   d.number("diagnose_median_us"), d.number("cases_per_s"), d.peak_mb());
    if (b)
      fmt::format_to(out, " {} | {:.3f} | {:.1f} | {:.0f} | {:.1f}× | {} |\n", b->first, b->second.number("load_s"),
                     b->second.number("median_us"), b->second.peak_mb(),
                     b->second.number("load_s") / d.number("load_s"),
                     ratio_text(s.ddx_runs, clips_runs_of(s, b->first), d, b->second));
    else
      fmt::format_to(out, " - | - | - | - | - | - |\n");
  }
}

void clips_table(const bench_report& r, out_it out) {
  fmt::format_to(out, "\n| scale | CLIPS encoding | load (s) | per case median / p99 (µs) | cases timed | peak MB | "
                      "top 10 vs ddx |\n|---|---|---:|---:|---:|---:|---|\n");
  for (const auto& s : r.scales)
    for (const auto& [name, m] : s.clips) {
      if (!m.ok()) { fmt::format_to(out, "| {} | {} | failed | | | | |\n", s.name, name); continue; }
      const auto g = s.agreement_with.find(name);
      fmt::format_to(out, "| {} | {} | {:.3f} | {:.1f} / {:.1f} | {:.0f} | {:.0f} | {} |\n", s.name, name,
                     m.number("load_s"), m.number("median_us"), m.number("p99_us"), m.number("cases"),
                     m.peak_mb(), g == s.agreement_with.end() ? "-" : agreement_text(g->second));
    }
}

void series_table(const bench_report& r, out_it out) {
  if (r.series.empty()) return;
  fmt::format_to(out, "\n| knowledge base | conditions | findings | rules | ddx compile (s, median of 5) | ddx per case median / p99 (µs) "
                      "| rank only median (µs) | ddx peak MB | CLIPS finding_globals per case median (µs) |\n"
                      "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& s : r.series) {
    const auto c = s.clips.find("finding_globals");
    const double clips_us = c == s.clips.end() || !c->second.ok() ? std::numeric_limits<double>::quiet_NaN()
                                                                  : c->second.number("median_us");
    fmt::format_to(out, "| {} | {} | {} | {} | {:.3f} | {:.2f} / {:.2f} | {:.2f} | {:.0f} | {:.1f} |\n", s.name,
                   s.params.conditions, s.params.findings, s.rules, s.ddx.number("load_s"),
                   s.ddx.number("median_us"), s.ddx.number("p99_us"), s.ddx.number("rank_median_us"),
                   s.ddx.peak_mb(), clips_us);
  }
}

void bundled_table(const bench_report& r, out_it out) {
  const auto& b = r.bundled;
  if (r.bundled_dir.empty()) return;
  if (!b.ok()) { fmt::format_to(out, "\nbundled knowledge base `{}`: failed to load or run\n", r.bundled_dir); return; }
  fmt::format_to(out, "\n| bundled KB | rules | load (s) | `ddx test` | per case median / p99 (µs) | rank only median (µs) | "
                      "diagnose() median (µs) | cases/s ({} threads) | peak MB |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
                 r.cores);
  fmt::format_to(out, "| {} | {:.0f} | {:.3f} | {:.0f}/{:.0f} passed | {:.2f} / {:.2f} | {:.2f} | {:.1f} | {:.0f} | {:.0f} |\n",
                 r.bundled_dir, b.number("rules"), b.number("load_s"), b.number("tests_passed"), b.number("tests"),
                 b.number("median_us"), b.number("p99_us"), b.number("rank_median_us"), b.number("diagnose_median_us"),
                 b.number("cases_per_s"), b.peak_mb());
  const auto& c = r.bundled_clips;
  if (!c.ok()) return;
  fmt::format_to(out, "\n| bundled KB in CLIPS (emit_clips_model) | CLIPS load (s) | CLIPS per case median / p99 (µs) | "
                      "CLIPS peak MB | per-case ratio CLIPS/ddx (median of pairs) | top 10 vs ddx |\n|---|---:|---:|---:|---:|---|\n");
  fmt::format_to(out, "| {} test cases | {:.3f} | {:.1f} / {:.1f} | {:.0f} | {} | {} |\n", c.number("cases"),
                 c.number("load_s"), c.number("median_us"), c.number("p99_us"), c.peak_mb(),
                 ratio_text(r.bundled_runs, r.bundled_clips_runs, b, c), agreement_text(r.bundled_agreement));
}

void target_line(out_it out, const std::string& what, double value, double limit, bool at_most, const char* unit) {
  const bool met = at_most ? value <= limit : value >= limit;
  fmt::format_to(out, "- {}: {:.3g}{} (target {} {}{}) **{}**\n", what, value, unit, at_most ? "≤" : "≥", limit, unit,
                 met ? "met" : "MISSED");
}

void targets(const bench_report& r, out_it out) {
  fmt::format_to(out, "\nTargets:\n");
  for (const auto& s : r.scales) {
    const auto* b = best_clips(s);
    const double ratio = b ? per_case_ratio(s.ddx_runs, clips_runs_of(s, b->first), s.ddx, b->second) : 0;
    if (s.name == "dxplain") {
      target_line(out, "dxplain compile (median of 5 loads)", s.ddx.number("load_s"), 0.5, true, " s");
      target_line(out, "dxplain per case (median)", s.ddx.number("median_us"), 15, true, " µs");
      target_line(out, "dxplain peak memory", s.ddx.peak_mb(), 200, true, " MB");
      if (b) target_line(out, "dxplain CLIPS/ddx per case", ratio, 100, false, "×");
    } else if (s.name == "running") {
      target_line(out, "running per case (median)", s.ddx.number("median_us"), 3, true, " µs");
      if (b) target_line(out, "running CLIPS/ddx per case", ratio, 40, false, "×");
    }
  }
  if (r.bundled.ok()) target_line(out, "bundled KB per case (median)", r.bundled.number("median_us"), 3, true, " µs");
  if (r.bundled.ok() && r.bundled_clips.ok())
    target_line(out, "bundled KB CLIPS/ddx per case",
                per_case_ratio(r.bundled_runs, r.bundled_clips_runs, r.bundled, r.bundled_clips), 40, false, "×");
}

}  // namespace

std::string render_report(const bench_report& r) {
  std::string text;
  auto out = std::back_inserter(text);
  fmt::format_to(out, "Machine: {} cores; 1-minute load average {:.1f} before and {:.1f} after the run.\n\n", r.cores,
                 r.load_before, r.load_after);
  main_table(r, out);
  clips_table(r, out);
  series_table(r, out);
  bundled_table(r, out);
  targets(r, out);
  return text;
}

}  // namespace ddx::tools::bench
