// tools/cli/cmd_lsp.cpp: `ddx lsp`: the language server on stdin/stdout (tools/lsp/, docs/editor.md).
#include <iostream>

#include "tools/cli/common.hpp"
#include "tools/lsp/server.hpp"

#ifndef DDX_DOCS_DIR
#define DDX_DOCS_DIR ""
#endif

namespace ddx::tools::cli {

subcommand add_lsp(CLI::App& parent) {
  auto options = std::make_shared<lsp::server_options>();
  options->docs_base = DDX_DOCS_DIR;
  auto* app = parent.add_subcommand("lsp", "language server for editors on stdin/stdout (LSP 3.17, JSON-RPC 2.0)");
  app->add_option("--kb", options->kb,
                  "knowledge base files or directories (repeatable); default: every *.ddx under the editor's workspace root")
      ->type_name("PATH");
  app->add_option("--docs", options->docs_base, "directory (or URL) of docs/, where diagnostic codes link to")
      ->type_name("DIR");
  return {app, [options] {
            std::ios::sync_with_stdio(false);
            return lsp::run(std::cin, std::cout, *options);
          }};
}

}  // namespace ddx::tools::cli
