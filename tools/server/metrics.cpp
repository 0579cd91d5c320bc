// tools/server/metrics.cpp: the counters behind GET /metrics (tools/server/metrics.hpp) and their exposition text.
#include "tools/server/metrics.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "tools/server/api.hpp"
#include "tools/server/page.hpp"

namespace ddx::tools {
namespace {

constexpr std::string_view reload_path = "/v1/reload";
constexpr std::string_view metrics_path = "/metrics";
constexpr std::string_view unmatched = "unmatched";

/// The /v1 endpoints, then POST /v1/reload and GET /metrics, the page's three patterns, and unmatched.
std::vector<std::string_view> build_routes() {
  std::vector<std::string_view> out;
  for (const auto& r : api_routes())
    if (std::find(out.begin(), out.end(), r.path) == out.end()) out.push_back(r.path);
  out.insert(out.end(), {reload_path, metrics_path, "/", "/index.html", "/assets/{file}", unmatched});
  return out;
}

std::size_t route_index(std::string_view path) {
  const auto& routes = metrics_routes();
  // The page's files: "/" and "/index.html" by name, the assets by one pattern, whatever their hashed names.
  if (path.starts_with("/assets/")) {
    if (find_page_file(path) == nullptr) return routes.size() - 1;
    path = "/assets/{file}";
  }
  for (std::size_t i = 0; i + 1 < routes.size(); ++i)
    if (routes[i] == path) return i;
  return routes.size() - 1;
}

std::size_t method_index(std::string_view method) {
  const auto& m = server_metrics::methods;
  return static_cast<std::size_t>(std::find(m.begin(), m.end(), method) - m.begin());  // m.size(): other
}

std::size_t status_index(int status) {
  const auto& s = server_metrics::statuses;
  return static_cast<std::size_t>(std::find(s.begin(), s.end(), status) - s.begin());
}

template <typename... T>
void line(fmt::memory_buffer& out, fmt::format_string<T...> format, T&&... args) {
  fmt::format_to(std::back_inserter(out), format, std::forward<T>(args)...);
  out.push_back('\n');
}

/// A sample value as Prometheus reads it: integers without a point, others with enough digits to read back.
std::string number(double x) {
  if (std::isinf(x)) return x > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", x);
}

}  // namespace

const std::vector<std::string_view>& metrics_routes() {
  static const std::vector<std::string_view> routes = build_routes();
  return routes;
}

std::string_view metrics_route(std::string_view path) { return metrics_routes()[route_index(path)]; }

std::string escape_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

server_metrics::server_metrics()
    : routes_(metrics_routes().size()),
      requests_(routes_ * method_slots * status_slots),
      latency_(routes_) {}

void server_metrics::record(std::string_view method, std::string_view path, int status, double seconds) {
  const std::size_t route = route_index(path);
  requests_[(route * method_slots + method_index(method)) * status_slots + status_index(status)].fetch_add(
      1, std::memory_order_relaxed);
  if (seconds < 0) return;
  auto& h = latency_[route];
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(latency_buckets.begin(), latency_buckets.end(), seconds) - latency_buckets.begin());
  h.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  h.sum_ns.fetch_add(static_cast<std::uint64_t>(std::llround(seconds * 1e9)), std::memory_order_relaxed);
}

void server_metrics::reloaded(reload_result r) {
  reloads_[static_cast<std::size_t>(r)].fetch_add(1, std::memory_order_relaxed);
}

std::string server_metrics::exposition(const engine::kb_info& kb) const {
  const auto& routes = metrics_routes();
  fmt::memory_buffer out;

  line(out, "# HELP ddx_http_requests_total HTTP requests answered, by route pattern, method and status.");
  line(out, "# TYPE ddx_http_requests_total counter");
  for (std::size_t r = 0; r < routes_; ++r)
    for (std::size_t m = 0; m < method_slots; ++m)
      for (std::size_t s = 0; s < status_slots; ++s) {
        const auto n = requests_[(r * method_slots + m) * status_slots + s].load(std::memory_order_relaxed);
        if (n == 0) continue;
        line(out, "ddx_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}", escape_label(routes[r]),
             m < methods.size() ? methods[m] : "other", s < statuses.size() ? std::to_string(statuses[s]) : "other", n);
      }

  line(out, "# HELP ddx_http_request_duration_seconds Time from routing a request to its answer ready to send, by route pattern.");
  line(out, "# TYPE ddx_http_request_duration_seconds histogram");
  for (std::size_t r = 0; r < routes_; ++r) {
    const auto& h = latency_[r];
    const auto label = escape_label(routes[r]);
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < h.buckets.size(); ++b) {
      cumulative += h.buckets[b].load(std::memory_order_relaxed);
      const auto le = b < latency_buckets.size() ? number(latency_buckets[b]) : std::string("+Inf");
      line(out, "ddx_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}", label, le, cumulative);
    }
    // _count is the +Inf bucket read above, not a counter of its own, so the two always agree in a scrape.
    line(out, "ddx_http_request_duration_seconds_sum{{route=\"{}\"}} {}", label,
         number(static_cast<double>(h.sum_ns.load(std::memory_order_relaxed)) / 1e9));
    line(out, "ddx_http_request_duration_seconds_count{{route=\"{}\"}} {}", label, cumulative);
  }

  line(out, "# HELP ddx_http_requests_in_flight Requests whose answer is being computed now.");
  line(out, "# TYPE ddx_http_requests_in_flight gauge");
  line(out, "ddx_http_requests_in_flight {}", in_flight_.load(std::memory_order_relaxed));

  line(out, "# HELP ddx_kb_reloads_total Knowledge base reloads (SIGHUP or POST /v1/reload) by outcome: ok (swapped in), "
       "refused (it had errors), failed (it could not be loaded).");
  line(out, "# TYPE ddx_kb_reloads_total counter");
  constexpr std::array<std::string_view, 3> outcomes = {"ok", "refused", "failed"};
  for (std::size_t i = 0; i < outcomes.size(); ++i)
    line(out, "ddx_kb_reloads_total{{outcome=\"{}\"}} {}", outcomes[i], reloads_[i].load(std::memory_order_relaxed));

  line(out, "# HELP ddx_kb_info The knowledge base answering new requests (always 1).");
  line(out, "# TYPE ddx_kb_info gauge");
  line(out, "ddx_kb_info{{name=\"{}\",version=\"{}\",digest=\"{}\"}} 1", escape_label(kb.name), escape_label(kb.version),
       escape_label(kb.digest));
  return fmt::to_string(out);
}

}  // namespace ddx::tools
