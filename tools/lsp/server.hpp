// tools/lsp/server.hpp: the ddx language server (LSP 3.17 over JSON-RPC 2.0): one message in, the messages to send out.
#pragma once

#include <istream>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tools/lsp/protocol.hpp"
#include "tools/lsp/workspace.hpp"

namespace ddx::tools::lsp {

struct server_options {
  /// Knowledge base paths (`ddx lsp --kb`); empty: the workspace root the editor sends (every *.ddx below it).
  std::vector<std::string> kb;
  /// Where diagnostic codes link to: `<docs>/diagnostics.md#e201-unknown-finding`.
  std::string docs_base;
  /// The command shown in a test's code lens to run it in a terminal.
  std::string ddx_command = "ddx";
};

/// The server's state machine. handle() takes one JSON-RPC message body and returns what to send back, in order
/// (the response, then notifications such as published diagnostics). It never throws for any input.
class server {
 public:
  explicit server(server_options options = {});
  std::vector<json> handle(std::string_view body);
  /// True once `exit` was received; exit_code() is then 0 if `shutdown` came first, else 1 (LSP 3.17).
  bool exited() const { return exited_; }
  int exit_code() const { return shutdown_ ? 0 : 1; }
  workspace& files() { return ws_; }

 private:
  json dispatch(const std::string& method, const json& params, std::vector<json>& out);
  void recheck(std::vector<json>& out);
  json diagnostics_of(const snapshot& s, grammar::file_id file) const;

  // Requests (each returns the result; failures throw request_error).
  json initialize(const json& params);
  json completion(const json& params);
  json hover(const json& params);
  json definition(const json& params);
  json references(const json& params);
  json prepare_rename(const json& params);
  json rename(const json& params);
  json document_symbols(const json& params);
  json workspace_symbols(const json& params);
  json folding(const json& params);
  json formatting(const json& params);
  json code_actions(const json& params);
  json code_lenses(const json& params);
  json execute_command(const json& params, std::vector<json>& out);

  server_options options_;
  workspace ws_;
  std::set<std::string> published_;  ///< paths whose last published diagnostics were not empty
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exited_ = false;
};

/// Reads framed messages from `in` until `exit` or end of input, writing answers to `out`; returns the exit status.
int run(std::istream& in, std::ostream& out, server_options options = {});

}  // namespace ddx::tools::lsp
