// tests/fuzz/fuzz_case.cpp: libFuzzer harness over the case reader: JSON text -> resolve -> diagnose -> JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "engine/kb.hpp"
#include "tools/json/case_io.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"

namespace {

// The bundled knowledge base, loaded once (DDX_DEFAULT_KB_DIR comes from the build).
const ddx::engine::knowledge_base& bundled_kb() {
  static const auto loaded = std::make_unique<ddx::engine::load_result>(
      ddx::engine::load({DDX_DEFAULT_KB_DIR}));
  if (!loaded->kb) std::abort();  // the bundled knowledge base must compile
  return *loaded->kb;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& kb = bundled_kb();
  auto read = ddx::tools::read_case(text, kb);
  if (read.resolved) {
    if (!read.errors.empty()) std::abort();  // never both a case and errors
    auto result = kb.diagnose(*read.resolved);
    (void)ddx::tools::dump_json(ddx::tools::result_json(result, true), false);
  } else {
    if (read.errors.empty()) std::abort();  // a rejected case always says why
    (void)ddx::tools::format_case_issues("fuzz.json", read.errors);
    (void)ddx::tools::dump_json(ddx::tools::case_issues_json(read.errors), false);
  }
  return 0;
}
