// tools/lsp/protocol.hpp: JSON-RPC 2.0 over a byte stream with LSP's Content-Length framing.
#pragma once

#include <istream>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

namespace ddx::tools::lsp {

using json = nlohmann::json;

/// JSON-RPC error codes (JSON-RPC 2.0 and LSP 3.17).
enum error_code : int {
  parse_error = -32700,
  invalid_request = -32600,
  method_not_found = -32601,
  invalid_params = -32602,
  internal_error = -32603,
  server_not_initialized = -32002,
  request_failed = -32803,
};

/// One framed message read from a stream.
struct frame {
  enum class status { message, eof, bad_header };
  status state = status::eof;
  std::string body;   ///< the JSON text (status::message)
  std::string error;  ///< what was wrong (status::bad_header); the bad frame has been skipped
};

/// Largest body accepted (a larger one is read and dropped, answered with a parse error).
inline constexpr std::size_t max_body = std::size_t{64} << 20;

/// Reads one `Content-Length: N\r\n...\r\n\r\n<N bytes>` frame. Header names are case-insensitive; other headers are
/// ignored; a header block without a usable Content-Length is skipped and reported as bad_header.
frame read_frame(std::istream& in);
/// Writes one framed message and flushes.
void write_frame(std::ostream& out, const json& message);

json response(const json& id, json result);
json error_response(const json& id, int code, const std::string& message);
json notification(const std::string& method, json params);

}  // namespace ddx::tools::lsp
