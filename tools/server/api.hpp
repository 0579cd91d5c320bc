// tools/server/api.hpp: the HTTP JSON API as plain functions (request in, status and JSON out), no sockets.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "engine/deadline.hpp"
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

/// An endpoint of handle_request: its path and the one method it takes (HEAD too, for GET).
struct api_route {
  std::string_view path;
  std::string_view method;
};

/// Every /v1 endpoint handle_request answers, in the order docs/http-api.md lists them (the server adds
/// POST /v1/reload and GET /metrics; the classroom page is served from GET /, /index.html and /assets/...).
std::span<const api_route> api_routes();

/// Routes one request: GET /v1/health, /v1/ready, /v1/kb, /v1/vocab, /v1/catalog, /v1/library; POST /v1/diagnose, /v1/explain,
/// /v1/diagnose/batch, /v1/rule-in-out, /v1/graph; GET of any other path is a file of the classroom page (`/` its
/// index), when the page was built in. Past `deadline` (engine/deadline.hpp) the work stops at its next check and the
/// answer is 503 `request.timeout`.
api_reply handle_request(const engine::knowledge_base& kb, const std::string& method, const std::string& path,
                         const std::multimap<std::string, std::string>& query, const std::string& body,
                         const engine::deadline& deadline = std::nullopt);

/// The 503 `request.timeout` answer of a request whose time limit passed.
api_reply timeout_reply();

/// {"error": {"code": ..., "message": ...}} with the given status.
api_reply error_reply(int status, const std::string& code, const std::string& message);

/// A yes/no query parameter (`trace`, `fired_only`): left out, empty, `0` or `false` is false; `1` or `true` is
/// true; any other value is nullopt, and the caller answers 400 `request.bad_parameter` (a typo such as `trace=yes`
/// must not silently mean no).
std::optional<bool> flag_parameter(const std::multimap<std::string, std::string>& query, const std::string& key);

/// The 400 `request.bad_parameter` answer for a yes/no parameter flag_parameter refused.
api_reply bad_flag_reply(const std::multimap<std::string, std::string>& query, const std::string& key);

}  // namespace ddx::tools
