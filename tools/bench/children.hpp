// tools/bench/children.hpp: the measuring child processes of ddx_bench (one system and scale each, own rusage).
#pragma once

#include <string>

namespace ddx::tools::bench {

struct child_options {
  std::string dir;             ///< a scale's directory written by write_scale
  std::string encoding;        ///< CLIPS only
  std::size_t max_cases = 0;   ///< 0: every case
  double budget_seconds = 60;  ///< stop timing cases after this long (slow CLIPS encodings)
  unsigned threads = 0;        ///< ddx throughput threads (0: all cores)
  std::size_t rounds = 3;      ///< ddx: at least this many passes over the cases for the latency figures
  /// Every latency figure, ddx's and CLIPS's alike, is timed in passes over the cases until at least this long has
  /// passed: a shared machine has slow phases of some tens of milliseconds, and a figure timed in a few
  /// milliseconds can fall wholly inside one while the other system's, timed over seconds, averages them out.
  double min_seconds = 0.5;
  std::string out;             ///< bundled children: where to write the answers (`<out>/bundled/`)
};

/// Each prints one `RESULT key=value ...` line on stdout and writes its answers next to the cases.
int run_clips_child(const child_options& options);
int run_ddx_child(const child_options& options);
/// One load of `dir/kb.ddx` alone (wall and CPU seconds, peak): the parent takes the median of several, each in a
/// fresh process, so a load pays for its own fresh memory every time. `one_thread`: parsed on one thread however
/// large (child mode `load_one_thread`, to compare with the two-thread parse of a large file).
int run_load_child(const child_options& options, bool one_thread = false);
/// For profilers: `encoding` is `load` (load only), `rank` (cases, resolved) or anything else (cases from ids).
int run_profile_child(const child_options& options);
/// Times the stages of a load one by one (read, parse, each check pass, compile).
int run_stages_child(const child_options& options);
/// What filling fresh memory costs on this machine: 200 MB written once on plain pages, then on pages advised for
/// huge pages (stages.cpp). Explains the load's design in docs/performance.md.
int run_fresh_memory_child(const child_options& options);
/// The bundled knowledge base (a directory): load, `ddx test`, and its test cases timed.
int run_bundled_child(const child_options& options);
/// The bundled knowledge base translated to CLIPS (emit_clips_model): load and its test cases timed.
int run_bundled_clips_child(const child_options& options);

}  // namespace ddx::tools::bench
