// tools/bench/clips_host.hpp: CLIPS 6.30 embedded in-process through libclips (dlopen; Debian ships no header).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace ddx::tools::bench {

/// One CLIPS environment. Output printed to the `ddx` logical name is captured; dialog output is dropped.
class clips_env {
 public:
  /// nullptr (and `error` filled) when libclips cannot be opened.
  static std::unique_ptr<clips_env> open(std::string& error);
  ~clips_env();
  clips_env(const clips_env&) = delete;
  clips_env& operator=(const clips_env&) = delete;

  /// Loads a program file (EnvLoad); false on a parse error (CLIPS's messages are in `errors()`).
  bool load(const std::string& path);
  /// `(reset)`, assert every fact string, `(run)`; returns what the program printed to `ddx`.
  const std::string& run_case(const std::vector<std::string>& facts);
  const std::string& errors() const;

  struct api;

 private:
  clips_env() = default;
  std::unique_ptr<api> api_;
  void* env_ = nullptr;
};

}  // namespace ddx::tools::bench
