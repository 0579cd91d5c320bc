// tests/tools/serve_open_test.cpp: `ddx serve --open` as a user runs it: the process started, the URL it prints on
// stdout fetched with a real HTTP client, xdg-open called (a stand-in script on PATH records its argument) only when
// there is a graphical session, the server going on when there is no browser, and bad flags refused.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tools/server/page.hpp"
#include "tools_support.hpp"

namespace fs = std::filesystem;
using namespace ddx::tools;

namespace {

/// A scratch directory with a stand-in `xdg-open` that appends its argument to `opened` and exits with `status`.
struct scratch_dir {
  fs::path dir;
  explicit scratch_dir(int xdg_status = 0) {
    char tmpl[] = "/tmp/ddx-serve-open-XXXXXX";
    dir = ::mkdtemp(tmpl);
    fs::create_directories(dir / "bin");
    std::ofstream(dir / "bin/xdg-open") << "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '" << (dir / "opened").string()
                                        << "'\nexit " << xdg_status << "\n";
    fs::permissions(dir / "bin/xdg-open", fs::perms::owner_all);
  }
  ~scratch_dir() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string opened() const { return test::read_file((dir / "opened").string()); }
  std::string err() const { return test::read_file((dir / "err").string()); }
};

/// `ddx serve --open ...` started with exactly `env`; stdout on a pipe, stderr into scratch/err.
struct served {
  pid_t pid = -1;
  int out = -1;
  std::string buffered;

  served(const scratch_dir& s, const std::vector<std::string>& args, const std::vector<std::string>& env) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (s.dir / "err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<std::string> all = {DDX_BINARY, "serve"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv, envp;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_copy = env;
    for (auto& e : env_copy) envp.push_back(e.data());
    envp.push_back(nullptr);
    const int rc = ::posix_spawn(&pid, DDX_BINARY, &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    out = fds[0];
    REQUIRE(rc == 0);
  }

  /// The first line on stdout, waiting up to 30 s; empty when the process closed stdout first.
  std::string first_line() {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (buffered.find('\n') == std::string::npos && std::chrono::steady_clock::now() < until) {
      pollfd p{out, POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[512];
      const auto n = ::read(out, buf, sizeof buf);
      if (n <= 0) break;
      buffered.append(buf, static_cast<std::size_t>(n));
    }
    const auto nl = buffered.find('\n');
    return nl == std::string::npos ? std::string() : buffered.substr(0, nl);
  }

  /// SIGTERM, then the exit status (the server stops cleanly: 0).
  int stop() {
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  ~served() {
    if (pid > 0) stop();
    if (out >= 0) ::close(out);
  }
};

const std::vector<std::string> serve_args = {"--open", "--kb", test::sample_kb_dir, "--port", "0", "--no-access-log"};

std::vector<std::string> environment(const scratch_dir& s, const char* display) {
  std::vector<std::string> env = {"PATH=" + (s.dir / "bin").string() + ":/usr/bin:/bin", "NO_COLOR=1"};
  if (display) env.push_back(std::string("DISPLAY=") + display);
  return env;
}

/// The URL is http://127.0.0.1:PORT/ and a real client gets the page from it.
void check_url_serves_page(const std::string& url) {
  CAPTURE(url);
  const std::string prefix = "http://127.0.0.1:";
  REQUIRE(url.rfind(prefix, 0) == 0);
  REQUIRE(url.back() == '/');
  const std::string port_text = url.substr(prefix.size(), url.size() - prefix.size() - 1);
  REQUIRE(!port_text.empty());
  REQUIRE(port_text.find_first_not_of("0123456789") == std::string::npos);
  const int port = std::stoi(port_text);
  REQUIRE(port > 0);
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(10, 0);
  const auto page = client.Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->body.find("<div id=\"app\">") != std::string::npos);
  const auto ready = client.Get("/v1/ready");
  REQUIRE(ready);
  CHECK(ready->status == 200);
}

bool wait_for(const std::function<bool()>& done) {
  for (int i = 0; i < 100 && !done(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return done();
}

}  // namespace

TEST_SUITE("tools.serve_open") {
  TEST_CASE("--open prints the page's URL on stdout, and the URL serves the page") {
    if (page_files().empty()) {
      const scratch_dir s;
      served server(s, serve_args, environment(s, nullptr));
      CHECK(server.first_line().empty());
      int status = 0;
      ::waitpid(server.pid, &status, 0);
      server.pid = -1;
      CHECK(WEXITSTATUS(status) == 2);
      CHECK(s.err().find("ddx: error: --open shows the classroom page, which this ddx was built without") == 0);
      return;
    }
    SUBCASE("without a graphical session no browser is started and the server goes on") {
      const scratch_dir s;
      served server(s, serve_args, environment(s, nullptr));
      const auto url = server.first_line();
      check_url_serves_page(url);
      CHECK(server.buffered == url + "\n");  // the URL alone on stdout
      CHECK(wait_for([&] { return s.err().find("no browser was opened") != std::string::npos; }));
      CHECK(s.err().find("no graphical session (DISPLAY and WAYLAND_DISPLAY unset)") != std::string::npos);
      CHECK(s.opened().empty());
      CHECK(server.stop() == 0);
    }
    SUBCASE("with a graphical session xdg-open is asked to open the printed URL") {
      const scratch_dir s;
      served server(s, serve_args, environment(s, ":99"));
      const auto url = server.first_line();
      check_url_serves_page(url);
      CHECK(wait_for([&] { return !s.opened().empty(); }));
      CHECK(s.opened() == url + "\n");
      CHECK(s.err().find("no browser") == std::string::npos);
      CHECK(server.stop() == 0);
    }
    SUBCASE("an xdg-open that fails is reported and the server goes on") {
      const scratch_dir s(3);
      served server(s, serve_args, environment(s, ":99"));
      const auto url = server.first_line();
      CHECK(wait_for([&] { return s.err().find("xdg-open could not open a browser") != std::string::npos; }));
      check_url_serves_page(url);
      CHECK(server.stop() == 0);
    }
    SUBCASE("no xdg-open on PATH is reported and the server goes on") {
      const scratch_dir s;
      served server(s, serve_args, {"PATH=" + (s.dir / "nothing").string(), "DISPLAY=:99"});
      const auto url = server.first_line();
      CHECK(wait_for([&] { return s.err().find("no browser was opened (xdg-open: ") != std::string::npos; }));
      check_url_serves_page(url);
      CHECK(server.stop() == 0);
    }
  }

  TEST_CASE("bad flags with --open are refused with a message, print no URL and serve nothing") {
    struct row {
      std::string args;
      std::string says;
    };
    const row rows[] = {
        {"serve --open --port 70000", "--port"},
        {"serve --open --port", "--port"},
        {"serve --open --host", "--host"},
        {"serve --open extra", "extra"},
    };
    for (const auto& r : rows) {
      CAPTURE(r.args);
      const auto run = test::run_ddx(r.args);
      CAPTURE(run.err);
      CHECK(run.status == 2);
      CHECK(run.out.empty());
      CHECK(run.err.find("ddx: error: ") != std::string::npos);
      CHECK(run.err.find(r.says) != std::string::npos);
    }
  }
}
