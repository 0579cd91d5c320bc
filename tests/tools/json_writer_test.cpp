// tests/tools/json_writer_test.cpp: results written without a DOM (write_result) are the bytes of the DOM writer
// (dump_json(result_json(...), false)), with and without trace, on the bundled knowledge base and awkward strings.
#include <doctest/doctest.h>

#include <random>

#include "engine/kb.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/json_writer.hpp"
#include "tools/json/result_io.hpp"

using namespace ddx;

TEST_SUITE("tools.json_writer") {
  TEST_CASE("write_result is the DOM writer's bytes on random cases of the bundled knowledge base") {
    static const auto loaded = engine::load({DDX_SOURCE_DIR "/kb"});
    REQUIRE(loaded.kb);
    const auto& kb = *loaded.kb;
    std::mt19937 rng(19);
    std::vector<std::string> findings;
    for (std::size_t f = 0; f < kb.finding_count(); ++f) findings.push_back(kb.finding_id(static_cast<std::uint32_t>(f)));
    std::size_t compared = 0;
    for (int i = 0; i < 300; ++i) {
      std::shuffle(findings.begin(), findings.end(), rng);
      const std::size_t n = 1 + rng() % 8, absent = rng() % std::min<std::size_t>(n, 3);
      engine::case_input in;
      if (i % 3) in.id = "case \"" + std::to_string(i) + "\" é\n";  // escapes and UTF-8 go through nlohmann's path
      in.absent.assign(findings.begin(), findings.begin() + static_cast<std::ptrdiff_t>(absent));
      in.present.assign(findings.begin() + static_cast<std::ptrdiff_t>(absent), findings.begin() + static_cast<std::ptrdiff_t>(n));
      std::vector<engine::case_error> errors;
      const auto c = kb.resolve(in, errors);
      REQUIRE(c);
      for (const bool trace : {false, true}) {
        engine::diagnose_options o;
        o.trace = trace;
        if (i % 4 == 0) o.top = 3;
        const auto r = kb.diagnose(*c, o);
        fmt::memory_buffer out;
        tools::write_result(out, r, trace);
        CHECK(fmt::to_string(out) == tools::dump_json(tools::result_json(r, trace), false));
        ++compared;
      }
    }
    CHECK(compared == 600);
  }

  TEST_CASE("numbers and strings are spelled as nlohmann spells them") {
    for (const double x : {0.0, 1.0, -2.5, 0.1, 1e-7, 123456789.0, 1e21, 3.141593}) {
      fmt::memory_buffer out;
      tools::json_writer w(out);
      w.number(x);
      CHECK(fmt::to_string(out) == nlohmann::json(x).dump());
    }
    for (const std::string s : {"plain", "quote \" and \\", "tab\tnew\nline", "\x01", "é ü", "bad \xff byte"}) {
      fmt::memory_buffer out;
      tools::json_writer w(out);
      w.string(s);
      CHECK(fmt::to_string(out) == nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
  }

  TEST_CASE("every byte value at every place of an eight-byte word is told plain or not as nlohmann would write it") {
    // The writer tests strings eight bytes at a time (json_writer.cpp, plain_ascii): each byte value in each position
    // of a word and of the tail, among plain letters.
    std::size_t checked = 0;
    for (int b = 1; b < 256; ++b)
      for (const std::size_t length : {1u, 7u, 8u, 9u, 16u, 19u})
        for (std::size_t at = 0; at < length; ++at) {
          std::string s(length, 'a');
          s[at] = static_cast<char>(b);
          fmt::memory_buffer out;
          tools::json_writer w(out);
          w.string(s);
          CAPTURE(b);
          CAPTURE(at);
          CHECK(fmt::to_string(out) ==
                nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
          ++checked;
        }
    CHECK(checked == 255 * (1 + 7 + 8 + 9 + 16 + 19));
  }
}
