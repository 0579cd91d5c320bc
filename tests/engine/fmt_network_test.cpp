// tests/engine/fmt_network_test.cpp: `ddx fmt` never changes meaning: the whole kb/ compiles to the same network
// before and after formatting, and formatting is idempotent.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/compile/dump.hpp"
#include "engine/kb.hpp"
#include "grammar/parser.hpp"
#include "grammar/unparse.hpp"
#include "bundled_kb_files.hpp"

namespace ddx::engine::testing {
namespace {

/// What `ddx fmt` writes for one file ("" and a failed check when it does not parse).
std::string format_text(const std::string& path, const std::string& text) {
  grammar::source_manager sources;
  grammar::diagnostics diags;
  const auto id = sources.add(path, text);
  const auto f = grammar::parse(sources, id, diags);
  CHECK_FALSE(diags.has_errors());
  return grammar::unparse(f, sources.file(id));
}

texts format_all(const texts& in) {
  texts out;
  for (const auto& [path, text] : in) out.emplace_back(path, format_text(path, text));
  return out;
}

std::string network_of(const texts& files) {
  const auto r = load_texts(files, {.lints = false});
  REQUIRE(r.kb.has_value());
  return dump_network(r.kb->impl());
}

TEST_SUITE("engine.fmt_network") {
  TEST_CASE("formatting every kb file leaves the compiled network identical") {
    const texts original = read_bundled_kb();
    REQUIRE(original.size() > 1);
    const std::string before = network_of(original);
    const std::string after = network_of(format_all(original));
    CHECK(before.size() > 1000);
    CHECK(before == after);
  }

  TEST_CASE("formatting every kb file twice gives the same text as formatting once") {
    for (const auto& [path, text] : format_all(read_bundled_kb())) {
      CAPTURE(path);
      CHECK(format_text(path, text) == text);
    }
  }

  TEST_CASE("the network dump changes when a weight changes") {
    const texts original = read_bundled_kb();
    texts edited = original;
    bool changed = false;
    for (auto& [path, text] : edited) {
      const auto at = text.find(" strong\n");
      if (changed || at == std::string::npos) continue;
      text.replace(at, 7, " weak");
      changed = true;
    }
    REQUIRE(changed);
    CHECK(network_of(original) != network_of(edited));
  }
}

}  // namespace
}  // namespace ddx::engine::testing
