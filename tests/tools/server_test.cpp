// tests/tools/server_test.cpp: the HTTP API: routing table without sockets, then a real server on an ephemeral port.
#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "tools/json/case_io.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"
#include "tools/server/api.hpp"
#include "tools/server/page.hpp"
#include "tools/server/server.hpp"
#include "server_support.hpp"
#include "tools_support.hpp"

using namespace ddx::tools;

namespace {

using test::error_code;
using test::good_case;
using test::serving_thread;

}  // namespace

TEST_SUITE("tools.server") {
  TEST_CASE("requests are routed to the right status and error code") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    struct row {
      std::string method, path, query_top, body;
      int status;
      std::string code;
    };
    const row rows[] = {
        {"GET", "/v1/health", "", "", 200, ""},
        {"GET", "/v1/ready", "", "", 200, ""},
        {"POST", "/v1/ready", "", "", 405, "http.method_not_allowed"},
        {"GET", "/v1/kb", "", "", 200, ""},
        {"GET", "/v1/vocab", "", "", 200, ""},
        {"POST", "/v1/diagnose", "", good_case, 200, ""},
        {"POST", "/v1/diagnose", "3", good_case, 200, ""},
        {"POST", "/v1/diagnose", "x", good_case, 400, "request.bad_parameter"},
        {"POST", "/v1/diagnose", "", "{\"present\": [", 400, "case.malformed_json"},
        {"POST", "/v1/diagnose", "", R"({"present": ["loc.lateral_kne"]})", 400, "case.unknown_finding"},
        {"POST", "/v1/diagnose/batch", "", "[" + good_case + ", {\"present\": 1}]", 200, ""},
        {"POST", "/v1/diagnose/batch", "", good_case, 400, "request.not_an_array"},
        {"POST", "/v1/explain", "", good_case, 400, "request.missing_parameter"},
        {"GET", "/v1/diagnose", "", "", 405, "http.method_not_allowed"},
        {"POST", "/v1/health", "", "", 405, "http.method_not_allowed"},
        {"GET", "/v2/nothing", "", "", 404, "http.not_found"},
        {"POST", "/v1/diagnose", "", std::string(max_request_body + 1, ' '), 413, "http.body_too_large"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.method);
      CAPTURE(r.path);
      std::multimap<std::string, std::string> query;
      if (!r.query_top.empty()) query.emplace("top", r.query_top);
      const auto reply = handle_request(*loaded.kb, r.method, r.path, query, r.body);
      CHECK(reply.status == r.status);
      CHECK(error_code(reply.body) == r.code);
    }
  }

  TEST_CASE("the classroom endpoints: catalog, library, rule in / out, graph") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    const auto& kb = *loaded.kb;
    using query = std::multimap<std::string, std::string>;
    const auto json_of = [](const api_reply& r) { return nlohmann::json::parse(r.body); };

    SUBCASE("catalog lists findings with synonyms, values with ranges, conditions, facts and flags") {
      const auto r = handle_request(kb, "GET", "/v1/catalog", {}, "");
      REQUIRE(r.status == 200);
      const auto j = json_of(r);
      CHECK(j["kb"]["name"] == "tools-sample");
      CHECK(j["regions"] == nlohmann::json::array({"knee", "lower_leg"}));
      REQUIRE(j["findings"].size() == 7);
      CHECK(j["findings"][0]["id"] == "loc.lateral_knee");
      CHECK(j["findings"][0]["synonyms"].is_array());
      CHECK(j["values"][0]["id"] == "age");
      CHECK(j["values"][0]["high"] == 120.0);
      CHECK(j["conditions"][1]["name"] == "Patellofemoral pain syndrome");
      CHECK(j["flags"][0]["level"] == "urgent_care");
      CHECK(j["facts"][0]["id"] == "knee_overuse");
      REQUIRE(j["rules"].size() == 6);
      bool found = false;
      for (const auto& r : j["rules"])
        if (r["id"] == "itbs_lateral") {
          found = true;
          CHECK(r["text"] == "Outer-knee pain when running downhill");
          CHECK(r["location"].get<std::string>().ends_with("sample.ddx:49"));
          CHECK(r["sources"] == nlohmann::json::array({"tools test data"}));
        }
      CHECK(found);
    }
    SUBCASE("library gives every test as a case with its region and expectations") {
      const auto j = json_of(handle_request(kb, "GET", "/v1/library", {}, ""));
      REQUIRE(j["tests"].size() == 2);
      CHECK(j["tests"][0]["id"] == "itbs_first");
      CHECK(j["tests"][0]["region"] == "knee");
      CHECK(j["tests"][0]["condition"] == "itbs");
      CHECK(j["tests"][0]["expects"][0] == "expect itbs first");
      CHECK(j["tests"][0]["case"]["present"] == nlohmann::json::array({"loc.lateral_knee", "trig.downhill_running"}));
      CHECK(j["tests"][1]["condition"].is_null());  // only a flag and a triage level expected
      CHECK(j["tests"][1]["expects"] == nlohmann::json::array({"expect flag possible_dvt", "expect triage urgent_care"}));
      CHECK(j["tests"][1]["region"] == "sample");   // so the file names the region
    }
    SUBCASE("rule in / out: the unknown findings that move the condition most, with the scores they would give") {
      const auto r = handle_request(kb, "POST", "/v1/rule-in-out", query{{"condition", "pfps"}},
                                    R"({"present": ["loc.lateral_knee"]})");
      REQUIRE(r.status == 200);
      const auto j = json_of(r);
      CHECK(j["condition"] == "pfps");
      REQUIRE(j["moves"].size() >= 2);
      // Front-of-knee pain and stairs together fire pfps_front; each alone moves nothing, but downhill running
      // (with the outer knee present) fires itbs_lateral, which raises pfps through knee_overuse.
      std::set<std::string> moved;
      for (const auto& m : j["moves"]) {
        moved.insert(m["finding"].get<std::string>());
        CHECK(std::abs(m["if_present"].get<double>() - (j["score"].get<double>() + m["change_if_present"].get<double>())) < 1e-5);
      }
      CHECK(moved.count("trig.downhill_running") == 1);
      CHECK(moved.count("loc.lateral_knee") == 0);  // already known
      const auto one = json_of(handle_request(kb, "POST", "/v1/rule-in-out", query{{"condition", "pfps"}, {"top", "1"}},
                                              R"({"present": ["loc.lateral_knee"]})"));
      CHECK(one["moves"].size() == 1);
    }
    SUBCASE("rule in / out refuses bad requests") {
      CHECK(error_code(handle_request(kb, "POST", "/v1/rule-in-out", {}, "{}").body) == "request.missing_parameter");
      CHECK(error_code(handle_request(kb, "POST", "/v1/rule-in-out", query{{"condition", "pfp"}}, "{}").body) ==
            "explain.unknown_condition");
      CHECK(error_code(handle_request(kb, "POST", "/v1/rule-in-out", query{{"condition", "pfps"}, {"top", "0"}}, "{}").body) ==
            "request.bad_parameter");
      CHECK(error_code(handle_request(kb, "POST", "/v1/rule-in-out", query{{"condition", "pfps"}}, "[").body) ==
            "case.malformed_json");
      CHECK(handle_request(kb, "GET", "/v1/rule-in-out", {}, "").status == 405);
    }
    SUBCASE("graph: the part behind one condition, or what a case fired, as DOT") {
      const auto r = handle_request(kb, "POST", "/v1/graph", query{{"condition", "itbs"}}, "{}");
      REQUIRE(r.status == 200);
      const auto dot = json_of(r)["dot"].get<std::string>();
      CHECK(dot.find("\"condition:itbs\"") != std::string::npos);
      CHECK(dot.find("\"rule:itbs_swelling\"") != std::string::npos);
      CHECK(dot.find("\"condition:pfps\" [") == std::string::npos);  // nothing downstream of itbs' rules
      CHECK(dot.find("calf") == std::string::npos);
      const auto fired = json_of(handle_request(kb, "POST", "/v1/graph", query{{"fired_only", "1"}}, good_case));
      const auto fdot = fired["dot"].get<std::string>();
      CHECK(fdot.find("\"rule:itbs_lateral\"") != std::string::npos);
      CHECK(fdot.find("\"rule:overuse_pfps\"") != std::string::npos);
      CHECK(fdot.find("\"rule:pfps_front\"") == std::string::npos);  // did not fire
      CHECK(fired["nodes"] == 7);  // 2 findings, 2 rules, the fact, itbs, pfps
      CHECK(error_code(handle_request(kb, "POST", "/v1/graph", {}, "{}").body) == "request.missing_parameter");
      CHECK(error_code(handle_request(kb, "POST", "/v1/graph", query{{"condition", "itb"}}, "{}").body) ==
            "explain.unknown_condition");
      CHECK(error_code(handle_request(kb, "POST", "/v1/graph", query{{"condition", "itbs"}}, R"({"present": [1]})").body) ==
            "case.wrong_type");
    }
  }

  TEST_CASE("a yes/no parameter takes 1, true, 0 or false; any other value is refused, not read as no") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    const auto& kb = *loaded.kb;
    using query = std::multimap<std::string, std::string>;
    const auto has_trace = [&](const query& q) {
      const auto r = handle_request(kb, "POST", "/v1/diagnose", q, good_case);
      REQUIRE(r.status == 200);
      return nlohmann::json::parse(r.body).contains("trace");
    };
    CHECK(has_trace({{"trace", "1"}}));
    CHECK(has_trace({{"trace", "true"}}));
    CHECK_FALSE(has_trace({{"trace", "0"}}));
    CHECK_FALSE(has_trace({{"trace", "false"}}));
    CHECK_FALSE(has_trace({{"trace", ""}}));
    CHECK_FALSE(has_trace({}));
    struct row {
      std::string path, key, value;
    };
    const row rows[] = {
        {"/v1/diagnose", "trace", "yes"},       {"/v1/diagnose", "trace", "TRUE"},
        {"/v1/diagnose/batch", "trace", "2"},   {"/v1/graph", "fired_only", "yes"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.path);
      CAPTURE(r.value);
      query q{{r.key, r.value}};
      if (r.path == "/v1/graph") q.emplace("condition", "itbs");
      const auto body = r.path == "/v1/diagnose/batch" ? "[" + good_case + "]" : good_case;
      const auto reply = handle_request(kb, "POST", r.path, q, body);
      CHECK(reply.status == 400);
      CHECK(error_code(reply.body) == "request.bad_parameter");
      CHECK(reply.body.find("`" + r.key + "` must be `1`, `true`, `0` or `false`, found `" + r.value + "`") !=
            std::string::npos);
    }
    CHECK(handle_request(kb, "POST", "/v1/graph", query{{"condition", "itbs"}, {"fired_only", "0"}}, good_case).status ==
          200);
  }

  TEST_CASE("GET / serves the classroom page when it was built in, and says so when it was not") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    const auto index = handle_request(*loaded.kb, "GET", "/", {}, "");
    if (page_files().empty()) {
      CHECK(index.status == 404);
      CHECK(error_code(index.body) == "http.page_not_built");
    } else {
      CHECK(index.status == 200);
      CHECK(index.content_type == "text/html; charset=utf-8");
      CHECK(index.body.find("<div id=\"app\">") != std::string::npos);
      std::size_t scripts = 0;
      for (const auto& f : page_files()) {
        CAPTURE(f.path);
        const auto r = handle_request(*loaded.kb, "GET", std::string(f.path), {}, "");
        CHECK(r.status == 200);
        CHECK(r.body.size() == f.size);
        CHECK(r.content_type == std::string(f.content_type));
        scripts += f.path.ends_with(".js") && f.content_type == "text/javascript; charset=utf-8";
      }
      CHECK(scripts >= 1);
    }
    CHECK(error_code(handle_request(*loaded.kb, "GET", "/assets/nothing.js", {}, "").body) == "http.not_found");
    CHECK(handle_request(*loaded.kb, "POST", "/", {}, "").status == 404);
    CHECK(error_code(handle_request(*loaded.kb, "GET", "/v1/nothing", {}, "").body) == "http.not_found");
  }

  TEST_CASE("a port another server listens on cannot be bound a second time") {
    // cpp-httplib's default socket options set SO_REUSEPORT, with which a second `ddx serve` on a busy port started
    // without a word and the kernel split the connections between the two (two knowledge bases on one address).
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    server_options options;
    options.access_log = false;
    api_server first(*loaded.kb, options);
    const int port = first.bind("127.0.0.1", 0);
    REQUIRE(port > 0);
    const serving_thread serving(first);
    api_server second(*loaded.kb, options);
    CHECK(second.bind("127.0.0.1", port) < 0);
  }

  TEST_CASE("a body sent as a form (curl -d) is read as JSON: no 8 KiB limit, no query parameters from the body") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    server_options options;
    options.access_log = false;
    api_server server(*loaded.kb, options);
    const int port = server.bind("127.0.0.1", 0);
    REQUIRE(port > 0);
    const serving_thread serving(server);
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(10, 0);
    client.set_write_timeout(10, 0);
    const std::string form = "application/x-www-form-urlencoded";  // what `curl -d` and `--data-binary` send

    // A batch of 20 KiB: far under the 1 MiB limit, over cpp-httplib's own limit for form bodies.
    std::string batch = "[";
    for (int i = 0; i < 400; ++i) batch += (i ? "," : "") + good_case;
    batch += "]";
    REQUIRE(batch.size() > 16384);
    const auto as_form = client.Post("/v1/diagnose/batch", batch, form.c_str());
    REQUIRE(as_form);
    CHECK(as_form->status == 200);
    const auto as_json = client.Post("/v1/diagnose/batch", batch, "application/json");
    REQUIRE(as_json);
    CHECK(as_form->body == as_json->body);

    // `&top=abc` inside the case is the case's text, not a query parameter.
    const auto id_with_ampersand = client.Post("/v1/diagnose", R"({"id": "a&top=abc&trace=1"})", form.c_str());
    REQUIRE(id_with_ampersand);
    CHECK(id_with_ampersand->status == 200);
    const auto j = nlohmann::json::parse(id_with_ampersand->body);
    CHECK(j["case"] == "a&top=abc&trace=1");
    CHECK_FALSE(j.contains("trace"));

    // Over 1 MiB is still refused, with the true limit in the message.
    const auto big = client.Post("/v1/diagnose", std::string(max_request_body + 10, ' '), form.c_str());
    REQUIRE(big);
    CHECK(big->status == 413);
    CHECK(error_code(big->body) == "http.body_too_large");
  }

  TEST_CASE("the server answers over HTTP on an ephemeral loopback port and stops") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    std::mutex log_mutex;
    std::vector<std::string> log;
    server_options options;
    options.log = [&](std::string_view line) {
      const std::lock_guard lock(log_mutex);
      log.emplace_back(line);
    };
    api_server server(*loaded.kb, options);
    const int port = server.bind("127.0.0.1", 0);
    REQUIRE(port > 0);
    const serving_thread serving(server);
    REQUIRE(server.running());
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(10, 0);
    client.set_write_timeout(10, 0);

    const auto health = client.Get("/v1/health");
    REQUIRE(health);
    CHECK(health->status == 200);
    CHECK(health->get_header_value("Content-Type") == "application/json");

    const auto diagnosed = client.Post("/v1/diagnose?top=1", good_case, "application/json");
    REQUIRE(diagnosed);
    CHECK(diagnosed->status == 200);
    const auto j = nlohmann::json::parse(diagnosed->body);
    CHECK(j["differential"].size() == 1);
    CHECK(j["differential"][0]["id"] == "itbs");

    const auto explained = client.Post("/v1/explain?condition=itb", good_case, "application/json");
    REQUIRE(explained);
    CHECK(explained->status == 400);
    CHECK(error_code(explained->body) == "explain.unknown_condition");

    const auto missing = client.Get("/nowhere");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(error_code(missing->body) == "http.not_found");

    const auto wrong = client.Delete("/v1/diagnose");
    REQUIRE(wrong);
    CHECK(wrong->status == 405);
    CHECK(wrong->get_header_value("Allow") == "POST");

    const auto big = client.Post("/v1/diagnose", std::string(max_request_body + 10, ' '), "application/json");
    REQUIRE(big);
    CHECK(big->status == 413);
    CHECK(error_code(big->body) == "http.body_too_large");

    const auto ready = client.Get("/v1/ready");
    REQUIRE(ready);
    CHECK(ready->status == 200);
    const auto rj = nlohmann::json::parse(ready->body);
    CHECK(rj["status"] == "ready");
    CHECK(rj["kb"]["name"] == "tools-sample");
    CHECK(rj["kb"]["version"] == loaded.kb->info().version);
    CHECK(rj["kb"]["digest"] == loaded.kb->info().digest);

    SUBCASE("every response names the knowledge base's digest, errors included") {
      REQUIRE(!loaded.kb->info().digest.empty());
      for (const auto* r : {&health, &diagnosed, &explained, &missing, &wrong, &big, &ready}) {
        CAPTURE((*r)->status);
        CHECK((*r)->get_header_value(kb_digest_header) == loaded.kb->info().digest);
        CHECK((*r)->get_header_value_count(kb_digest_header) == 1);
      }
    }
    SUBCASE("each request gets one access log line: address, method, path, status, duration") {
      // The line is written after the reply, so the client may see the reply first.
      for (int i = 0; i < 500; ++i) {
        {
          const std::lock_guard lock(log_mutex);
          if (log.size() >= 7) break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      const std::lock_guard lock(log_mutex);
      REQUIRE(log.size() == 7);
      // Requests on different connections are logged by different threads (the 413 closes its connection), so
      // the order of the lines is not the order of the requests.
      const std::multiset<std::string> expected = {"GET /v1/health 200",      "POST /v1/diagnose 200",
                                                   "POST /v1/explain 400",    "GET /nowhere 404",
                                                   "DELETE /v1/diagnose 405", "POST /v1/diagnose 413",
                                                   "GET /v1/ready 200"};
      std::multiset<std::string> seen;
      const std::string prefix = "ddx: access 127.0.0.1 ";
      for (const auto& line : log) {
        CAPTURE(line);
        REQUIRE(line.starts_with(prefix));
        CHECK(line.ends_with("ms"));
        CHECK(line.find('\n') == std::string::npos);
        seen.insert(line.substr(prefix.size(), line.rfind(' ') - prefix.size()));
      }
      CHECK(seen == expected);
    }
  }

  TEST_CASE("the access log can be turned off, and its line has a fixed shape") {
    CHECK(access_log_line("127.0.0.1", "GET", "/v1/health", 200, 1.23456) ==
          "ddx: access 127.0.0.1 GET /v1/health 200 1.235ms");
    CHECK(access_log_line("", "GET", "/", 400, -1) == "ddx: access - GET / 400 -");
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    std::atomic<int> lines{0};
    server_options options;
    options.access_log = false;
    options.log = [&](std::string_view) { ++lines; };
    api_server server(*loaded.kb, options);
    const int port = server.bind("127.0.0.1", 0);
    REQUIRE(port > 0);
    {
      const serving_thread serving(server);
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(10, 0);
      const auto r = client.Get("/v1/health");
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->get_header_value(kb_digest_header) == loaded.kb->info().digest);
    }
    CHECK(lines == 0);
  }

  TEST_CASE("keep-alive clients on several connections at once get the batch's bytes") {
    const auto& loaded = test::sample_kb();
    REQUIRE(loaded.kb);
    server_options quiet;
    quiet.access_log = false;
    api_server server(*loaded.kb, quiet);
    const int port = server.bind("127.0.0.1", 0);
    REQUIRE(port > 0);
    const serving_thread serving(server);
    REQUIRE(server.running());
    // What the batch writes for the case is what /v1/diagnose answers.
    const auto read = read_case(good_case, *loaded.kb);
    REQUIRE(read.resolved);
    fmt::memory_buffer expected;
    write_result(expected, loaded.kb->diagnose(*read.resolved), false);
    const std::string want = fmt::to_string(expected);
    CHECK(want == dump_json(result_json(loaded.kb->diagnose(*read.resolved)), false));

    constexpr int clients = 6, requests = 40;
    std::atomic<int> same{0}, failed{0};
    std::atomic<long long> slowest_us{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t) {
      threads.emplace_back([&] {
        httplib::Client client("127.0.0.1", port);
        client.set_keep_alive(true);
        client.set_tcp_nodelay(true);
        client.set_read_timeout(10, 0);
        for (int i = 0; i < requests; ++i) {
          const auto start = std::chrono::steady_clock::now();
          const auto r = client.Post("/v1/diagnose", good_case, "application/json");
          const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
          if (i > 0) {  // after the connection is open
            long long seen = slowest_us.load();
            while (us > seen && !slowest_us.compare_exchange_weak(seen, us)) {
            }
          }
          if (!r || r->status != 200) ++failed;
          else if (r->body == want) ++same;
        }
      });
    }
    for (auto& t : threads) t.join();
    CHECK(failed == 0);
    CHECK(same == clients * requests);
    // Latency is the benchmark's to measure (docs/performance.md), not a test's: a shared machine's load would make
    // any bound here flaky.
    MESSAGE("slowest request on an open connection: " << slowest_us.load() << " us");
  }

  TEST_CASE("reload: a changed knowledge base is swapped in, a broken one refused, and only with the token") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("ddx-reload-test-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    const auto file = dir / "sample.ddx";
    const std::string original = test::read_file(test::sample_kb_dir + "/sample.ddx");
    const auto write = [&](const std::string& text) {
      std::ofstream out(file, std::ios::binary | std::ios::trunc);
      out << text;
    };
    write(original);
    const auto load = [dir] { return ddx::engine::load({dir.string()}); };
    auto first = std::make_shared<ddx::engine::load_result>(load());
    REQUIRE(first->kb);
    const std::string digest0 = first->kb->info().digest;

    std::mutex log_mutex;
    std::vector<std::string> log;
    server_options options;
    options.access_log = false;
    options.log = [&](std::string_view line) {
      const std::lock_guard lock(log_mutex);
      log.emplace_back(line);
    };
    options.load = load;
    options.reload_token = "s3cret";
    api_server server(std::shared_ptr<const ddx::engine::knowledge_base>(first, &*first->kb), options);
    const int port = server.bind("127.0.0.1", 0);
    REQUIRE(port > 0);
    const serving_thread serving(server);
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(20, 0);
    const httplib::Headers auth{{"Authorization", "Bearer s3cret"}};
    const auto diagnose = [&] { return client.Post("/v1/diagnose", good_case, "application/json"); };
    const auto before = diagnose();
    REQUIRE(before);
    REQUIRE(before->status == 200);
    CHECK(before->get_header_value(kb_digest_header) == digest0);

    SUBCASE("no token, a wrong token or another method: refused, nothing changes") {
      const auto none = client.Post("/v1/reload", "", "application/json");
      REQUIRE(none);
      CHECK(none->status == 401);
      CHECK(error_code(none->body) == "reload.unauthorized");
      const auto wrong = client.Post("/v1/reload", httplib::Headers{{"Authorization", "Bearer s3cre"}}, "", "application/json");
      REQUIRE(wrong);
      CHECK(wrong->status == 401);
      const auto get = client.Get("/v1/reload", auth);
      REQUIRE(get);
      CHECK(get->status == 405);
      CHECK(get->get_header_value("Allow") == "POST");
      CHECK(server.current()->info().digest == digest0);
    }
    SUBCASE("a changed knowledge base changes the digest; requests answer from it") {
      auto changed = original;
      const auto at = changed.find("version \"1.2.3\"");
      REQUIRE(at != std::string::npos);
      changed.replace(at, 15, "version \"1.2.4\"");
      write(changed);
      const auto r = client.Post("/v1/reload", auth, "", "application/json");
      REQUIRE(r);
      CHECK(r->status == 200);
      const auto j = nlohmann::json::parse(r->body);
      CHECK(j["status"] == "reloaded");
      CHECK(j["kb"]["version"] == "1.2.4");
      CHECK(j["previous_digest"] == digest0);
      const std::string digest1 = j["kb"]["digest"];
      CHECK(digest1 != digest0);
      CHECK(r->get_header_value(kb_digest_header) == digest1);
      const auto after = diagnose();
      REQUIRE(after);
      CHECK(after->get_header_value(kb_digest_header) == digest1);
      const auto kb = client.Get("/v1/kb");
      REQUIRE(kb);
      CHECK(nlohmann::json::parse(kb->body)["kb"]["version"] == "1.2.4");
      // The knowledge base a request started with lives as long as the request holds it.
      CHECK(first.use_count() == 1);
    }
    SUBCASE("a knowledge base with errors is refused with its diagnostics; answers stay the same") {
      write(original + "\nrule broken\n  when loc.nowhere\n");
      const auto r = client.Post("/v1/reload", auth, "", "application/json");
      REQUIRE(r);
      CHECK(r->status == 422);
      const auto j = nlohmann::json::parse(r->body);
      CHECK(j["error"]["code"] == "reload.kb_has_errors");
      CHECK(j["errors"].get<int>() >= 1);
      REQUIRE(!j["diagnostics"].empty());
      CHECK(r->get_header_value(kb_digest_header) == digest0);
      CHECK(server.current()->info().digest == digest0);
      const auto after = diagnose();
      REQUIRE(after);
      CHECK(after->body == before->body);
      CHECK(after->get_header_value(kb_digest_header) == digest0);
      const std::lock_guard lock(log_mutex);
      REQUIRE(!log.empty());
      CHECK(log.back().find("reload refused") != std::string::npos);
    }
    SUBCASE("a server started without a token refuses every reload over HTTP") {
      server_options plain;
      plain.access_log = false;
      plain.load = load;
      api_server other(*first->kb, plain);
      const int other_port = other.bind("127.0.0.1", 0);
      REQUIRE(other_port > 0);
      const serving_thread other_serving(other);
      httplib::Client c("127.0.0.1", other_port);
      c.set_read_timeout(10, 0);
      const auto r = c.Post("/v1/reload", auth, "", "application/json");
      REQUIRE(r);
      CHECK(r->status == 403);
      CHECK(error_code(r->body) == "reload.disabled");
    }
    fs::remove_all(dir);
  }
}
