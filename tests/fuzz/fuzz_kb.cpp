// tests/fuzz/fuzz_kb.cpp: libFuzzer harness over parse -> check -> compile, plus the fmt round trip.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "engine/kb.hpp"
#include "grammar/parser.hpp"
#include "grammar/unparse.hpp"

namespace {

// A file that parses without errors must format to text that parses again to the same formatting.
void check_format_round_trip(const std::string& text) {
  ddx::grammar::source_manager sources;
  ddx::grammar::diagnostics diags;
  auto id = sources.add("fuzz.ddx", text);
  auto file = ddx::grammar::parse(sources, id, diags);
  if (diags.has_errors()) return;
  std::string once = ddx::grammar::unparse(file, sources.file(id));
  ddx::grammar::diagnostics diags2;
  auto id2 = sources.add("fuzz-formatted.ddx", once);
  auto file2 = ddx::grammar::parse(sources, id2, diags2);
  if (diags2.has_errors()) std::abort();  // fmt produced text that does not parse
  std::string twice = ddx::grammar::unparse(file2, sources.file(id2));
  if (once != twice) std::abort();  // fmt is not idempotent
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto loaded = ddx::engine::load_texts({{"fuzz.ddx", text}});
  // Every diagnostic must render (valid spans, no out-of-range snippet).
  (void)ddx::grammar::format_diagnostics(loaded.diags, loaded.sources);
  if (loaded.kb) {
    ddx::engine::resolved_case empty;
    (void)loaded.kb->diagnose(empty);
    (void)loaded.kb->run_tests();
  }
  check_format_round_trip(text);
  return 0;
}
