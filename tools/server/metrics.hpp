// tools/server/metrics.hpp: the server's counters for GET /metrics, in the Prometheus text exposition format 0.0.4.
// Every label takes its values from a fixed set (routes by pattern, known methods, known statuses, one `unmatched` for
// any other path), so a client sending odd paths cannot grow the output. The request path only adds to atomic
// counters in fixed slots: no lock, no allocation; a scrape reads them without stopping anyone.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/result.hpp"

namespace ddx::tools {

/// The `route` label of a request: its endpoint's path pattern ("/v1/diagnose", "/assets/{file}"), or "unmatched".
std::string_view metrics_route(std::string_view path);

/// Every value the `route` label can take, "unmatched" last.
const std::vector<std::string_view>& metrics_routes();

/// Upper bounds (seconds) of the latency histogram's buckets, +Inf aside: from half a millisecond to ten seconds.
inline constexpr std::array<double, 14> latency_buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                           0.1,    0.25,  0.5,    1.0,   2.5,   5.0,   10.0};

/// What a reload came to: swapped in, refused (the knowledge base had errors; nothing changed), failed (no loader,
/// or loading threw; nothing changed).
enum class reload_result : std::uint8_t { ok, refused, failed };

class server_metrics {
 public:
  server_metrics();
  server_metrics(const server_metrics&) = delete;
  server_metrics& operator=(const server_metrics&) = delete;

  /// One answered request. `seconds` < 0: it was not routed (a malformed request line or headers), so it has no
  /// latency and counts in ddx_http_requests_total only.
  void record(std::string_view method, std::string_view path, int status, double seconds);
  void reloaded(reload_result r);

  /// Brackets a request while a handler computes its answer (ddx_http_requests_in_flight).
  void enter() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void leave() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }

  /// The exposition text; `kb` is the knowledge base answering now (ddx_kb_info).
  std::string exposition(const engine::kb_info& kb) const;

  /// The known statuses, each its own label value; any other status counts as "other".
  static constexpr std::array<int, 17> statuses = {200, 206, 400, 401, 403, 404, 405, 408, 411,
                                                   413, 414, 415, 416, 422, 500, 501, 503};
  /// The methods cpp-httplib routes; any other counts as "other".
  static constexpr std::array<std::string_view, 7> methods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};

 private:
  struct histogram {
    std::array<std::atomic<std::uint64_t>, latency_buckets.size() + 1> buckets{};  // not cumulative; last: +Inf
    std::atomic<std::uint64_t> sum_ns{0};
  };
  static constexpr std::size_t status_slots = statuses.size() + 1;
  static constexpr std::size_t method_slots = methods.size() + 1;

  std::size_t routes_;
  std::vector<std::atomic<std::uint64_t>> requests_;  // [route][method][status]
  std::vector<histogram> latency_;                     // [route]
  std::array<std::atomic<std::uint64_t>, 3> reloads_{};
  std::atomic<std::int64_t> in_flight_{0};
};

/// `value` as a label value: backslash, double quote and newline escaped.
std::string escape_label(std::string_view value);

}  // namespace ddx::tools
