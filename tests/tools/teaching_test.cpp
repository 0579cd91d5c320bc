// tests/tools/teaching_test.cpp: the terminal transcripts of docs/teaching.md are real runs: each command is run as
// the page shows it (from the repository root, piped answers on stdin, `| head -n N` and `| tail -n N` as line
// limits), its output compared with its golden file in tests/golden/teaching/ (DDX_BLESS=1 rewrites them), and
// the doc must hold the golden transcript verbatim in a code block.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "golden_check.hpp"
#include "tools_support.hpp"

using namespace ddx::tools::test;

namespace {

struct transcript {
  std::string name;        ///< tests/golden/teaching/NAME.txt
  std::string args;        ///< ddx's arguments
  std::string answers;     ///< piped to stdin ("" for none)
  std::size_t head = 0;    ///< keep the first N lines (the doc shows `| head -n N`); 0 keeps all
  std::size_t tail = 0;    ///< keep the last N lines (`| tail -n N`); 0 keeps all
};

/// "printf 'y\nn\n' | ddx ARGS | head -n N", as a reader types it.
std::string shown(const transcript& t) {
  std::string line;
  if (!t.answers.empty()) {
    std::string escaped;
    for (char c : t.answers) escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
    line = "printf '" + escaped + "' | ";
  }
  line += "ddx " + t.args;
  if (t.head) line += " | head -n " + std::to_string(t.head);
  if (t.tail) line += " | tail -n " + std::to_string(t.tail);
  return line;
}

std::string last_lines(const std::string& text, std::size_t n) {
  if (n == 0) return text;
  std::size_t at = text.size();
  if (at > 0 && text[at - 1] == '\n') --at;  // the final newline ends the last line
  for (std::size_t i = 0; i < n; ++i) {
    const auto nl = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
    if (nl == std::string::npos) return text;
    at = nl;
  }
  return text.substr(at + 1);
}

std::string first_lines(const std::string& text, std::size_t n) {
  if (n == 0) return text;
  std::size_t at = 0;
  for (std::size_t i = 0; i < n && at != std::string::npos; ++i) {
    at = text.find('\n', at);
    if (at != std::string::npos) ++at;
  }
  return at == std::string::npos ? text : text.substr(0, at);
}

const transcript transcripts[] = {
    {"knee_interview", "interview docs/examples/teaching/knee.json", "y\n"},
    {"knee_explain_pfps", "explain docs/examples/teaching/knee.json --condition pfps --format text", "", 22},
    {"knee_explain_itbs", "explain docs/examples/teaching/knee.json --condition itbs --format text --trace", "", 0, 11},
    {"knee_graph_itbs", "graph docs/examples/teaching/knee.json --condition itbs --fired-only", ""},
    {"knee_trace", "diagnose docs/examples/teaching/knee.json --format text --trace", ""},
    {"shin_interview", "interview docs/examples/teaching/shin.json", "w\ny\n"},
    {"shin_explain_mtss", "explain docs/examples/teaching/shin.json --condition mtss --format text", "", 22},
    {"shin_explain_tsf",
     "explain docs/examples/teaching/shin.json --condition tibial_stress_fracture --format text --trace", "", 0, 17},
    {"shin_graph_tsf", "graph docs/examples/teaching/shin.json --condition tibial_stress_fracture --fired-only", ""},
    {"heel_interview", "interview docs/examples/teaching/heel.json", "n\nn\ny\n"},
    {"heel_explain_pf", "explain docs/examples/teaching/heel.json --condition plantar_fasciitis --format text", "", 22},
    {"heel_explain_csf",
     "explain docs/examples/teaching/heel.json --condition calcaneal_stress_fracture --format text --trace", "", 0, 20},
    {"heel_graph_pf", "graph docs/examples/teaching/heel.json --condition plantar_fasciitis --fired-only", ""},
};

}  // namespace

TEST_SUITE("tools.teaching") {
  TEST_CASE("docs/teaching.md shows the real output of each command it gives") {
    const std::filesystem::path golden_dir = std::filesystem::path(DDX_GOLDEN_DIR) / "teaching";
    const std::string doc = read_file(std::string(DDX_SOURCE_DIR) + "/docs/teaching.md");
    REQUIRE(!doc.empty());
    const bool bless = ddx::test::bless_requested();
    for (const auto& t : transcripts) {
      CAPTURE(t.name);
      const auto run = run_ddx(t.args, t.answers, DDX_SOURCE_DIR);
      CHECK(run.status == 0);
      CHECK(run.err.empty());
      const std::string text = "$ " + shown(t) + "\n" + last_lines(first_lines(run.out, t.head), t.tail);
      ddx::test::check_golden(golden_dir / (t.name + ".txt"), text, bless);
      CHECK_MESSAGE(doc.find("```\n" + text + "```\n") != std::string::npos,
                    "docs/teaching.md lacks this transcript in a code block:\n", text);
    }
  }
}
