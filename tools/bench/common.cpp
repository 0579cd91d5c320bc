// tools/bench/common.cpp: case and answer files, answer comparison, percentiles, result lines.
#include "tools/bench/common.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include <sys/resource.h>

namespace ddx::tools::bench {
namespace {

std::vector<std::string> words(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::vector<std::string> split_bars(const std::string& line) {
  std::vector<std::string> parts(1);
  for (char ch : line) {
    if (ch == '|') parts.emplace_back();
    else parts.back() += ch;
  }
  return parts;
}

}  // namespace

std::vector<text_case> read_cases(const std::string& path) {
  std::vector<text_case> out;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) {
    const auto parts = split_bars(line);
    if (parts.size() < 3) continue;
    const auto head = words(parts[0]);
    if (head.size() < 2) continue;
    out.push_back({head[0], head[1], words(parts[1]), words(parts[2])});
  }
  return out;
}

std::string format_answer(const top_answer& a) {
  std::string out;
  for (const auto& id : a.ids) out += id + " ";
  out += "|";
  char buffer[40];
  for (double s : a.scores) {
    std::snprintf(buffer, sizeof buffer, " %.12g", s);
    out += buffer;
  }
  out += " |";
  for (const auto& f : a.flags) out += " " + f;
  return out;
}

top_answer parse_answer(const std::string& line) {
  top_answer a;
  const auto parts = split_bars(line);
  if (parts.size() < 3) return a;
  a.ids = words(parts[0]);
  for (const auto& w : words(parts[1])) a.scores.push_back(std::strtod(w.c_str(), nullptr));
  a.flags = words(parts[2]);
  std::sort(a.flags.begin(), a.flags.end());
  a.flags.erase(std::unique(a.flags.begin(), a.flags.end()), a.flags.end());
  return a;
}

void write_answers(const std::string& path, const std::vector<top_answer>& answers) {
  std::string text;
  for (const auto& a : answers) text += format_answer(a) + "\n";
  write_file(path, text);
}

std::vector<top_answer> read_answers(const std::string& path) {
  std::vector<top_answer> out;
  std::istringstream in(read_file(path));
  for (std::string line; std::getline(in, line);) out.push_back(parse_answer(line));
  return out;
}

agreement compare_answers(const std::vector<top_answer>& a, const std::vector<top_answer>& b) {
  agreement g;
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t k = 0; k < n; ++k) {
    ++g.cases;
    if (a[k].flags != b[k].flags) ++g.flags_differing;
    if (a[k].ids == b[k].ids) { ++g.identical; continue; }
    // Ids may differ only where both lists hold an exact score tie (equal within float noise) at that rank.
    bool tie_only = a[k].ids.size() == b[k].ids.size() && a[k].scores.size() == a[k].ids.size() &&
                    b[k].scores.size() == b[k].ids.size();
    for (std::size_t i = 0; tie_only && i < a[k].ids.size(); ++i) {
      const double tolerance = 1e-9 * std::max(1.0, std::fabs(a[k].scores[i]));
      if (a[k].ids[i] != b[k].ids[i] && std::fabs(a[k].scores[i] - b[k].scores[i]) > tolerance) tie_only = false;
    }
    if (tie_only) { ++g.tie_tolerant; continue; }
    ++g.differing;
    if (g.first_difference.empty())
      g.first_difference = "case " + std::to_string(k) + ": " + format_answer(a[k]) + "  vs  " + format_answer(b[k]);
  }
  return g;
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
  return sec(u.ru_utime) + sec(u.ru_stime);
}

double load_average() {
  std::istringstream in(read_file("/proc/loadavg"));
  double x = -1;
  in >> x;
  return x;
}

long peak_rss_kb() {
  std::istringstream in(read_file("/proc/self/status"));
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  return -1;
}

double median(std::vector<double> values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

std::string format_result(const result_map& result) {
  std::string out = "RESULT";
  for (const auto& [k, v] : result) out += " " + k + "=" + v;
  return out;
}

result_map parse_result(const std::string& text) {
  result_map out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("RESULT", 0) != 0) continue;
    for (const auto& w : words(line.substr(6))) {
      const auto eq = w.find('=');
      if (eq != std::string::npos) out[w.substr(0, eq)] = w.substr(eq + 1);
    }
  }
  return out;
}

result_map clips_timing(double load_s, const std::vector<double>& times_us) {
  return {{"load_s", std::to_string(load_s)},
          {"cases", std::to_string(times_us.size())},
          {"peak_kb", std::to_string(peak_rss_kb())},
          {"median_us", std::to_string(percentile(times_us, 0.5))},
          {"p99_us", std::to_string(percentile(times_us, 0.99))}};
}

}  // namespace ddx::tools::bench
