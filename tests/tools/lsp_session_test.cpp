// tests/tools/lsp_session_test.cpp: `ddx lsp` driven over pipes as an editor drives it, on a copy of the bundled
// knowledge base: initialize, open, type a mistake key by key, diagnostics and quick fix, completion, hover, rename,
// formatting, test lenses, bad input of every kind, shutdown and the exit status.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tools/lsp/client.hpp"
#include "tools/lsp/text.hpp"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ddx::tools::lsp::lsp_client;

/// A fresh copy of kb/ in a temporary directory, removed at the end.
struct kb_copy {
  fs::path root;
  kb_copy() {
    root = fs::temp_directory_path() / ("ddx-lsp-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::remove_all(root);
    fs::create_directories(root);
    fs::copy(fs::path(DDX_SOURCE_DIR) / "kb", root, fs::copy_options::recursive);
    fs::remove_all(root / "examples");
  }
  ~kb_copy() {
    std::error_code ec;
    fs::remove_all(root, ec);
  }
  std::string uri(const std::string& rel) const { return ddx::tools::lsp::path_to_uri((root / rel).string()); }
  std::string text(const std::string& rel) const {
    std::ifstream in(root / rel);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

json pos(int line, int character) { return {{"line", line}, {"character", character}}; }

json initialize(lsp_client& c, const kb_copy& kb) {
  json r = c.request("initialize", {{"processId", nullptr}, {"rootUri", ddx::tools::lsp::path_to_uri(kb.root.string())}, {"capabilities", json::object()}});
  c.notify("initialized", json::object());
  return r;
}

int line_count(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

bool has_code(const json& diags, const std::string& code) {
  if (!diags.is_array()) return false;
  for (const auto& d : diags)
    if (d.value("code", "") == code) return true;
  return false;
}

}  // namespace

TEST_SUITE("tools.lsp") {

TEST_CASE("an editor session: type a mistake, see it, fix it, complete, hover, rename, format, run a test, exit 0") {
  kb_copy kb;
  lsp_client c(DDX_BINARY);
  const json init = initialize(c, kb);
  REQUIRE(init.contains("result"));
  const json caps = init["result"]["capabilities"];
  CHECK(caps["hoverProvider"] == true);
  CHECK(caps["renameProvider"]["prepareProvider"] == true);
  CHECK(caps["textDocumentSync"]["change"] == 2);

  const std::string uri = kb.uri("tests/knee_tests.ddx");
  std::string text = kb.text("tests/knee_tests.ddx");
  c.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "ddx"}, {"version", 1}, {"text", text}}}});
  // The bundled knowledge base is clean: nothing is published for the file (or an empty list).
  c.request("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", pos(0, 0)}});  // a barrier
  const json first = c.last_diagnostics(uri);
  CHECK((first.is_null() || first.empty()));

  // Type a new test at the end, one character at a time, as incremental changes.
  const std::string typed = "\ntest typed_itbs \"Typed in the editor\"\n  present loc.lateral_knee trig.downhill_running\n  expect itbs first\n";
  int line = line_count(text), col = 0;
  {
    // The file may not end with a newline; count the last line's length.
    const auto last_nl = text.rfind('\n');
    col = static_cast<int>(text.size() - (last_nl == std::string::npos ? 0 : last_nl + 1));
  }
  int version = 1;
  for (char ch : typed) {
    c.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", ++version}}},
                                        {"contentChanges", json::array({{{"range", {{"start", pos(line, col)}, {"end", pos(line, col)}}}, {"text", std::string(1, ch)}}})}});
    text += ch;
    if (ch == '\n') {
      ++line;
      col = 0;
    } else {
      ++col;
    }
  }
  c.request("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", pos(0, 0)}});
  const json diags = c.last_diagnostics(uri);
  REQUIRE(diags.is_array());
  REQUIRE(has_code(diags, "E119"));
  json e119;
  for (const auto& d : diags)
    if (d["code"] == "E119") e119 = d;
  CHECK(e119["message"].get<std::string>().find("missing `,` between `loc.lateral_knee` and `trig.downhill_running`") != std::string::npos);
  CHECK(e119["severity"] == 1);
  CHECK(e119["codeDescription"]["href"].get<std::string>().find("diagnostics.md#e119-missing-comma-in-a-list") != std::string::npos);

  // The quick fix inserts the comma; applying it leaves the file clean.
  const json actions = c.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}}, {"range", e119["range"]}, {"context", {{"diagnostics", json::array({e119})}}}});
  REQUIRE(actions["result"].is_array());
  REQUIRE(!actions["result"].empty());
  const json fix = actions["result"][0];
  CHECK(fix["title"] == "Insert `,`");
  CHECK(fix["kind"] == "quickfix");
  const json edit = fix["edit"]["changes"][uri][0];
  CHECK(edit["newText"] == ",");
  c.notify("textDocument/didChange", {{"textDocument", {{"uri", uri}, {"version", ++version}}},
                                      {"contentChanges", json::array({{{"range", edit["range"]}, {"text", edit["newText"]}}})}});
  c.request("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", pos(0, 0)}});
  const json after_fix = c.last_diagnostics(uri);
  CHECK(after_fix.is_array());
  CHECK(after_fix.empty());

  // Completion after `expect ` offers conditions; after `present loc.` findings with their kind and label.
  const int expect_line = line - 1;
  json comp = c.request("textDocument/completion", {{"textDocument", {{"uri", uri}}}, {"position", pos(expect_line, 9)}});
  bool itbs = false;
  for (const auto& item : comp["result"]["items"]) itbs = itbs || item["label"] == "itbs";
  CHECK(itbs);
  comp = c.request("textDocument/completion", {{"textDocument", {{"uri", uri}}}, {"position", pos(expect_line - 1, 14)}});  // `present loc.`
  bool lateral = false;
  for (const auto& item : comp["result"]["items"]) {
    if (item["label"] == "loc.lateral_knee") {
      lateral = true;
      CHECK(item["detail"].get<std::string>().find("location") != std::string::npos);
    }
    CHECK(item["label"].get<std::string>().rfind("loc.", 0) == 0);
  }
  CHECK(lateral);

  // Hover on `itbs` in `expect itbs first`: the condition's name, its rules for and against, its tests.
  const json hover = c.request("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", pos(expect_line, 10)}});
  const std::string md = hover["result"]["contents"]["value"];
  CHECK(md.find("Iliotibial band syndrome") != std::string::npos);
  CHECK(md.find("Rules for") != std::string::npos);
  CHECK(md.find("Tests") != std::string::npos);
  CHECK(md.find("urgency self_care to modify_training") != std::string::npos);  // a range shows both ends

  // Definition of `itbs` is in knee.ddx; references span files.
  const json def = c.request("textDocument/definition", {{"textDocument", {{"uri", uri}}}, {"position", pos(expect_line, 10)}});
  CHECK(def["result"]["uri"] == kb.uri("knee.ddx"));
  const json refs = c.request("textDocument/references", {{"textDocument", {{"uri", uri}}}, {"position", pos(expect_line, 10)}, {"context", {{"includeDeclaration", true}}}});
  CHECK(refs["result"].size() > 5);

  // Rename refuses a taken name, and renames everywhere otherwise.
  const json taken = c.request("textDocument/rename", {{"textDocument", {{"uri", uri}}}, {"position", pos(expect_line, 10)}, {"newName", "pfps"}});
  REQUIRE(taken.contains("error"));
  CHECK(taken["error"]["message"].get<std::string>().find("already declared as a condition") != std::string::npos);
  const json bad = c.request("textDocument/rename", {{"textDocument", {{"uri", uri}}}, {"position", pos(expect_line, 10)}, {"newName", "Not A Name"}});
  CHECK(bad.contains("error"));
  const json renamed = c.request("textDocument/rename", {{"textDocument", {{"uri", uri}}}, {"position", pos(expect_line, 10)}, {"newName", "iliotibial_band_syndrome"}});
  REQUIRE(renamed.contains("result"));
  CHECK(renamed["result"]["changes"].contains(kb.uri("knee.ddx")));
  CHECK(renamed["result"]["changes"].contains(uri));

  // Code lenses: each test shows its result, each condition its counts; running the lens's command runs the test.
  const json lenses = c.request("textDocument/codeLens", {{"textDocument", {{"uri", uri}}}});
  REQUIRE(lenses["result"].is_array());
  bool passed_lens = false;
  for (const auto& l : lenses["result"]) passed_lens = passed_lens || l["command"]["title"].get<std::string>().rfind("✓ passed", 0) == 0;
  CHECK(passed_lens);
  const json ran = c.request("workspace/executeCommand", {{"command", "ddx.runTest"}, {"arguments", json::array({uri, "typed_itbs"})}});
  REQUIRE(ran.contains("result"));
  CHECK(ran["result"]["passed"] == true);
  CHECK(ran["result"]["top"][0]["id"] == "itbs");
  const json knee_lenses = c.request("textDocument/codeLens", {{"textDocument", {{"uri", kb.uri("knee.ddx")}}}});
  bool counts = false;
  for (const auto& l : knee_lenses["result"]) counts = counts || l["command"]["title"].get<std::string>().find(" against, ") != std::string::npos;
  CHECK(counts);

  // Formatting: a badly laid-out buffer gets the `ddx fmt` text as one edit.
  const std::string messy_uri = kb.uri("messy.ddx");
  c.notify("textDocument/didOpen", {{"textDocument", {{"uri", messy_uri}, {"languageId", "ddx"}, {"version", 1},
                                                        {"text", "fact   messy_fact    \"Messy\"\n      source \"general knowledge: test\"\n"}}}});
  const json formatted = c.request("textDocument/formatting", {{"textDocument", {{"uri", messy_uri}}}, {"options", {{"tabSize", 2}, {"insertSpaces", true}}}});
  REQUIRE(formatted["result"].is_array());
  REQUIRE(formatted["result"].size() == 1);
  CHECK(formatted["result"][0]["newText"] == "fact messy_fact \"Messy\"\n  source \"general knowledge: test\"\n");

  // Symbols and folding.
  const json symbols = c.request("textDocument/documentSymbol", {{"textDocument", {{"uri", kb.uri("knee.ddx")}}}});
  CHECK(symbols["result"].size() > 20);
  const json ws = c.request("workspace/symbol", {{"query", "iliotibial"}});
  CHECK(!ws["result"].empty());
  const json folds = c.request("textDocument/foldingRange", {{"textDocument", {{"uri", kb.uri("knee.ddx")}}}});
  CHECK(folds["result"].size() > 20);

  CHECK(c.request("shutdown", nullptr)["result"].is_null());
  c.notify("exit", nullptr);
  CHECK(c.finish() == 0);
}

TEST_CASE("names inside a rule's unless: diagnostics, definition, references, hover and completion") {
  kb_copy kb;
  lsp_client c(DDX_BINARY);
  initialize(c, kb);
  const std::string uri = kb.uri("exceptions.ddx");
  const std::string text =
      "fact exception_known \"Exception known\"\n"                  // 0
      "  source \"general knowledge: test\"\n"                       // 1
      "rule exc_rule \"Exception from a finding\"\n"                 // 2
      "  when loc.lateral_knee\n"                                     // 3
      "  then assert exception_known\n"                               // 4
      "  source \"general knowledge: test\"\n"                       // 5
      "rule unless_rule \"Downhill, unless the exception\"\n"        // 6
      "  when trig.downhill_running\n"                                // 7
      "  unless exception_known or sym.swelling_marked\n"             // 8
      "  then for itbs weak\n"                                        // 9
      "  source \"general knowledge: test\"\n";                      // 10
  c.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "ddx"}, {"version", 1}, {"text", text}}}});
  c.request("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", pos(0, 0)}});  // a barrier
  const json diags = c.last_diagnostics(uri);
  if (diags.is_array())
    for (const auto& d : diags) CHECK_MESSAGE(d["severity"] != 1, d.dump());  // no error: warnings only

  // The fact named in `unless`: its definition, and its references include the use inside `unless`.
  const json def = c.request("textDocument/definition", {{"textDocument", {{"uri", uri}}}, {"position", pos(8, 12)}});
  CHECK(def["result"]["uri"] == uri);
  CHECK(def["result"]["range"]["start"]["line"] == 0);
  const json refs = c.request("textDocument/references", {{"textDocument", {{"uri", uri}}}, {"position", pos(0, 8)},
                                                         {"context", {{"includeDeclaration", false}}}});
  bool in_unless = false;
  for (const auto& r : refs["result"]) in_unless = in_unless || (r["uri"] == uri && r["range"]["start"]["line"] == 8 && r["range"]["start"]["character"] == 9);
  CHECK(in_unless);
  CHECK(refs["result"].size() == 2);  // `assert exception_known` and the `unless`
  // A finding named in `unless`: hover counts the rule among its readers; definition goes to the vocabulary.
  const json hover = c.request("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", pos(8, 32)}});
  const std::string md = hover["result"]["contents"]["value"];
  CHECK(md.find("Marked swelling") != std::string::npos);
  const json fdef = c.request("textDocument/definition", {{"textDocument", {{"uri", uri}}}, {"position", pos(8, 32)}});
  CHECK(fdef["result"]["uri"] == kb.uri("vocabulary.ddx"));
  const json fact_hover = c.request("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", pos(0, 8)}});
  CHECK(fact_hover["result"]["contents"]["value"].get<std::string>().find("read by 1 rule") != std::string::npos);

  // Completion: `unless` is a clause of `rule`; after `unless ` come findings and facts, after a name `or`.
  json comp = c.request("textDocument/completion", {{"textDocument", {{"uri", uri}}}, {"position", pos(9, 2)}});
  bool clause = false;
  for (const auto& item : comp["result"]["items"]) clause = clause || item["label"] == "unless";
  CHECK(clause);
  comp = c.request("textDocument/completion", {{"textDocument", {{"uri", uri}}}, {"position", pos(8, 9)}});
  bool fact = false, finding = false;
  for (const auto& item : comp["result"]["items"]) {
    fact = fact || item["label"] == "exception_known";
    finding = finding || item["label"] == "sym.swelling_marked";
  }
  CHECK(fact);
  CHECK(finding);

  CHECK(c.request("shutdown", nullptr)["result"].is_null());
  c.notify("exit", nullptr);
  CHECK(c.finish() == 0);
}

TEST_CASE("bad input never stops the server") {
  kb_copy kb;
  lsp_client c(DDX_BINARY);
  // Before initialize: requests are refused with -32002.
  CHECK(c.request("textDocument/hover", {{"textDocument", {{"uri", kb.uri("knee.ddx")}}}, {"position", pos(0, 0)}})["error"]["code"] == -32002);
  initialize(c, kb);

  c.send_body("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": ");  // malformed JSON
  json err = c.wait_for([](const json& m) { return m.contains("error") && m["id"].is_null(); });
  CHECK(err["error"]["code"] == -32700);
  c.send_raw("Content-Type: nothing\r\n\r\n");  // a header block without Content-Length
  err = c.wait_for([](const json& m) { return m.contains("error") && m["id"].is_null(); });
  CHECK(err["error"]["code"] == -32700);
  c.send_body("[1, 2]");
  err = c.wait_for([](const json& m) { return m.contains("error") && m["id"].is_null(); });
  CHECK(err["error"]["code"] == -32600);

  CHECK(c.request("no/suchMethod", json::object())["error"]["code"] == -32601);
  c.notify("no/suchNotification", json::object());  // ignored
  CHECK(c.request("textDocument/hover", {{"position", pos(0, 0)}})["error"]["code"] == -32602);

  // 100,000 open parentheses in a buffer.
  const std::string deep_uri = kb.uri("deep.ddx");
  std::string deep = "rule deep \"x\"\n  when " + std::string(100000, '(') + "\n";
  c.notify("textDocument/didOpen", {{"textDocument", {{"uri", deep_uri}, {"languageId", "ddx"}, {"version", 1}, {"text", deep}}}});
  c.request("textDocument/hover", {{"textDocument", {{"uri", deep_uri}}}, {"position", pos(1, 50000)}});
  const json deep_diags = c.last_diagnostics(deep_uri);
  CHECK(has_code(deep_diags, "E112"));
  CHECK(c.request("textDocument/completion", {{"textDocument", {{"uri", deep_uri}}}, {"position", pos(1, 100006)}}).contains("result"));
  CHECK(c.request("textDocument/formatting", {{"textDocument", {{"uri", deep_uri}}}})["error"]["code"] == -32803);

  // Positions past the end of a line and of the file.
  for (const json& p : {pos(0, 100000), pos(1000000, 3), pos(-5, -5)}) {
    const json r = c.request("textDocument/hover", {{"textDocument", {{"uri", kb.uri("knee.ddx")}}}, {"position", p}});
    CHECK(r.contains("result"));
    CHECK(c.request("textDocument/completion", {{"textDocument", {{"uri", kb.uri("knee.ddx")}}}, {"position", p}}).contains("result"));
    CHECK(c.request("textDocument/definition", {{"textDocument", {{"uri", kb.uri("knee.ddx")}}}, {"position", p}}).contains("result"));
  }
  // A document nobody opened and that is not in the workspace.
  CHECK(c.request("textDocument/hover", {{"textDocument", {{"uri", "file:///no/such/file.ddx"}}}, {"position", pos(0, 0)}})["result"].is_null());

  // A file deleted under the server: its rules disappear, and the files that used them report it. (The deep buffer
  // is closed first: while any file has a syntax error, names are not checked.)
  c.notify("textDocument/didClose", {{"textDocument", {{"uri", deep_uri}}}});
  fs::remove(kb.root / "knee.ddx");
  c.notify("workspace/didChangeWatchedFiles", {{"changes", json::array({{{"uri", kb.uri("knee.ddx")}, {"type", 3}}})}});
  c.request("textDocument/hover", {{"textDocument", {{"uri", kb.uri("tests/knee_tests.ddx")}}}, {"position", pos(0, 0)}});
  const json broken = c.last_diagnostics(kb.uri("tests/knee_tests.ddx"));
  CHECK(has_code(broken, "E204"));  // its tests expect conditions knee.ddx declared
  CHECK(c.request("textDocument/hover", {{"textDocument", {{"uri", kb.uri("knee.ddx")}}}, {"position", pos(3, 3)}})["result"].is_null());

  // `exit` without `shutdown`: exit status 1.
  c.notify("exit", nullptr);
  CHECK(c.finish() == 1);
}

TEST_CASE("the three new mistakes get quick fixes: typographic quotes and an id typed from a label") {
  kb_copy kb;
  lsp_client c(DDX_BINARY);
  initialize(c, kb);
  // Curly quotes pasted into a new file: E120 and the fix that straightens them.
  const std::string pasted = kb.uri("pasted.ddx");
  c.notify("textDocument/didOpen", {{"textDocument", {{"uri", pasted}, {"languageId", "ddx"}, {"version", 1},
                                                        {"text", "fact pasted_fact \u201cPasted\u201d\n  source \"general knowledge: test\"\n"}}}});
  c.request("textDocument/hover", {{"textDocument", {{"uri", pasted}}}, {"position", pos(0, 0)}});
  CHECK(has_code(c.last_diagnostics(pasted), "E120"));
  const json actions = c.request("textDocument/codeAction", {{"textDocument", {{"uri", pasted}}}, {"range", {{"start", pos(0, 0)}, {"end", pos(0, 30)}}}, {"context", {{"diagnostics", json::array()}}}});
  REQUIRE(!actions["result"].empty());
  const json edit = actions["result"][0]["edit"]["changes"][pasted][0];
  CHECK(edit["newText"] == "\"Pasted\"");
  c.notify("textDocument/didChange", {{"textDocument", {{"uri", pasted}, {"version", 2}}},
                                      {"contentChanges", json::array({{{"range", edit["range"]}, {"text", edit["newText"]}}})}});
  c.request("textDocument/hover", {{"textDocument", {{"uri", pasted}}}, {"position", pos(0, 0)}});
  CHECK(!has_code(c.last_diagnostics(pasted), "E120"));

  // An id typed from a condition's name: E209, and the fix writes the id.
  const std::string uri = kb.uri("new.ddx");
  c.notify("textDocument/didOpen", {{"textDocument", {{"uri", uri}, {"languageId", "ddx"}, {"version", 1},
                                                        {"text", "test typed_from_label \"x\"\n  present loc.lateral_knee\n  expect it_band_syndrome first\n"}}}});
  c.request("textDocument/hover", {{"textDocument", {{"uri", uri}}}, {"position", pos(0, 0)}});
  CHECK(has_code(c.last_diagnostics(uri), "E209"));
  const json labels = c.request("textDocument/codeAction", {{"textDocument", {{"uri", uri}}}, {"range", {{"start", pos(2, 0)}, {"end", pos(2, 30)}}}, {"context", {{"diagnostics", json::array()}}}});
  REQUIRE(!labels["result"].empty());
  CHECK(labels["result"][0]["title"] == "Replace with `itbs`");
  CHECK(labels["result"][0]["edit"]["changes"][uri][0]["newText"] == "itbs");
  c.request("shutdown", nullptr);
  c.notify("exit", nullptr);
  CHECK(c.finish() == 0);
}

}
