// tests/tools/server_ops_test.cpp: the server's operations side over a real HTTP client: GET /metrics (exact counts
// after known requests, histogram invariants, and the text read by a strict parser of the exposition format 0.0.4),
// the per-request time limit and the socket timeouts, and requests answered right while reloads, good and bad, happen.
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <doctest/doctest.h>
#include <httplib.h>

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "tools/server/metrics.hpp"
#include "tools/server/server.hpp"
#include "server_support.hpp"
#include "tools_support.hpp"

using namespace ddx::tools;

namespace {

using test::error_code;
using test::good_case;
using test::serving_thread;

server_options quiet() {
  server_options o;
  o.access_log = false;
  o.log = [](std::string_view) {};
  return o;
}

// ---- a strict reader of the Prometheus text exposition format 0.0.4 ----

struct sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct exposition {
  std::map<std::string, std::string> types;  // family -> counter | gauge | histogram | summary | untyped
  std::map<std::string, std::string> help;
  std::vector<sample> samples;

  double value(const std::string& name, const std::map<std::string, std::string>& labels) const {
    for (const auto& s : samples)
      if (s.name == name && s.labels == labels) return s.value;
    return -1;
  }
  bool has(const std::string& name, const std::map<std::string, std::string>& labels) const {
    return value(name, labels) != -1;
  }
};

bool metric_name(const std::string& s) { return std::regex_match(s, std::regex("[a-zA-Z_:][a-zA-Z0-9_:]*")); }

double parse_value(const std::string& s) {
  if (s == "+Inf") return INFINITY;
  if (s == "-Inf") return -INFINITY;
  if (s == "NaN") return NAN;
  if (!std::regex_match(s, std::regex(R"([-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?)")))
    throw std::runtime_error("bad sample value `" + s + "`");
  return std::stod(s);
}

/// The family a sample belongs to: a histogram's _bucket, _sum and _count belong to the histogram's name.
std::string family_of(const std::string& name, const std::map<std::string, std::string>& types) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string sfx(suffix);
    if (name.size() > sfx.size() && name.ends_with(sfx)) {
      const auto base = name.substr(0, name.size() - sfx.size());
      const auto it = types.find(base);
      if (it != types.end() && it->second == "histogram") return base;
    }
  }
  return name;
}

/// Throws std::runtime_error naming the line of the first thing the format does not allow.
exposition parse_exposition(const std::string& text) {
  exposition out;
  if (text.empty() || text.back() != '\n') throw std::runtime_error("the text must end with a newline");
  std::set<std::string> closed;  // families whose samples ended: each family's lines are one block
  std::string current;
  std::set<std::string> series;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find('\n', pos);
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    const auto fail = [&](const std::string& why) { throw std::runtime_error(fmt::format("line {}: {}: `{}`", line_no, why, line)); };
    if (line.empty()) fail("empty line");
    const auto enter = [&](const std::string& family) {
      if (family == current) return;
      if (closed.count(family)) fail("family `" + family + "` continues after another family");
      if (!current.empty()) closed.insert(current);
      current = family;
    };
    if (line[0] == '#') {
      std::smatch m;
      if (std::regex_match(line, m, std::regex(R"(# HELP ([^ ]+) (.*))"))) {
        if (!metric_name(m[1])) fail("bad metric name");
        if (out.help.count(m[1])) fail("second HELP");
        enter(m[1]);
        out.help[m[1]] = m[2];
      } else if (std::regex_match(line, m, std::regex(R"(# TYPE ([^ ]+) (counter|gauge|histogram|summary|untyped))"))) {
        if (!metric_name(m[1])) fail("bad metric name");
        if (out.types.count(m[1])) fail("second TYPE");
        enter(m[1]);
        for (const auto& s : out.samples)
          if (family_of(s.name, out.types) == m[1] || s.name == m[1]) fail("TYPE after the family's samples");
        out.types[m[1]] = m[2];
      } else {
        fail("a comment that is neither HELP nor TYPE");
      }
      continue;
    }
    std::smatch m;
    if (!std::regex_match(line, m, std::regex(R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? ([^ ]+)( -?\d+)?)")))
      fail("not a sample line");
    sample s;
    s.name = m[1];
    const std::string labels = m[3];
    std::size_t i = 0;
    while (i < labels.size()) {
      std::smatch lm;
      const std::string rest = labels.substr(i);
      if (!std::regex_search(rest, lm, std::regex(R"(^([a-zA-Z_][a-zA-Z0-9_]*)=")"))) fail("bad label name");
      const std::string key = lm[1];
      i += lm.length(0);
      std::string value;
      bool closed_quote = false;
      while (i < labels.size()) {
        const char c = labels[i++];
        if (c == '"') {
          closed_quote = true;
          break;
        }
        if (c == '\\') {
          if (i >= labels.size()) fail("escape at the end");
          const char e = labels[i++];
          if (e == 'n') value += '\n';
          else if (e == '\\' || e == '"') value += e;
          else fail("bad escape");
        } else {
          value += c;
        }
      }
      if (!closed_quote) fail("unterminated label value");
      if (s.labels.count(key)) fail("label `" + key + "` twice");
      s.labels[key] = value;
      if (i < labels.size()) {
        if (labels[i] != ',') fail("labels not separated by a comma");
        ++i;
      }
    }
    s.value = parse_value(m[4]);
    const auto family = family_of(s.name, out.types);
    if (!out.types.count(family)) fail("a sample before its TYPE");
    enter(family);
    const auto& type = out.types[family];
    if (type == "histogram" && s.name == family) fail("a histogram's sample without _bucket, _sum or _count");
    if (type == "histogram" && s.name.ends_with("_bucket") && !s.labels.count("le")) fail("a bucket without `le`");
    if ((type == "counter" || s.name.ends_with("_count") || s.name.ends_with("_bucket")) && !(s.value >= 0))
      fail("a negative count");
    std::string key = s.name;
    for (const auto& [k, v] : s.labels) key += "\x1f" + k + "=" + v;
    if (!series.insert(key).second) fail("the same series twice");
    out.samples.push_back(std::move(s));
  }
  return out;
}

/// Every histogram's buckets per series: `le` increasing, counts cumulative, +Inf present and equal to _count.
void check_histograms(const exposition& e) {
  for (const auto& [family, type] : e.types) {
    if (type != "histogram") continue;
    std::map<std::map<std::string, std::string>, std::vector<std::pair<double, double>>> buckets;
    for (const auto& s : e.samples) {
      if (s.name != family + "_bucket") continue;
      auto labels = s.labels;
      const double le = parse_value(labels.at("le"));
      labels.erase("le");
      buckets[labels].emplace_back(le, s.value);
    }
    REQUIRE(!buckets.empty());
    for (const auto& [labels, list] : buckets) {
      CAPTURE(family);
      for (std::size_t i = 1; i < list.size(); ++i) {
        CHECK(list[i].first > list[i - 1].first);
        CHECK(list[i].second >= list[i - 1].second);
      }
      REQUIRE(std::isinf(list.back().first));
      CHECK(list.back().second == e.value(family + "_count", labels));
      CHECK(e.value(family + "_sum", labels) >= 0);
    }
  }
}

int raw_connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{20, 0};  // the test's own bound on waiting
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

/// Reads until the server closes the connection or has sent a whole status line and headers; what it sent, and
/// how long that took.
std::pair<std::string, double> read_until_closed_or_answered(int fd) {
  const auto start = std::chrono::steady_clock::now();
  std::string got;
  char buf[4096];
  for (ssize_t n; got.find("\r\n\r\n") == std::string::npos && (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    got.append(buf, static_cast<std::size_t>(n));
  return {got, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()};
}

}  // namespace

TEST_SUITE("tools.server.ops") {
  TEST_CASE("the exposition reader refuses what the format does not allow") {
    CHECK_NOTHROW(parse_exposition("# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\"} 3\n"));
    CHECK_THROWS(parse_exposition("# TYPE a_total counter\na_total 3"));                     // no final newline
    CHECK_THROWS(parse_exposition("a_total 3\n"));                                           // no TYPE
    CHECK_THROWS(parse_exposition("# TYPE a counter\na{x=\"1} 3\n"));                         // unterminated
    CHECK_THROWS(parse_exposition("# TYPE a counter\na{x=\"1\",x=\"2\"} 3\n"));               // label twice
    CHECK_THROWS(parse_exposition("# TYPE a counter\na 1\na 2\n"));                           // series twice
    CHECK_THROWS(parse_exposition("# TYPE a counter\n# TYPE b gauge\nb 1\na 2\n"));           // family split
    CHECK_THROWS(parse_exposition("# TYPE a counter\na three\n"));                            // bad value
    CHECK_THROWS(parse_exposition("# TYPE h histogram\nh 1\n"));                              // bare histogram
    CHECK_THROWS(parse_exposition("# TYPE a counter\n# a comment\na 1\n"));                  // other comment
    CHECK_THROWS(parse_exposition("# TYPE a counter\na{x=\"\\q\"} 1\n"));                    // bad escape
  }

  TEST_CASE("route labels are the endpoints' patterns; any other path is `unmatched`") {
    CHECK(metrics_route("/v1/diagnose") == "/v1/diagnose");
    CHECK(metrics_route("/v1/reload") == "/v1/reload");
    CHECK(metrics_route("/metrics") == "/metrics");
    CHECK(metrics_route("/") == "/");
    CHECK(metrics_route("/v1/diagnose/") == "unmatched");
    CHECK(metrics_route("/assets/not-a-file.js") == "unmatched");
    CHECK(metrics_route("/../etc/passwd") == "unmatched");
    CHECK(metrics_routes().back() == "unmatched");
    for (const auto& r : api_routes())
      CHECK(std::find(metrics_routes().begin(), metrics_routes().end(), r.path) != metrics_routes().end());
    CHECK(escape_label("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
  }

  TEST_CASE("GET /metrics counts known requests exactly and parses") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    api_server server(*loaded.kb, quiet());
    const int port = server.bind("127.0.0.1", 0);
    REQUIRE(port > 0);
    const serving_thread serving(server);
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(20, 0);

    for (int i = 0; i < 3; ++i) REQUIRE(client.Post("/v1/diagnose", good_case, "application/json")->status == 200);
    REQUIRE(client.Post("/v1/diagnose", R"({"present": ["loc.nowhere"]})", "application/json")->status == 400);
    REQUIRE(client.Get("/v1/diagnose")->status == 405);
    REQUIRE(client.Get("/v1/health")->status == 200);
    REQUIRE(client.Get("/v1/nothing/1")->status == 404);
    REQUIRE(client.Get("/v1/nothing/2")->status == 404);
    REQUIRE(client.Delete("/elsewhere")->status == 404);
    REQUIRE(client.Post("/v1/reload", "", "application/json")->status == 403);

    const auto first = client.Get("/metrics");
    REQUIRE(first);
    CHECK(first->status == 200);
    CHECK(first->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
    CHECK(first->get_header_value(kb_digest_header) == loaded.kb->info().digest);
    exposition e;
    try {
      e = parse_exposition(first->body);
    } catch (const std::exception& ex) {
      FAIL("the exposition does not parse: " << ex.what() << "\n" << first->body);
    }
    using labels = std::map<std::string, std::string>;
    const auto requests = [&](const char* route, const char* method, const char* status) {
      return e.value("ddx_http_requests_total", labels{{"route", route}, {"method", method}, {"status", status}});
    };
    CHECK(e.types.at("ddx_http_requests_total") == "counter");
    CHECK(e.types.at("ddx_http_request_duration_seconds") == "histogram");
    CHECK(e.types.at("ddx_http_requests_in_flight") == "gauge");
    CHECK(e.types.at("ddx_kb_reloads_total") == "counter");
    CHECK(e.types.at("ddx_kb_info") == "gauge");
    for (const auto& [family, type] : e.types) CHECK(e.help.count(family) == 1);
    CHECK(requests("/v1/diagnose", "POST", "200") == 3);
    CHECK(requests("/v1/diagnose", "POST", "400") == 1);
    CHECK(requests("/v1/diagnose", "GET", "405") == 1);
    CHECK(requests("/v1/health", "GET", "200") == 1);
    CHECK(requests("unmatched", "GET", "404") == 2);
    CHECK(requests("unmatched", "DELETE", "404") == 1);
    CHECK(requests("/v1/reload", "POST", "403") == 1);
    CHECK_FALSE(e.has("ddx_http_requests_total", labels{{"route", "/metrics"}, {"method", "GET"}, {"status", "200"}}));
    double total = 0;
    for (const auto& s : e.samples)
      if (s.name == "ddx_http_requests_total") total += s.value;
    CHECK(total == 10);
    CHECK(e.value("ddx_http_request_duration_seconds_count", labels{{"route", "/v1/diagnose"}}) == 5);
    CHECK(e.value("ddx_http_request_duration_seconds_count", labels{{"route", "unmatched"}}) == 3);
    CHECK(e.value("ddx_http_request_duration_seconds_count", labels{{"route", "/v1/explain"}}) == 0);
    CHECK(e.value("ddx_http_request_duration_seconds_sum", labels{{"route", "/v1/diagnose"}}) > 0);
    CHECK(e.has("ddx_http_request_duration_seconds_bucket", labels{{"route", "/v1/diagnose"}, {"le", "0.0005"}}));
    CHECK(e.has("ddx_http_request_duration_seconds_bucket", labels{{"route", "/v1/diagnose"}, {"le", "10"}}));
    check_histograms(e);
    // Only the scrape itself is being computed while it is.
    CHECK(e.value("ddx_http_requests_in_flight", {}) == 1);
    CHECK(e.value("ddx_kb_reloads_total", labels{{"outcome", "ok"}}) == 0);
    CHECK(e.value("ddx_kb_reloads_total", labels{{"outcome", "refused"}}) == 0);
    const auto& info = loaded.kb->info();
    CHECK(e.value("ddx_kb_info", labels{{"name", info.name}, {"version", info.version}, {"digest", info.digest}}) == 1);
    // Every route pattern has its histogram, so the series do not appear and vanish.
    for (const auto route : metrics_routes())
      CHECK(e.has("ddx_http_request_duration_seconds_count", labels{{"route", std::string(route)}}));

    // The first scrape counts in the second; other methods are refused.
    REQUIRE(client.Post("/metrics", "", "text/plain")->status == 405);
    const auto second = client.Get("/metrics");
    REQUIRE(second);
    const auto e2 = parse_exposition(second->body);
    CHECK(e2.value("ddx_http_requests_total", labels{{"route", "/metrics"}, {"method", "GET"}, {"status", "200"}}) == 1);
    CHECK(e2.value("ddx_http_requests_total", labels{{"route", "/metrics"}, {"method", "POST"}, {"status", "405"}}) == 1);
    CHECK(e2.value("ddx_http_requests_total", labels{{"route", "/v1/diagnose"}, {"method", "POST"}, {"status", "200"}}) == 3);
    check_histograms(e2);
  }

  TEST_CASE("a request past its time limit gets 503 request.timeout and the server answers the next one") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    auto options = quiet();
    options.request_timeout = std::chrono::milliseconds(1);
    api_server server(*loaded.kb, options);
    const int port = server.bind("127.0.0.1", 0);
    REQUIRE(port > 0);
    const serving_thread serving(server);
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30, 0);
    // Five thousand cases cannot be read and diagnosed in a millisecond.
    std::string many = "[";
    for (int i = 0; i < 5000; ++i) many += (i ? "," : "") + good_case;
    many += "]";
    REQUIRE(many.size() < max_request_body);
    for (int round = 0; round < 2; ++round) {
      const auto slow = client.Post("/v1/diagnose/batch", many, "application/json");
      REQUIRE(slow);
      CHECK(slow->status == 503);
      CHECK(error_code(slow->body) == "request.timeout");
      CHECK(slow->get_header_value(kb_digest_header) == loaded.kb->info().digest);
      const auto next = client.Get("/v1/health");  // the same connection and worker, free again
      REQUIRE(next);
      CHECK(next->status == 200);
    }
    const auto rule_in_out = client.Post("/v1/rule-in-out?condition=pfps", many.substr(1, good_case.size()), "application/json");
    REQUIRE(rule_in_out);
    CHECK((rule_in_out->status == 200 || rule_in_out->status == 503));
    const auto m = parse_exposition(client.Get("/metrics")->body);
    CHECK(m.value("ddx_http_requests_total", {{"route", "/v1/diagnose/batch"}, {"method", "POST"}, {"status", "503"}}) == 2);

    // Without a limit the same batch is answered in full.
    auto unlimited = quiet();
    unlimited.request_timeout = std::chrono::milliseconds(0);
    api_server other(*loaded.kb, unlimited);
    const int other_port = other.bind("127.0.0.1", 0);
    REQUIRE(other_port > 0);
    const serving_thread other_serving(other);
    httplib::Client c("127.0.0.1", other_port);
    c.set_read_timeout(60, 0);
    const auto whole = c.Post("/v1/diagnose/batch", many, "application/json");
    REQUIRE(whole);
    CHECK(whole->status == 200);
    CHECK(nlohmann::json::parse(whole->body).size() == 5000);
  }

  TEST_CASE("a client that stalls loses its connection after the socket timeout; others are served") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    auto options = quiet();
    options.socket_timeout = std::chrono::milliseconds(300);
    api_server server(*loaded.kb, options);
    const int port = server.bind("127.0.0.1", 0);
    REQUIRE(port > 0);
    const serving_thread serving(server);

    SUBCASE("stalled in the request line") {
      const int fd = raw_connect(port);
      REQUIRE(fd >= 0);
      const std::string part = "GET /v1/hea";
      REQUIRE(::send(fd, part.data(), part.size(), 0) == static_cast<ssize_t>(part.size()));
      const auto [got, seconds] = read_until_closed_or_answered(fd);
      ::close(fd);
      CHECK(seconds < 4);  // the socket timeout (0.3 s), far below the default 10 s and the 5 s keep-alive wait
      CHECK(got.empty());  // closed without an answer: there was no request to answer
    }
    SUBCASE("stalled in the body") {
      const int fd = raw_connect(port);
      REQUIRE(fd >= 0);
      const std::string part = "POST /v1/diagnose HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{\"present\":";
      REQUIRE(::send(fd, part.data(), part.size(), 0) == static_cast<ssize_t>(part.size()));
      const auto [got, seconds] = read_until_closed_or_answered(fd);
      ::close(fd);
      CHECK(seconds < 4);
      CHECK((got.empty() || got.starts_with("HTTP/1.1 400")));  // the body never came: no diagnosis
    }
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(20, 0);
    const auto after = client.Post("/v1/diagnose", good_case, "application/json");
    REQUIRE(after);
    CHECK(after->status == 200);
  }

  TEST_CASE("a bad time limit stops ddx serve before it starts, with exit status 2 and the flag named") {
    struct row {
      const char* args;
      const char* flag;
    };
    const row rows[] = {{"--request-timeout-ms -1", "--request-timeout-ms"},
                        {"--request-timeout-ms soon", "--request-timeout-ms"},
                        {"--request-timeout-ms 3600001", "--request-timeout-ms"},
                        {"--socket-timeout-ms 0", "--socket-timeout-ms"},
                        {"--socket-timeout-ms 1.5", "--socket-timeout-ms"}};
    for (const auto& r : rows) {
      CAPTURE(r.args);
      const auto run = test::run_ddx(std::string("serve --port 0 --kb ") + test::sample_kb_dir + " " + r.args);
      CHECK(run.status == 2);
      CHECK(run.err.find(r.flag) != std::string::npos);
      CHECK(run.err.find("serving") == std::string::npos);
    }
  }

  TEST_CASE("requests on several connections while reloads, good and bad, happen: every one answered right") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("ddx-reload-load-test-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto file = dir / "sample.ddx";
    const std::string original = test::read_file(test::sample_kb_dir + "/sample.ddx");
    auto changed = original;
    const auto at = changed.find("version \"1.2.3\"");
    REQUIRE(at != std::string::npos);
    changed.replace(at, 15, "version \"1.2.4\"");
    const std::string broken = original + "\nrule broken\n  when loc.nowhere\n";
    const auto write = [&](const std::string& text) {
      const auto tmp = dir / "sample.ddx.tmp";  // renamed over: a load never reads a half-written file
      std::ofstream(tmp, std::ios::binary | std::ios::trunc) << text;
      fs::rename(tmp, file);
    };
    write(original);
    const auto load = [dir] { return ddx::engine::load({(dir / "sample.ddx").string()}); };
    auto first = std::make_shared<ddx::engine::load_result>(load());
    REQUIRE(first->kb);
    auto options = quiet();
    options.load = load;
    options.reload_token = "t0ken";
    api_server server(std::shared_ptr<const ddx::engine::knowledge_base>(first, &*first->kb), options);
    const int port = server.bind("127.0.0.1", 0);
    REQUIRE(port > 0);
    const serving_thread serving(server);

    // The answer each knowledge base gives, by its digest (the body names the digest, so they differ).
    std::map<std::string, std::string> expected;
    const auto answer_of = [&](const std::string& text) {
      write(text);
      auto l = load();
      REQUIRE(l.kb);
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(20, 0);
      REQUIRE(c.Post("/v1/reload", {{"Authorization", "Bearer t0ken"}}, "", "application/json")->status == 200);
      const auto r = c.Post("/v1/diagnose", good_case, "application/json");
      REQUIRE(r);
      REQUIRE(r->get_header_value(kb_digest_header) == l.kb->info().digest);
      expected[l.kb->info().digest] = r->body;
    };
    answer_of(changed);
    answer_of(original);
    REQUIRE(expected.size() == 2);

    constexpr int clients = 4, per_client = 150;
    std::atomic<int> answered{0}, right{0};
    std::atomic<bool> stop{false};
    std::mutex wrong_mutex;
    std::vector<std::string> wrong;
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t)
      threads.emplace_back([&] {
        httplib::Client c("127.0.0.1", port);  // keep-alive: one connection per thread
        c.set_keep_alive(true);
        c.set_read_timeout(30, 0);
        for (int i = 0; i < per_client; ++i) {
          const auto r = c.Post("/v1/diagnose", good_case, "application/json");
          if (!r) continue;
          ++answered;
          const auto digest = r->get_header_value(kb_digest_header);
          const auto it = expected.find(digest);
          if (r->status == 200 && it != expected.end() && it->second == r->body) {
            ++right;
          } else {
            const std::lock_guard lock(wrong_mutex);
            wrong.push_back(std::to_string(r->status) + " " + digest + " " + r->body.substr(0, 200));
          }
        }
      });
    int ok = 0, refused = 0;
    std::thread reloader([&] {
      httplib::Client c("127.0.0.1", port);
      c.set_read_timeout(30, 0);
      const std::string* texts[] = {&changed, &broken, &original, &broken};
      for (int i = 0; !stop; ++i) {
        write(*texts[i % 4]);
        const auto r = c.Post("/v1/reload", {{"Authorization", "Bearer t0ken"}}, "", "application/json");
        if (r && r->status == 200) ++ok;
        if (r && r->status == 422) ++refused;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
    });
    for (auto& t : threads) t.join();
    stop = true;
    reloader.join();
    CHECK(answered == clients * per_client);  // none lost
    CHECK(right == clients * per_client);     // each one 200 with its knowledge base's answer
    for (const auto& w : wrong) FAIL_CHECK(w);
    CHECK(ok >= 1);
    CHECK(refused >= 1);
    const auto m = parse_exposition(httplib::Client("127.0.0.1", port).Get("/metrics")->body);
    CHECK(m.value("ddx_kb_reloads_total", {{"outcome", "ok"}}) == ok + 2);
    CHECK(m.value("ddx_kb_reloads_total", {{"outcome", "refused"}}) == refused);
    CHECK(m.value("ddx_http_requests_total", {{"route", "/v1/diagnose"}, {"method", "POST"}, {"status", "200"}}) ==
          clients * per_client + 2);
    fs::remove_all(dir);
  }
}
