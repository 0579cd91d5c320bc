// tools/cli/cmd_serve.cpp: `ddx serve`: the HTTP JSON API on host:port (loopback by default) until SIGINT/SIGTERM.
#include <atomic>
#include <chrono>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tools/cli/common.hpp"
#include "tools/server/page.hpp"
#include "tools/server/server.hpp"

namespace ddx::tools::cli {
namespace {

struct serve_args {
  kb_options kb;
  std::string host = "127.0.0.1";
  int port = 8080;
  bool open = false;
  bool no_access_log = false;
  std::string reload_token;
  long long request_timeout_ms = 10000;
  long long socket_timeout_ms = 10000;
};

api_server* running = nullptr;  // for the signal handler only
volatile std::sig_atomic_t reload_asked = 0;

extern "C" void stop_on_signal(int) {
  if (running) running->stop();
}

extern "C" void reload_on_signal(int) { reload_asked = 1; }

/// A graphical session to open a browser in: xdg-open without one falls back to a text browser, which would take
/// over the terminal the server logs to.
bool has_display() {
  for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY"})
    if (const char* v = std::getenv(name); v && *v) return true;
  return false;
}

/// Asks xdg-open to show `url`, with its output kept off the server's terminal; a thread reaps it and says when it
/// failed. Never fails the server: the URL is on stdout already.
void open_in_browser(const std::string& url) {
  if (!has_display()) {
    std::cerr << "ddx: no graphical session (DISPLAY and WAYLAND_DISPLAY unset), so no browser was opened; "
                 "open the URL above\n";
    return;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::string program = "xdg-open", argument = url;
  char* argv[] = {program.data(), argument.data(), nullptr};
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, "xdg-open", &actions, nullptr, argv, ::environ);  // unistd.h declares it (_GNU_SOURCE)
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    std::cerr << "ddx: no browser was opened (xdg-open: " << std::strerror(rc) << "); open the URL above\n";
    return;
  }
  std::thread([pid] {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
      std::cerr << "ddx: xdg-open could not open a browser; open the URL above\n";
  }).detach();
}

int run_serve(const serve_args& a, const CLI::App& app) {
  if (a.open && page_files().empty())
    return usage_error(app, "--open shows the classroom page, which this ddx was built without (no node/npm at "
                            "build time, or -DDDX_WEB_PAGE=OFF); serve without --open for the /v1 API alone");
  std::shared_ptr<engine::load_result> loaded = load_kb(a.kb, false);
  if (!loaded) return exit_failure;
  server_options options;
  options.access_log = !a.no_access_log;
  options.reload_token = a.reload_token;
  options.request_timeout = std::chrono::milliseconds(a.request_timeout_ms);
  options.socket_timeout = std::chrono::milliseconds(a.socket_timeout_ms);
  options.load = [paths = a.kb.effective()] {
    engine::load_options o;
    o.lints = false;  // as at start-up (load_kb)
    return engine::load(paths, o);
  };
  api_server server(std::shared_ptr<const engine::knowledge_base>(loaded, &*loaded->kb), options);
  const int port = server.bind(a.host, a.port);
  if (port < 0) return fail("cannot listen on " + a.host + ":" + std::to_string(a.port));
  if (a.host != "127.0.0.1" && a.host != "localhost" && a.host != "::1")
    std::cerr << "ddx: warning: serving on `" << a.host << "`, reachable from other machines\n";
  std::cerr << "ddx: serving `" << loaded->kb->info().name << "` on http://" << a.host << ":" << port
            << " (Ctrl-C stops)\n";
  const std::string host = a.host.find(':') != std::string::npos ? "[" + a.host + "]" : a.host;
  const std::string url = "http://" + (host == "0.0.0.0" || host == "[::]" ? std::string("127.0.0.1") : host) + ":" +
                          std::to_string(port) + "/";
  if (page_files().empty()) {
    std::cerr << "ddx: the classroom page was not built into this ddx (no node/npm, or -DDDX_WEB_PAGE=OFF); "
                 "the /v1 API works\n";
  } else if (a.open) {
    std::cout << url << std::endl;  // on stdout, alone, for a script or a terminal that opens links
    open_in_browser(url);
  } else
    std::cerr << "ddx: the classroom page is at " << url << "\n";
  running = &server;
  std::signal(SIGINT, stop_on_signal);
  std::signal(SIGTERM, stop_on_signal);
  std::signal(SIGHUP, reload_on_signal);
  // A signal handler may do next to nothing, so a thread of its own does the reload SIGHUP asks for.
  std::atomic<bool> done{false};
  std::thread reloader([&] {
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (!reload_asked) continue;
      reload_asked = 0;
      const auto outcome = server.reload();
      std::cerr << outcome.log << std::endl;
    }
  });
  const bool ok = server.listen();
  done = true;
  reloader.join();
  std::signal(SIGHUP, SIG_DFL);
  running = nullptr;
  return ok ? exit_ok : exit_failure;
}

}  // namespace

subcommand add_serve(CLI::App& parent) {
  auto args = std::make_shared<serve_args>();
  auto* app = parent.add_subcommand("serve", "serve the HTTP JSON API (docs/http-api.md)");
  add_kb_option(*app, args->kb);
  app->add_option("--host", args->host, "address to listen on (default 127.0.0.1: this machine only)")
      ->type_name("HOST");
  app->add_option("--port", args->port, "TCP port (default 8080; 0 picks a free one)")
      ->check(CLI::Range(0, 65535))
      ->type_name("PORT");
  app->add_flag("--open", args->open,
                "print the classroom page's URL on stdout and open it with xdg-open when there is a graphical session");
  app->add_flag("--no-access-log", args->no_access_log,
                "do not write the access log line per request on stderr (docs/http-api.md)");
  app->add_option("--reload-token", args->reload_token,
                  "allow POST /v1/reload with `Authorization: Bearer TOKEN` (prefer the DDX_RELOAD_TOKEN variable: "
                  "a command line is visible to other users)")
      ->envname("DDX_RELOAD_TOKEN")
      ->type_name("TOKEN");
  app->add_option("--request-timeout-ms", args->request_timeout_ms,
                  "time limit of a request's computing, from when it has been read; past it the answer is 503 "
                  "request.timeout (default 10000; 0: no limit)")
      ->check(CLI::Range(0LL, max_timeout_ms))
      ->type_name("MS");
  app->add_option("--socket-timeout-ms", args->socket_timeout_ms,
                  "how long a read or a write on a connection may wait for a stalled client before the connection is "
                  "closed (default 10000)")
      ->check(CLI::Range(1LL, max_timeout_ms))
      ->type_name("MS");
  return {app, [args, app] { return run_serve(*args, *app); }};
}

}  // namespace ddx::tools::cli
