// tools/server/server.cpp: cpp-httplib glue: every method and path goes to handle_request; JSON for every error.
#include "tools/server/server.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>
#include <thread>

#include <fmt/format.h>

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

// A request is served on one pool thread from routing to logging, so its start time can live in the thread.
thread_local std::chrono::steady_clock::time_point request_start{};

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
    : server_(std::make_unique<httplib::Server>()) {
  auto handler = [&kb](const httplib::Request& req, httplib::Response& res) {
    stamp(kb, res);
    apply(handle_request(kb, req.method, req.path, query_of(req), req.body), res);
  };
  server_->set_pre_routing_handler([&kb](const httplib::Request&, httplib::Response& res) {
    request_start = std::chrono::steady_clock::now();
    stamp(kb, res);
    return httplib::Server::HandlerResponse::Unhandled;
  });
  if (options.access_log) {
    std::function<void(std::string_view)> log = std::move(options.log);
    if (!log)
      log = [](std::string_view line) {
        const std::string whole = std::string(line) + "\n";  // one write, so lines from several threads do not mix
        std::fwrite(whole.data(), 1, whole.size(), stderr);
      };
    server_->set_logger([log = std::move(log)](const httplib::Request& req, const httplib::Response& res) {
      double ms = -1;
      if (request_start != std::chrono::steady_clock::time_point{}) {
        ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - request_start).count();
        request_start = {};
      }
      log(access_log_line(req.remote_addr, req.method, req.path, res.status, ms));
    });
  }
  // Every method reaches the router, which answers 404 or 405 itself.
  server_->Get(".*", handler).Post(".*", handler).Put(".*", handler).Patch(".*", handler);
  server_->Delete(".*", handler).Options(".*", handler);
  server_->set_payload_max_length(max_request_body);
  // Replies are written in one piece and clients wait for them: without TCP_NODELAY a keep-alive client's next
  // request stalls on the delayed ACK (tens of milliseconds a request).
  server_->set_tcp_nodelay(true);
  server_->set_keep_alive_max_count(std::numeric_limits<int>::max());
  server_->set_keep_alive_timeout(5);
  // cpp-httplib serves a connection on one pool thread for as long as it stays open, so the pool holds a thread for
  // each connection a client keeps alive; the work in flight is bounded by the cores, since a request holds no lock
  // (the knowledge base is immutable; a scratch state is leased from its pool for the request and returned).
  server_->new_task_queue = [] { return new httplib::ThreadPool(server_threads()); };
  server_->set_read_timeout(10, 0);
  server_->set_write_timeout(10, 0);
  const httplib::Server::HandlerWithResponse on_error = [&kb](const httplib::Request& req, httplib::Response& res) {
    stamp(kb, res);
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const auto reply =
        res.status == 413   ? error_reply(413, "http.body_too_large", "request body is over 1048576 bytes")
        : res.status == 404 ? error_reply(404, "http.not_found", "no endpoint `" + req.method + " " + req.path + "`")
                            : error_reply(res.status, "http.error", "the request could not be served");
    apply(reply, res);
    return httplib::Server::HandlerResponse::Handled;
  };
  server_->set_error_handler(on_error);
  server_->set_exception_handler([&kb](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    stamp(kb, res);
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
