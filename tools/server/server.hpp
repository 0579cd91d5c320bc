// tools/server/server.hpp: the HTTP JSON API server (cpp-httplib) over handle_request; loopback by default.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "engine/kb.hpp"
#include "tools/server/api.hpp"
#include "tools/server/metrics.hpp"

namespace httplib {
class Server;
struct Request;
}

namespace ddx::tools {

/// Threads serving connections: one per open keep-alive connection (cpp-httplib's model), at least 64, 8 per core.
std::size_t server_threads();

/// Name of the response header that carries the digest of the knowledge base that answered.
inline constexpr const char* kb_digest_header = "X-DDX-KB-Digest";

struct server_options {
  /// One access log line per request (`access_log_line`); off with `ddx serve --no-access-log`.
  bool access_log = true;
  /// Where access log lines go (each without its newline); empty: stderr, a whole line per write.
  std::function<void(std::string_view)> log;
  /// Compiles the knowledge base again from its files, for a reload (SIGHUP, POST /v1/reload); empty: no reloads.
  std::function<engine::load_result()> load;
  /// The secret POST /v1/reload must present as `Authorization: Bearer TOKEN`; empty: POST /v1/reload answers 403.
  std::string reload_token;
  /// How long a request may compute once it is read (`--request-timeout-ms`); past it the engine stops at its next
  /// check (engine/deadline.hpp) and the answer is 503 `request.timeout`. Zero: no limit.
  std::chrono::milliseconds request_timeout{10000};
  /// How long a read or a write on a connection may wait (`--socket-timeout-ms`): a client that stalls while
  /// sending its request or reading the answer loses its connection, and the thread serving it is freed.
  std::chrono::milliseconds socket_timeout{10000};
};

/// Bounds of the two time limits' flags, in milliseconds (a socket timeout of 0 would fail every read).
inline constexpr long long max_timeout_ms = 3'600'000;

/// What a reload did: 200 with the new knowledge base, 422 with the diagnostics when it had errors (nothing
/// changed), 500 when no loader was configured. `body` is the JSON answer of POST /v1/reload; `log` the line(s)
/// for stderr.
struct reload_outcome {
  int status = 500;
  std::string body;
  std::string log;
};

/// `ddx: access ADDRESS METHOD PATH STATUS DURATIONms` (duration from routing to the reply written, in ms with three
/// decimals; `-` when the request could not be read far enough to be routed).
std::string access_log_line(std::string_view address, std::string_view method, std::string_view path, int status,
                            double milliseconds);

/// Serves one knowledge base at a time. A reload swaps in a new one only when it compiled without errors; each
/// request holds the knowledge base it started with until it is answered, so a reload never changes an answer
/// half-way.
class api_server {
 public:
  /// Serves `kb`, which must outlive the server (or the first reload).
  explicit api_server(const engine::knowledge_base& kb, server_options options = {});
  /// Serves a knowledge base the server shares.
  explicit api_server(std::shared_ptr<const engine::knowledge_base> kb, server_options options = {});
  ~api_server();
  api_server(const api_server&) = delete;
  api_server& operator=(const api_server&) = delete;

  /// Binds host:port (port 0 picks a free one); returns the bound port, or -1 when binding failed.
  int bind(const std::string& host, int port);
  /// Serves until stop(); false when it could not serve.
  bool listen();
  /// Stops a listen() running on another thread (safe to call more than once).
  void stop();
  /// True while listen() is serving.
  bool running() const;

  /// The knowledge base answering new requests.
  std::shared_ptr<const engine::knowledge_base> current() const;
  /// Compiles the knowledge base with options.load and swaps it in when it has no errors; one reload at a time.
  reload_outcome reload();
  /// The counters GET /metrics shows.
  const server_metrics& metrics() const { return metrics_; }

 private:
  void setup();
  api_reply reload_request(const httplib::Request& req);
  api_reply metrics_request(const httplib::Request& req) const;
  reload_outcome reload_once();
  void note(std::string_view line) const;

  std::unique_ptr<httplib::Server> server_;
  server_options options_;
  mutable std::mutex kb_mutex_;  // guards kb_ (copied out under it: a pointer copy, never held while serving)
  std::shared_ptr<const engine::knowledge_base> kb_;
  std::mutex reload_mutex_;      // one reload at a time
  server_metrics metrics_;
};

}  // namespace ddx::tools
