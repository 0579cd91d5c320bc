// embed: diagnose one case file with the ddx library and print the result JSON, as `ddx diagnose CASE --format json`.
//   embed CASE.json [--kb DIR]
// Exit 0 with the result on stdout; 1 with the case's errors as JSON on stdout (a bad case) or the knowledge base's
// diagnostics on stderr; 2 for a wrong command line.
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include <ddx/ddx.hpp>

int main(int argc, char** argv) {
  std::string case_path, kb_dir = EMBED_KB_DIR;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--kb" && i + 1 < argc) kb_dir = argv[++i];
    else if (case_path.empty() && arg.rfind("--", 0) != 0) case_path = arg;
    else {
      std::cerr << "usage: embed CASE.json [--kb DIR]\n";
      return 2;
    }
  }
  if (case_path.empty()) {
    std::cerr << "usage: embed CASE.json [--kb DIR]\n";
    return 2;
  }
  std::ifstream in(case_path, std::ios::binary);
  if (!in) {
    std::cerr << "embed: cannot read `" << case_path << "`\n";
    return 1;
  }
  const std::string case_json{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  try {
    // Load once; the knowledge base is immutable and may be shared by every thread of a real program.
    const auto kb = ddx::knowledge_base::load({kb_dir});
    std::cout << kb.diagnose_json(case_json) << "\n";
    return 0;
  } catch (const ddx::load_error& e) {
    std::cerr << e.text() << "embed: the knowledge base has errors\n";
  } catch (const ddx::case_error& e) {
    std::cout << e.json() << "\n";
  }
  return 1;
}
