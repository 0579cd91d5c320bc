// tools/bench/report.hpp: what the parent collected per scale, rendered as the tables of docs/performance.md.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "tools/bench/common.hpp"
#include "tools/bench/spawn.hpp"
#include "tools/bench/synth.hpp"

namespace ddx::tools::bench {

struct measured {
  child_run run;
  result_map result;
  bool ok() const { return run.exit_code == 0 && !result.empty(); }
  double number(const std::string& key) const;
  double peak_mb() const;
};

struct scale_report {
  std::string name;
  synth_params params;
  std::size_t rules = 0, links = 0;
  double generate_s = 0;
  measured ddx;                               ///< every ddx run summed up (combine_runs)
  std::map<std::string, measured> clips;      ///< by encoding name, summed up the same way
  /// The runs behind them, in the order they ran: ddx and the fastest CLIPS encoding alternate (pairs), so that
  /// each pair saw the same state of a shared, noisy machine; the other encodings run once.
  std::vector<measured> ddx_runs;
  std::map<std::string, std::vector<measured>> clips_runs;
  std::map<std::string, agreement> agreement_with;  ///< CLIPS encoding -> agreement with ddx
};

struct bench_report {
  std::vector<scale_report> scales;  ///< the running and DXplain scales
  std::vector<scale_report> series;  ///< 1x, 10x, 100x the running scale at fixed case size
  measured bundled;                  ///< the bundled knowledge base (its runs summed up)
  measured bundled_clips;            ///< the bundled knowledge base translated to CLIPS (its runs summed up)
  std::vector<measured> bundled_runs, bundled_clips_runs;  ///< alternating, as the scales' pairs
  agreement bundled_agreement;       ///< its test cases: ddx top 10 and flags vs CLIPS
  std::string bundled_dir;
  unsigned cores = 0;
  double load_before = -1, load_after = -1;  ///< 1-minute load average around the run
};

/// Several runs of one child kind as one measurement: each number is the median over the runs, except peak memory
/// (`peak_kb`, the largest); `runs` says how many. A failed run makes the whole failed (it is returned as is).
measured combine_runs(const std::vector<measured>& runs);

/// CLIPS / ddx per-case median of each pair (ddx run i with CLIPS run i), in run order.
std::vector<double> pair_ratios(const std::vector<measured>& ddx, const std::vector<measured>& clips);

/// Markdown: main table, CLIPS encodings, case cost against knowledge-base size, bundled KB, targets.
std::string render_report(const bench_report& report);

}  // namespace ddx::tools::bench
