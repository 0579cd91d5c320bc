// tools/bench/common.hpp: what the benchmark's parent and child processes share: case files, top-10 files, stats.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ddx::tools::bench {

/// A case as written by emit_cases: ids as text.
struct text_case {
  std::string id, truth;
  std::vector<std::string> present, absent;
};
std::vector<text_case> read_cases(const std::string& path);

/// One system's answer for one case: the top 10 (best first) with log scores, and the raised flags (sorted).
struct top_answer {
  std::vector<std::string> ids;
  std::vector<double> scores;
  std::vector<std::string> flags;
};
std::string format_answer(const top_answer& answer);
top_answer parse_answer(const std::string& line);  ///< `ids | scores | flags`, flags sorted and deduplicated here
void write_answers(const std::string& path, const std::vector<top_answer>& answers);
std::vector<top_answer> read_answers(const std::string& path);

/// Agreement of two answer files over the cases both cover.
struct agreement {
  std::size_t cases = 0, identical = 0, tie_tolerant = 0, differing = 0, flags_differing = 0;
  std::string first_difference;
};
agreement compare_answers(const std::vector<top_answer>& a, const std::vector<top_answer>& b);

/// This process's user + system CPU seconds so far (a load's CPU cost, less sensitive to a busy machine).
double cpu_seconds();
/// The first field of /proc/loadavg (1-minute load average), or -1.
double load_average();
/// This process's peak resident set in KB from /proc/self/status (VmHWM: the image after exec only), or -1.
long peak_rss_kb();

double percentile(std::vector<double> values, double p);  ///< p in [0, 1], nearest rank
/// The middle value, or the mean of the two middle values of an even count (a few runs summed up); NaN if empty.
double median(std::vector<double> values);
std::string read_file(const std::string& path);
bool write_file(const std::string& path, const std::string& text);

/// A child's `RESULT key=value ...` line.
using result_map = std::map<std::string, std::string>;
std::string format_result(const result_map& result);
/// What a CLIPS child reports: load seconds, cases timed, this process's peak memory, per-case median and p99 (µs).
result_map clips_timing(double load_s, const std::vector<double>& times_us);
result_map parse_result(const std::string& text);

}  // namespace ddx::tools::bench
