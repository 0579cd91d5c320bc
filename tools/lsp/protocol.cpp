// tools/lsp/protocol.cpp: Content-Length framing, tolerant of bad headers and of bodies too large to keep.
#include "tools/lsp/protocol.hpp"

#include <algorithm>
#include <cctype>

namespace ddx::tools::lsp {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// One header line without its line break; false at end of input.
bool read_line(std::istream& in, std::string& line) {
  line.clear();
  if (!std::getline(in, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.size() > 4096) line.resize(4096);
  return true;
}

}  // namespace

frame read_frame(std::istream& in) {
  frame f;
  std::string line;
  long long length = -1;
  bool any = false, bad_length = false;
  for (;;) {
    if (!read_line(in, line)) return f;  // eof
    if (line.empty()) {
      if (any) break;
      continue;  // blank lines between frames
    }
    any = true;
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    if (lower(line.substr(0, colon)) != "content-length") continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
    if (value.empty() || value.size() > 18 || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      bad_length = true;
    } else {
      length = std::stoll(value);
    }
  }
  if (length < 0) {
    f.state = frame::status::bad_header;
    f.error = bad_length ? "the Content-Length header is not a number" : "the header has no Content-Length";
    return f;
  }
  const auto n = static_cast<std::size_t>(length);
  if (n > max_body) {
    std::string sink(1 << 16, '\0');
    for (std::size_t left = n; left > 0 && in;) {
      const std::size_t chunk = std::min(left, sink.size());
      in.read(sink.data(), static_cast<std::streamsize>(chunk));
      left -= static_cast<std::size_t>(in.gcount());
    }
    if (!in) return f;
    f.state = frame::status::bad_header;
    f.error = "the message is larger than 64 MiB";
    return f;
  }
  f.body.resize(n);
  in.read(f.body.data(), static_cast<std::streamsize>(n));
  if (static_cast<std::size_t>(in.gcount()) != n) return frame{};  // cut short: eof
  f.state = frame::status::message;
  return f;
}

void write_frame(std::ostream& out, const json& message) {
  const std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

json response(const json& id, json result) { return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}; }

json error_response(const json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

json notification(const std::string& method, json params) {
  return {{"jsonrpc", "2.0"}, {"method", method}, {"params", std::move(params)}};
}

}  // namespace ddx::tools::lsp
