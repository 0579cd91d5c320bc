// tools/server/server.hpp: the HTTP JSON API server (cpp-httplib) over handle_request; loopback by default.
#pragma once

#include <memory>
#include <string>

#include "engine/kb.hpp"

namespace httplib {
class Server;
}

namespace ddx::tools {

/// Threads serving connections: one per open keep-alive connection (cpp-httplib's model), at least 64, 8 per core.
std::size_t server_threads();

/// Serves one knowledge base. The knowledge base must outlive the server.
class api_server {
 public:
  explicit api_server(const engine::knowledge_base& kb);
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
