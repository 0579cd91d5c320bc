// tools/lsp/client.hpp: an editor's side of a language-server session: starts `ddx lsp` on two pipes, sends
// framed JSON-RPC, reads answers and notifications (used by the session tests and the speed/memory benchmark).
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <deque>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ddx::tools::lsp {

class lsp_client {
 public:
  using json = nlohmann::json;

  explicit lsp_client(const std::string& binary, const std::vector<std::string>& args = {"lsp"}) {
    int to_child[2], from_child[2];
    if (::pipe(to_child) != 0 || ::pipe(from_child) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      ::dup2(to_child[0], 0);
      ::dup2(from_child[1], 1);
      ::close(to_child[0]);
      ::close(to_child[1]);
      ::close(from_child[0]);
      ::close(from_child[1]);
      std::vector<char*> argv{const_cast<char*>(binary.c_str())};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    in_ = to_child[1];
    out_ = from_child[0];
    ::signal(SIGPIPE, SIG_IGN);
  }
  ~lsp_client() {
    if (in_ >= 0) ::close(in_);
    if (out_ >= 0) ::close(out_);
    if (pid_ > 0 && !waited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  lsp_client(const lsp_client&) = delete;
  lsp_client& operator=(const lsp_client&) = delete;

  /// Writes raw bytes (for malformed frames).
  void send_raw(const std::string& bytes) {
    for (std::size_t done = 0; done < bytes.size();) {
      const auto n = ::write(in_, bytes.data() + done, bytes.size() - done);
      if (n <= 0) throw std::runtime_error("the server closed its input");
      done += static_cast<std::size_t>(n);
    }
  }
  void send_body(const std::string& body) { send_raw("Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body); }
  void notify(const std::string& method, const json& params) {
    send_body(json{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}}.dump());
  }
  /// Sends a request and returns its response (notifications read meanwhile are kept in `notifications`).
  json request(const std::string& method, const json& params) {
    const int id = ++next_id_;
    send_body(json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump());
    return wait_response(id);
  }
  json wait_response(const json& id) {
    for (;;) {
      json m = read();
      if (m.contains("id") && m["id"] == id && !m.contains("method")) return m;
      if (m.contains("id") && m["id"].is_null()) {  // an error not tied to a request
        orphans.push_back(m);
        continue;
      }
      notifications.push_back(std::move(m));
    }
  }
  /// Reads until a message for which `pred` is true (it is returned, not kept).
  json wait_for(const std::function<bool(const json&)>& pred) {
    for (;;) {
      json m = read();
      if (pred(m)) return m;
      if (m.contains("id") && m["id"].is_null()) orphans.push_back(m);
      else notifications.push_back(std::move(m));
    }
  }
  /// The latest publishDiagnostics for `uri` among the kept notifications (null when none), and forget them all.
  json last_diagnostics(const std::string& uri) {
    json found;
    for (const auto& n : notifications)
      if (n.value("method", "") == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri) found = n["params"]["diagnostics"];
    notifications.clear();
    return found;
  }
  /// Closes the server's input and waits for it: its exit status (-1 if it did not exit normally).
  int finish() {
    ::close(in_);
    in_ = -1;
    int status = 0;
    ::waitpid(pid_, &status, 0);
    waited_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  pid_t pid() const { return pid_; }

  std::deque<json> notifications;
  std::vector<json> orphans;

 private:
  bool fill() {
    char chunk[65536];
    const auto n = ::read(out_, chunk, sizeof chunk);
    if (n <= 0) return false;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
  json read() {
    for (;;) {
      const auto header_end = buffer_.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        const auto at = buffer_.find("Content-Length: ");
        if (at == std::string::npos || at > header_end) throw std::runtime_error("a frame without Content-Length");
        const std::size_t length = std::stoul(buffer_.substr(at + 16, header_end - at - 16));
        if (buffer_.size() >= header_end + 4 + length) {
          std::string body = buffer_.substr(header_end + 4, length);
          buffer_.erase(0, header_end + 4 + length);
          return json::parse(body);
        }
      }
      if (!fill()) throw std::runtime_error("the server closed its output");
    }
  }

  pid_t pid_ = -1;
  int in_ = -1, out_ = -1;
  bool waited_ = false;
  int next_id_ = 0;
  std::string buffer_;
};

}  // namespace ddx::tools::lsp
