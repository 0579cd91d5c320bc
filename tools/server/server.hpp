// tools/server/server.hpp: the HTTP JSON API server (cpp-httplib) over handle_request; loopback by default.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "engine/kb.hpp"

namespace httplib {
class Server;
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
};

/// `ddx: access ADDRESS METHOD PATH STATUS DURATIONms` (duration from routing to the reply written, in ms with three
/// decimals; `-` when the request could not be read far enough to be routed).
std::string access_log_line(std::string_view address, std::string_view method, std::string_view path, int status,
                            double milliseconds);

/// Serves one knowledge base. The knowledge base must outlive the server.
class api_server {
 public:
  explicit api_server(const engine::knowledge_base& kb, server_options options = {});
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

 private:
  std::unique_ptr<httplib::Server> server_;
};

}  // namespace ddx::tools
