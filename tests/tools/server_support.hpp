// tests/tools/server_support.hpp: what the server tests share: a case the sample knowledge base answers, the error
// code of an answer, and the server run on a thread for the length of a test.
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "tools/server/server.hpp"

namespace ddx::tools::test {

inline const std::string good_case = R"({"id": "h", "present": ["loc.lateral_knee", "trig.downhill_running"]})";

/// The `error.code` of an error answer's body, or "" when it is not one.
inline std::string error_code(const std::string& body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
}

/// Runs the server on a thread; the destructor stops it and joins, even after a failed REQUIRE.
class serving_thread {
 public:
  explicit serving_thread(api_server& server) : server_(server), thread_([this] {
    server_.listen();
    done_ = true;
  }) {
    for (int i = 0; i < 500 && !server_.running() && !done_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~serving_thread() {
    while (!done_) {  // stop() is a no-op until listen() has started, so repeat until it returned
      server_.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    thread_.join();
  }
  serving_thread(const serving_thread&) = delete;
  serving_thread& operator=(const serving_thread&) = delete;

 private:
  api_server& server_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace ddx::tools::test
