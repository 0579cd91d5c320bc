// tools/server/api.hpp: the HTTP JSON API as plain functions (request in, status and JSON out), no sockets.
#pragma once

#include <map>
#include <string>

#include "engine/kb.hpp"

namespace ddx::tools {

/// Largest request body accepted (bytes); larger bodies get 413.
inline constexpr std::size_t max_request_body = 1u << 20;

struct api_reply {
  int status = 200;
  std::string body;         ///< JSON text
  std::string allow;        ///< for 405: the methods the path accepts
  std::string content_type = "application/json";  ///< the classroom page's files have their own
};

/// Routes one request: GET /v1/health, /v1/ready, /v1/kb, /v1/vocab, /v1/catalog, /v1/library; POST /v1/diagnose, /v1/explain,
/// /v1/diagnose/batch, /v1/rule-in-out, /v1/graph; GET of any other path is a file of the classroom page (`/` its
/// index), when the page was built in.
api_reply handle_request(const engine::knowledge_base& kb, const std::string& method, const std::string& path,
                         const std::multimap<std::string, std::string>& query, const std::string& body);

/// {"error": {"code": ..., "message": ...}} with the given status.
api_reply error_reply(int status, const std::string& code, const std::string& message);

}  // namespace ddx::tools
