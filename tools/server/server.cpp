// tools/server/server.cpp: cpp-httplib glue: every method and path goes to handle_request; JSON for every error.
#include "tools/server/server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <thread>

#include <fmt/format.h>

#include "grammar/diagnostic.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"
#include "tools/server/api.hpp"

namespace ddx::tools {
namespace {

void apply(const api_reply& reply, httplib::Response& res) {
  res.status = reply.status;
  if (!reply.allow.empty()) res.set_header("Allow", reply.allow);
  res.set_content(reply.body, reply.content_type);
}

/// Names the knowledge base on a response, once, whatever path produced it (handler, error or exception handler).
void stamp(const engine::knowledge_base& kb, httplib::Response& res) {
  if (!res.has_header(kb_digest_header)) res.set_header(kb_digest_header, kb.info().digest);
}

/// Compares without stopping at the first difference, so the time taken tells nothing about the token.
bool same_secret(std::string_view given, std::string_view expected) {
  unsigned char diff = given.size() != expected.size();
  for (std::size_t i = 0; i < given.size() && i < expected.size(); ++i)
    diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
  return diff == 0;
}

// A request is served on one pool thread from routing to logging, so its start time can live in the thread.
thread_local std::chrono::steady_clock::time_point request_start{};

/// Every body the API reads is JSON, whatever Content-Type the client sent. `curl -d` and `--data-binary` send
/// `application/x-www-form-urlencoded`, and cpp-httplib, reading the body after the pre-routing handler, would
/// then parse it as form fields into the query parameters (a case id holding `&top=0` would set `top`) and refuse
/// any such body over 8 KiB with 413; for `multipart/form-data` it would not fill the body at all. Dropping those
/// two types before the body is read keeps the body as sent. (The request object cpp-httplib hands the pre-routing
/// handler as const is its own non-const local, so changing its headers there is defined.)
void read_body_as_json(httplib::Request& req) {
  auto [it, end] = req.headers.equal_range("Content-Type");  // httplib::Headers compares names case-blind
  while (it != end) {
    const bool form = it->second.rfind("application/x-www-form-urlencoded", 0) == 0 ||
                      it->second.rfind("multipart/form-data", 0) == 0;
    it = form ? req.headers.erase(it) : std::next(it);
  }
}

std::multimap<std::string, std::string> query_of(const httplib::Request& req) {
  return {req.params.begin(), req.params.end()};
}

}  // namespace

std::string access_log_line(std::string_view address, std::string_view method, std::string_view path, int status,
                            double milliseconds) {
  const auto duration = milliseconds < 0 ? std::string("-") : fmt::format("{:.3f}ms", milliseconds);
  return fmt::format("ddx: access {} {} {} {} {}", address.empty() ? "-" : address, method, path, status, duration);
}

std::size_t server_threads() {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  return std::max<std::size_t>(64, 8 * cores);
}

api_server::api_server(const engine::knowledge_base& kb, server_options options)
    : api_server(std::shared_ptr<const engine::knowledge_base>(&kb, [](const engine::knowledge_base*) {}),
                 std::move(options)) {}

api_server::api_server(std::shared_ptr<const engine::knowledge_base> kb, server_options options)
    : server_(std::make_unique<httplib::Server>()), options_(std::move(options)), kb_(std::move(kb)) {
  setup();
}

std::shared_ptr<const engine::knowledge_base> api_server::current() const {
  const std::lock_guard lock(kb_mutex_);
  return kb_;
}

reload_outcome api_server::reload() {
  const std::lock_guard serial(reload_mutex_);
  auto outcome = reload_once();
  metrics_.reloaded(outcome.status == 200 ? reload_result::ok
                    : outcome.status == 422 ? reload_result::refused
                                            : reload_result::failed);
  return outcome;
}

reload_outcome api_server::reload_once() {
  const auto before = current();
  if (!options_.load) {
    const auto reply = error_reply(500, "reload.not_configured", "this server was given no knowledge base files to reload");
    return {500, reply.body, "ddx: reload: no knowledge base files to reload"};
  }
  // The load_result owns the sources the knowledge base was compiled from; the knowledge base keeps it alive.
  std::shared_ptr<engine::load_result> loaded;
  try {
    loaded = std::make_shared<engine::load_result>(options_.load());
  } catch (const std::exception& e) {
    const auto reply = error_reply(500, "reload.failed", std::string("the reload failed: ") + e.what());
    return {500, reply.body, std::string("ddx: reload failed: ") + e.what() + "; still serving " + before->info().digest};
  }
  if (loaded->diags.has_errors() || !loaded->kb) {
    auto j = diagnostics_json(loaded->diags, loaded->sources);
    nlohmann::ordered_json out;
    out["error"]["code"] = "reload.kb_has_errors";
    out["error"]["message"] = fmt::format("the knowledge base has {} error(s); still serving {}",
                                          j.value("errors", 0), before->info().digest);
    out["diagnostics"] = std::move(j["diagnostics"]);
    out["errors"] = j["errors"];
    out["warnings"] = j["warnings"];
    return {422, dump_json(out, false),
            grammar::format_diagnostics(loaded->diags, loaded->sources) +
                "ddx: reload refused: the knowledge base has errors; still serving " + before->info().digest};
  }
  std::shared_ptr<const engine::knowledge_base> next(loaded, &*loaded->kb);
  {
    const std::lock_guard lock(kb_mutex_);
    kb_ = next;
  }
  nlohmann::ordered_json out;
  out["status"] = "reloaded";
  out["kb"] = {{"name", next->info().name}, {"version", next->info().version}, {"digest", next->info().digest}};
  out["previous_digest"] = before->info().digest;
  return {200, dump_json(out, false),
          fmt::format("ddx: reloaded `{}` {} (digest {}, was {})", next->info().name, next->info().version,
                      next->info().digest, before->info().digest)};
}

void api_server::note(std::string_view line) const {
  if (options_.log) {
    options_.log(line);
    return;
  }
  const std::string whole = std::string(line) + "\n";
  std::fwrite(whole.data(), 1, whole.size(), stderr);
}

api_reply api_server::reload_request(const httplib::Request& req) {
  if (req.method != "POST") {
    auto reply = error_reply(405, "http.method_not_allowed", "`/v1/reload` accepts POST only, not " + req.method);
    reply.allow = "POST";
    return reply;
  }
  if (options_.reload_token.empty() || !options_.load)
    return error_reply(403, "reload.disabled",
                       "reloading over HTTP is off: start the server with --reload-token or DDX_RELOAD_TOKEN");
  if (!same_secret(req.get_header_value("Authorization"), "Bearer " + options_.reload_token))
    return error_reply(401, "reload.unauthorized",
                       "POST /v1/reload needs the header `Authorization: Bearer TOKEN` with the server's reload token");
  const auto outcome = reload();
  note(outcome.log);
  return {outcome.status, outcome.body, {}};
}

api_reply api_server::metrics_request(const httplib::Request& req) const {
  if (req.method != "GET" && req.method != "HEAD") {
    auto reply = error_reply(405, "http.method_not_allowed", "`/metrics` accepts GET only, not " + req.method);
    reply.allow = "GET";
    return reply;
  }
  return {200, metrics_.exposition(current()->info()), {}, "text/plain; version=0.0.4; charset=utf-8"};
}

void api_server::setup() {
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    metrics_.enter();
    struct leave_on_exit {
      server_metrics& m;
      ~leave_on_exit() { m.leave(); }
    } in_flight{metrics_};
    if (req.path == "/v1/reload") {
      apply(reload_request(req), res);
      stamp(*current(), res);  // the knowledge base that answers from now on
      return;
    }
    const auto kb = current();  // this request's knowledge base until it is answered, whatever reloads meanwhile
    res.set_header(kb_digest_header, kb->info().digest);
    if (req.path == "/metrics") {
      apply(metrics_request(req), res);
      return;
    }
    // The time limit counts from here, once the body has been read (cpp-httplib reads it after the pre-routing
    // handler): a slow upload is the socket timeout's business, not the computing's.
    engine::deadline deadline;
    if (options_.request_timeout.count() > 0) deadline = std::chrono::steady_clock::now() + options_.request_timeout;
    apply(handle_request(*kb, req.method, req.path, query_of(req), req.body, deadline), res);
  };
  server_->set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    request_start = std::chrono::steady_clock::now();
    read_body_as_json(const_cast<httplib::Request&>(req));
    return httplib::Server::HandlerResponse::Unhandled;
  });
  std::function<void(std::string_view)> log;
  if (options_.access_log) {
    log = options_.log;
    if (!log)
      log = [](std::string_view line) {
        const std::string whole = std::string(line) + "\n";  // one write, so lines from several threads do not mix
        std::fwrite(whole.data(), 1, whole.size(), stderr);
      };
  }
  // cpp-httplib calls the post-routing handler once per answer, routed or not, just before writing it: the metrics
  // count there, so a client that has its answer finds it counted (the logger runs only after the write).
  server_->set_post_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    double seconds = -1;
    if (request_start != std::chrono::steady_clock::time_point{})
      seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - request_start).count();
    metrics_.record(req.method, req.path, res.status, seconds);
  });
  server_->set_logger([log = std::move(log)](const httplib::Request& req, const httplib::Response& res) {
    double ms = -1;
    if (request_start != std::chrono::steady_clock::time_point{}) {
      ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - request_start).count();
      request_start = {};
    }
    if (log) log(access_log_line(req.remote_addr, req.method, req.path, res.status, ms));
  });
  // Every method reaches the router, which answers 404 or 405 itself.
  server_->Get(".*", handler).Post(".*", handler).Put(".*", handler).Patch(".*", handler);
  server_->Delete(".*", handler).Options(".*", handler);
  server_->set_payload_max_length(max_request_body);
  // cpp-httplib's default options set SO_REUSEPORT, which lets a second server bind a port this one listens on
  // and has the kernel share the connections between them: a second `ddx serve` on a busy port must fail instead.
  // SO_REUSEADDR alone still lets a restarted server bind at once while old connections sit in TIME_WAIT.
  server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // Replies are written in one piece and clients wait for them: without TCP_NODELAY a keep-alive client's next
  // request stalls on the delayed ACK (tens of milliseconds a request).
  server_->set_tcp_nodelay(true);
  server_->set_keep_alive_max_count(std::numeric_limits<int>::max());
  server_->set_keep_alive_timeout(5);
  // cpp-httplib serves a connection on one pool thread for as long as it stays open, so the pool holds a thread for
  // each connection a client keeps alive; the work in flight is bounded by the cores, since a request holds no lock
  // (the knowledge base is immutable; a scratch state is leased from its pool for the request and returned).
  server_->new_task_queue = [] { return new httplib::ThreadPool(server_threads()); };
  // A client that stalls while sending its request or reading its answer holds a pool thread only this long per
  // read or write; the time limit of the computing in between is options_.request_timeout.
  const auto socket_s = options_.socket_timeout.count() / 1000, socket_us = options_.socket_timeout.count() % 1000 * 1000;
  server_->set_read_timeout(socket_s, socket_us);
  server_->set_write_timeout(socket_s, socket_us);
  const httplib::Server::HandlerWithResponse on_error = [this](const httplib::Request& req, httplib::Response& res) {
    stamp(*current(), res);
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const auto reply =
        res.status == 413   ? error_reply(413, "http.body_too_large", "request body is over 1048576 bytes")
        : res.status == 404 ? error_reply(404, "http.not_found", "no endpoint `" + req.method + " " + req.path + "`")
                            : error_reply(res.status, "http.error", "the request could not be served");
    apply(reply, res);
    return httplib::Server::HandlerResponse::Handled;
  };
  server_->set_error_handler(on_error);
  server_->set_exception_handler([this](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    stamp(*current(), res);
    apply(error_reply(500, "http.internal_error", "the request failed inside the server"), res);
  });
}

api_server::~api_server() { stop(); }

int api_server::bind(const std::string& host, int port) {
  if (port == 0) return server_->bind_to_any_port(host);
  return server_->bind_to_port(host, port) ? port : -1;
}

bool api_server::listen() { return server_->listen_after_bind(); }

bool api_server::running() const { return server_->is_running(); }

void api_server::stop() {
  if (server_->is_running()) server_->stop();
}

}  // namespace ddx::tools
