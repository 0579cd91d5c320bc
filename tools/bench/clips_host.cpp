// tools/bench/clips_host.cpp: binds the CLIPS 6.30 environment API by name from libclips.so.6.
#include "tools/bench/clips_host.hpp"

#include <dlfcn.h>

#include <cstring>

namespace ddx::tools::bench {
namespace {

// Router state: one benchmark process drives one environment at a time.
std::string captured;
std::string error_text;

int query_router(void*, const char* name) {
  return std::strcmp(name, "ddx") == 0 || std::strcmp(name, "wdialog") == 0 || std::strcmp(name, "werror") == 0 ||
         std::strcmp(name, "wwarning") == 0 || std::strcmp(name, "wdisplay") == 0 || std::strcmp(name, "stdout") == 0;
}

int print_router(void*, const char* name, const char* text) {
  if (std::strcmp(name, "ddx") == 0) captured += text;
  else if (std::strcmp(name, "werror") == 0 || std::strcmp(name, "wwarning") == 0) error_text += text;
  return 1;
}

int getc_router(void*, const char*) { return -1; }
int ungetc_router(void*, int c, const char*) { return c; }
int exit_router(void*, int) { return 1; }

}  // namespace

struct clips_env::api {
  void* handle = nullptr;
  void* (*create)() = nullptr;
  int (*destroy)(void*) = nullptr;
  int (*load)(void*, const char*) = nullptr;
  void (*reset)(void*) = nullptr;
  void* (*assert_string)(void*, const char*) = nullptr;
  long long (*run)(void*, long long) = nullptr;
  int (*unwatch)(void*, const char*) = nullptr;
  int (*add_router)(void*, const char*, int, int (*)(void*, const char*), int (*)(void*, const char*, const char*),
                    int (*)(void*, const char*), int (*)(void*, int, const char*), int (*)(void*, int)) = nullptr;

  template <typename F>
  bool bind(F& f, const char* name) {
    f = reinterpret_cast<F>(dlsym(handle, name));
    return f != nullptr;
  }
};

std::unique_ptr<clips_env> clips_env::open(std::string& error) {
  auto a = std::make_unique<api>();
  for (const char* lib : {"libclips.so.6", "libclips.so"}) {
    a->handle = dlopen(lib, RTLD_NOW | RTLD_LOCAL);
    if (a->handle) break;
  }
  if (!a->handle) {
    error = "cannot open libclips.so.6 (Debian package `libclips`)";
    return nullptr;
  }
  const bool ok = a->bind(a->create, "CreateEnvironment") && a->bind(a->destroy, "DestroyEnvironment") &&
                  a->bind(a->load, "EnvLoad") && a->bind(a->reset, "EnvReset") &&
                  a->bind(a->assert_string, "EnvAssertString") && a->bind(a->run, "EnvRun") &&
                  a->bind(a->unwatch, "EnvUnwatch") && a->bind(a->add_router, "EnvAddRouter");
  if (!ok) {
    error = "libclips lacks the CLIPS 6.30 environment API";
    return nullptr;
  }
  std::unique_ptr<clips_env> env(new clips_env());
  env->env_ = a->create();
  a->add_router(env->env_, "ddx-bench", 40, query_router, print_router, getc_router, ungetc_router, exit_router);
  a->unwatch(env->env_, "compilations");
  env->api_ = std::move(a);
  return env;
}

clips_env::~clips_env() {
  if (api_ && env_) api_->destroy(env_);
}

bool clips_env::load(const std::string& path) {
  error_text.clear();
  return api_->load(env_, path.c_str()) == 1 && error_text.empty();
}

const std::string& clips_env::run_case(const std::vector<std::string>& facts) {
  captured.clear();
  api_->reset(env_);
  for (const auto& fact : facts) api_->assert_string(env_, fact.c_str());
  api_->run(env_, -1);
  return captured;
}

const std::string& clips_env::errors() const { return error_text; }

}  // namespace ddx::tools::bench
