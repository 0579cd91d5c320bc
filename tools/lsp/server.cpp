// tools/lsp/server.cpp: lifecycle, document sync, diagnostics and the requests of the ddx language server.
#include "tools/lsp/server.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <variant>

#include "grammar/parser.hpp"
#include "grammar/rules.hpp"
#include "grammar/unparse.hpp"

namespace ddx::tools::lsp {
namespace ast = grammar::ast;

namespace {

/// A request that cannot be answered: sent back as a JSON-RPC error.
struct request_error {
  int code;
  std::string message;
};

const std::string& text_field(const json& j, const char* key) {
  static const std::string empty;
  if (!j.is_object()) return empty;
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get_ref<const std::string&>() : empty;
}

std::string uri_of(const json& params) {
  if (!params.is_object() || !params.contains("textDocument")) throw request_error{invalid_params, "textDocument is missing"};
  const std::string& uri = text_field(params["textDocument"], "uri");
  if (uri.empty()) throw request_error{invalid_params, "textDocument.uri is missing"};
  return uri;
}

/// The snapshot, file and offset a positional request points at; file is empty when the document is not known.
struct place {
  std::shared_ptr<snapshot> snap;
  std::optional<grammar::file_id> file;
  std::uint32_t offset = 0;
  std::string uri;
  std::string_view text() const { return snap->load.sources.file(*file).text(); }
  const line_index& lines() const { return *snap->lines[*file]; }
};

bool is_ident_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'; }

bool is_keyword(std::string_view word) {
  tao::pegtl::memory_input in(word.data(), word.size(), "");
  return tao::pegtl::parse<tao::pegtl::seq<grammar::rules::keyword, tao::pegtl::eof>>(in);
}

constexpr std::pair<std::string_view, double> weight_lrs[] = {{"weak", 2}, {"moderate", 4}, {"strong", 10}, {"decisive", 100}};
constexpr std::string_view prior_words[] = {"very_common", "common", "uncommon", "rare", "very_rare"};
constexpr std::string_view level_words[] = {"self_care", "modify_training", "stop_and_assess", "urgent_care", "emergency"};
constexpr std::string_view kind_words[] = {"location", "symptom", "timing",   "trigger", "reliever",
                                           "history",  "risk",    "sign",     "red_flag", "demographic"};
constexpr std::string_view decl_words[] = {"knowledge_base", "finding", "value", "condition", "fact", "flag", "rule", "test"};

/// The clauses a declaration may have (docs/language.md).
std::vector<std::string_view> clauses_of(std::string_view decl) {
  if (decl == "knowledge_base") return {"version", "other_prior", "regions", "disclaimer", "urgency_threshold"};
  if (decl == "finding") return {"region", "synonyms", "description", "source"};
  if (decl == "value") return {"range", "unit", "description"};
  if (decl == "condition") return {"region", "prior", "urgency", "advice", "description", "source"};
  if (decl == "fact") return {"description", "source"};
  if (decl == "flag") return {"level", "overrides", "advice", "source"};
  if (decl == "rule") return {"when", "unless", "then", "source"};
  if (decl == "test") return {"present", "absent", "values", "expect"};
  return {};
}

/// "lr 10 (strong)" for a weight as written.
std::string weight_phrase(const ast::effect& e) {
  if (!e.weight) return "no weight";
  const auto& w = *e.weight;
  if (w.k == ast::weight_spec::kind::lr) return fmt::format("LR {}", w.lr.text);
  for (const auto& [word, lr] : weight_lrs) {
    if (word == w.word.name) {
      const double v = e.k == ast::effect::kind::oppose ? 1.0 / lr : lr;
      return fmt::format("{} (LR {})", word, v >= 1 ? fmt::format("{:g}", v) : fmt::format("{:g}", v));
    }
  }
  return std::string(w.text);
}

std::string sources_md(const std::vector<ast::string_lit>& sources) {
  std::string out;
  for (const auto& s : sources) out += "- " + s.value + "\n";
  return out.empty() ? "" : "\n**Sources**\n" + out;
}

int completion_kind(symbol_kind k) {
  switch (k) {
    case symbol_kind::finding: return 5;     // Field
    case symbol_kind::value: return 11;      // Unit
    case symbol_kind::condition: return 7;   // Class
    case symbol_kind::fact: return 6;        // Variable
    case symbol_kind::flag: return 23;       // Event
    case symbol_kind::rule: return 3;        // Function
    case symbol_kind::test: return 2;        // Method
    case symbol_kind::region: return 9;      // Module
    case symbol_kind::level: return 20;      // EnumMember
    default: return 14;                      // Keyword
  }
}

int document_symbol_kind(symbol_kind k) {
  switch (k) {
    case symbol_kind::finding: return 8;     // Field
    case symbol_kind::value: return 14;      // Constant
    case symbol_kind::condition: return 5;   // Class
    case symbol_kind::fact: return 13;       // Variable
    case symbol_kind::flag: return 24;       // Event
    case symbol_kind::rule: return 12;       // Function
    case symbol_kind::test: return 6;        // Method
    default: return 2;                       // Module (the knowledge_base header)
  }
}

std::string label_of(const ast::declaration& d) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, ast::condition_decl> || std::is_same_v<T, ast::knowledge_base_decl>) return x.name.value;
        else if constexpr (std::is_same_v<T, ast::rule_decl>) return x.text.value;
        else if constexpr (std::is_same_v<T, ast::test_decl>) return x.label ? x.label->value : std::string();
        else return x.label.value;
      },
      d);
}

std::string_view decl_name(const ast::declaration& d) {
  return std::visit(
      [](const auto& x) -> std::string_view {
        if constexpr (requires { x.id; }) return x.id.name;
        else return "knowledge_base";
      },
      d);
}

grammar::source_span decl_id_span(const ast::declaration& d) {
  return std::visit(
      [](const auto& x) -> grammar::source_span {
        if constexpr (requires { x.id; }) return x.id.span;
        else return x.name.span;
      },
      d);
}

grammar::source_span decl_span(const ast::declaration& d) {
  return std::visit([](const auto& x) { return x.span; }, d);
}

/// "#e201-unknown-finding" anchors of docs/diagnostics.md's `### CODE: title` headings, as GitHub and VS Code make them.
std::map<std::string, std::string> read_anchors(const std::string& docs_base) {
  std::map<std::string, std::string> out;
  std::string path = docs_base;
  if (path.starts_with("file://")) path = uri_to_path(path);
  std::ifstream in(path + "/diagnostics.md");
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("### ") || line.size() < 9 || line[8] != ':') continue;
    std::string slug;
    for (char c : line.substr(4)) {
      if (c >= 'A' && c <= 'Z') slug += static_cast<char>(c - 'A' + 'a');
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') slug += c;
      else if (c == ' ') slug += '-';
    }
    out[line.substr(4, 4)] = slug;
  }
  return out;
}

}  // namespace

server::server(server_options options) : options_(std::move(options)) {}

// ----------------------------------------------------------------------------------------------------------------
// Messages

std::vector<json> server::handle(std::string_view body) {
  std::vector<json> out;
  json msg = json::parse(body.begin(), body.end(), nullptr, false);
  if (msg.is_discarded()) {
    out.push_back(error_response(nullptr, parse_error, "the message is not valid JSON"));
    return out;
  }
  if (msg.is_array()) {  // batches are not part of LSP
    out.push_back(error_response(nullptr, invalid_request, "batch messages are not supported"));
    return out;
  }
  const bool has_id = msg.is_object() && msg.contains("id") && (msg["id"].is_number_integer() || msg["id"].is_string());
  const json id = has_id ? msg["id"] : json(nullptr);
  if (!msg.is_object() || !msg.contains("method") || !msg["method"].is_string()) {
    if (msg.is_object() && (msg.contains("result") || msg.contains("error"))) return out;  // a response to us
    out.push_back(error_response(id, invalid_request, "a request needs a string `method`"));
    return out;
  }
  if (msg.contains("id") && !has_id) {
    out.push_back(error_response(nullptr, invalid_request, "`id` must be a number or a string"));
    return out;
  }
  const std::string method = msg["method"];
  const json params = msg.contains("params") ? msg["params"] : json::object();
  try {
    if (!initialized_ && method != "initialize" && method != "exit") {
      if (has_id) out.push_back(error_response(id, server_not_initialized, "the server is not initialized yet"));
      return out;
    }
    if (shutdown_ && method != "exit") {
      if (has_id) out.push_back(error_response(id, invalid_request, "the server is shutting down"));
      return out;
    }
    std::vector<json> after;
    json result = dispatch(method, params, after);
    if (has_id) {
      if (result.is_discarded()) {
        out.push_back(error_response(id, method_not_found, "unknown method `" + method + "`"));
      } else {
        out.push_back(response(id, std::move(result)));
      }
    }
    for (auto& m : after) out.push_back(std::move(m));
  } catch (const request_error& e) {
    if (has_id) out.push_back(error_response(id, e.code, e.message));
  } catch (const json::exception& e) {
    if (has_id) out.push_back(error_response(id, invalid_params, std::string("bad parameters: ") + e.what()));
  } catch (const std::exception& e) {
    if (has_id) out.push_back(error_response(id, internal_error, e.what()));
  }
  return out;
}

json server::dispatch(const std::string& method, const json& params, std::vector<json>& out) {
  if (method == "initialize") return initialize(params);
  if (method == "initialized") {
    recheck(out);
    return nullptr;
  }
  if (method == "shutdown") {
    shutdown_ = true;
    return nullptr;
  }
  if (method == "exit") {
    exited_ = true;
    return nullptr;
  }
  if (method == "textDocument/didOpen") {
    const json& doc = params.at("textDocument");
    ws_.open(uri_to_path(doc.at("uri").get<std::string>()), doc.at("text").get<std::string>());
    recheck(out);
    return nullptr;
  }
  if (method == "textDocument/didChange") {
    const std::string path = uri_to_path(uri_of(params));
    const std::string* current = ws_.open_text(path);
    if (current == nullptr) throw request_error{invalid_params, "the document is not open"};
    std::string text = *current;
    for (const auto& c : params.at("contentChanges")) {
      if (!c.contains("range")) {
        text = c.at("text").get<std::string>();
        continue;
      }
      line_index lines(text);
      const std::uint32_t a = lines.offset(c["range"].value("start", json::object()));
      const std::uint32_t b = std::max(a, lines.offset(c["range"].value("end", json::object())));
      text.replace(a, b - a, c.at("text").get<std::string>());
    }
    ws_.change(path, std::move(text));
    recheck(out);
    return nullptr;
  }
  if (method == "textDocument/didClose") {
    ws_.close(uri_to_path(uri_of(params)));
    recheck(out);
    return nullptr;
  }
  if (method == "textDocument/didSave" || method == "workspace/didChangeWatchedFiles" ||
      method == "workspace/didChangeConfiguration") {
    recheck(out);
    return nullptr;
  }
  if (method == "textDocument/completion") return completion(params);
  if (method == "textDocument/hover") return hover(params);
  if (method == "textDocument/definition") return definition(params);
  if (method == "textDocument/references") return references(params);
  if (method == "textDocument/prepareRename") return prepare_rename(params);
  if (method == "textDocument/rename") return rename(params);
  if (method == "textDocument/documentSymbol") return document_symbols(params);
  if (method == "workspace/symbol") return workspace_symbols(params);
  if (method == "textDocument/foldingRange") return folding(params);
  if (method == "textDocument/formatting") return formatting(params);
  if (method == "textDocument/codeAction") return code_actions(params);
  if (method == "textDocument/codeLens") return code_lenses(params);
  if (method == "workspace/executeCommand") return execute_command(params, out);
  return json(json::value_t::discarded);  // unknown: -32601 for a request, ignored for a notification
}

json server::initialize(const json& params) {
  if (initialized_) throw request_error{invalid_request, "initialize was already received"};
  std::string root;
  if (params.contains("rootUri") && params["rootUri"].is_string()) root = uri_to_path(params["rootUri"].get<std::string>());
  else if (params.contains("rootPath") && params["rootPath"].is_string()) root = params["rootPath"];
  else if (params.contains("workspaceFolders") && params["workspaceFolders"].is_array() && !params["workspaceFolders"].empty())
    root = uri_to_path(text_field(params["workspaceFolders"][0], "uri"));
  std::vector<std::string> roots = options_.kb;
  const json init = params.value("initializationOptions", json::object());
  if (roots.empty() && init.is_object() && init.contains("kb") && init["kb"].is_array()) {
    for (const auto& k : init["kb"]) {
      if (!k.is_string()) continue;
      std::string p = k.get<std::string>();
      roots.push_back(!p.empty() && p[0] != '/' && !root.empty() ? root + "/" + p : p);
    }
  }
  if (roots.empty() && !root.empty()) roots.push_back(root);
  ws_.set_roots(roots);
  initialized_ = true;
  json caps = {
      {"positionEncoding", "utf-16"},
      {"textDocumentSync", {{"openClose", true}, {"change", 2}, {"save", {{"includeText", false}}}}},
      {"completionProvider", {{"triggerCharacters", json::array({" ", ".", ","})}, {"resolveProvider", false}}},
      {"hoverProvider", true},
      {"definitionProvider", true},
      {"referencesProvider", true},
      {"renameProvider", {{"prepareProvider", true}}},
      {"documentSymbolProvider", true},
      {"workspaceSymbolProvider", true},
      {"foldingRangeProvider", true},
      {"documentFormattingProvider", true},
      {"codeActionProvider", {{"codeActionKinds", json::array({"quickfix"})}}},
      {"codeLensProvider", {{"resolveProvider", false}}},
      {"executeCommandProvider", {{"commands", json::array({"ddx.runTest"})}}},
  };
  return {{"capabilities", caps}, {"serverInfo", {{"name", "ddx"}, {"version", DDX_VERSION}}}};
}

// ----------------------------------------------------------------------------------------------------------------
// Diagnostics

void server::recheck(std::vector<json>& out) {
  auto s = ws_.recheck();
  std::set<std::string> now;
  for (grammar::file_id f = 0; f < s->load.sources.size(); ++f) {
    const std::string& path = s->load.sources.file(f).path();
    json diags = diagnostics_of(*s, f);
    if (diags.empty() && !published_.count(path)) continue;
    if (!diags.empty()) now.insert(path);
    out.push_back(notification("textDocument/publishDiagnostics", {{"uri", path_to_uri(path)}, {"diagnostics", std::move(diags)}}));
  }
  for (const auto& path : published_) {
    if (!s->file_of_path.count(path))  // gone: deleted, or a closed buffer outside the knowledge base
      out.push_back(notification("textDocument/publishDiagnostics", {{"uri", path_to_uri(path)}, {"diagnostics", json::array()}}));
  }
  published_ = std::move(now);
}

json server::diagnostics_of(const snapshot& s, grammar::file_id file) const {
  static std::map<std::string, std::map<std::string, std::string>> anchors_by_base;
  auto& anchors = anchors_by_base.try_emplace(options_.docs_base, read_anchors(options_.docs_base)).first->second;
  json out = json::array();
  const line_index& lines = *s.lines[file];
  for (const auto& d : s.load.diags.all()) {
    if (d.span.file != file || d.span.file >= s.lines.size()) continue;
    json j = {{"range", lines.range(d.span.begin, d.span.end)},
              {"severity", d.level == grammar::severity::error ? 1 : d.level == grammar::severity::warning ? 2 : 3},
              {"code", d.code},
              {"source", "ddx"},
              {"message", d.hint.empty() ? d.message : d.message + "\nhint: " + d.hint}};
    if (!options_.docs_base.empty()) {
      auto a = anchors.find(d.code);
      std::string base = options_.docs_base.starts_with("file://") || options_.docs_base.find("://") != std::string::npos
                             ? options_.docs_base
                             : path_to_uri(options_.docs_base);
      j["codeDescription"] = {{"href", base + "/diagnostics.md" + (a == anchors.end() ? "" : "#" + a->second)}};
    }
    if (!d.notes.empty()) {
      json related = json::array();
      for (const auto& n : d.notes) {
        if (n.span.file >= s.lines.size()) continue;
        related.push_back({{"location",
                            {{"uri", path_to_uri(s.load.sources.file(n.span.file).path())},
                             {"range", s.lines[n.span.file]->range(n.span.begin, n.span.end)}}},
                           {"message", n.message}});
      }
      j["relatedInformation"] = std::move(related);
    }
    if (!d.fixes.empty()) {
      json fixes = json::array();
      for (const auto& f : d.fixes)
        fixes.push_back({{"title", f.title}, {"range", lines.range(f.span.begin, f.span.end)}, {"newText", f.replacement}});
      j["data"] = {{"fixes", std::move(fixes)}};
    }
    out.push_back(std::move(j));
  }
  return out;
}

// ----------------------------------------------------------------------------------------------------------------
// Positions

namespace {

place locate(const workspace& ws, const json& params, bool with_position = true) {
  place p;
  p.uri = uri_of(params);
  p.snap = ws.current();
  if (!p.snap) return p;
  auto it = p.snap->file_of_path.find(uri_to_path(p.uri));
  if (it == p.snap->file_of_path.end()) return p;
  p.file = it->second;
  if (with_position) p.offset = p.lines().offset(params.value("position", json::object()));
  return p;
}

json location_json(const snapshot& s, grammar::source_span span) {
  return {{"uri", path_to_uri(s.load.sources.file(span.file).path())}, {"range", s.lines[span.file]->range(span.begin, span.end)}};
}

/// The namespace a name lives in (regions apart from everything else; triage levels are not names).
std::string key_of(const occurrence& o) { return o.kind == symbol_kind::region ? "region:" + o.name : o.name; }

bool same_symbol(const occurrence& a, const occurrence& b) {
  return a.name == b.name && (a.kind == symbol_kind::region) == (b.kind == symbol_kind::region) && a.kind != symbol_kind::level &&
         b.kind != symbol_kind::level;
}

}  // namespace

json server::definition(const json& params) {
  place p = locate(ws_, params);
  if (!p.file) return nullptr;
  const occurrence* o = p.snap->at(*p.file, p.offset);
  if (o == nullptr || o->kind == symbol_kind::level) return nullptr;
  for (const auto& x : p.snap->occurrences)
    if (x.declaration && same_symbol(x, *o)) return location_json(*p.snap, x.span);
  return nullptr;
}

json server::references(const json& params) {
  place p = locate(ws_, params);
  if (!p.file) return nullptr;
  const occurrence* o = p.snap->at(*p.file, p.offset);
  if (o == nullptr || o->kind == symbol_kind::level) return json::array();
  const bool with_decl = params.contains("context") && params["context"].value("includeDeclaration", true);
  json out = json::array();
  for (const auto& x : p.snap->occurrences)
    if (same_symbol(x, *o) && (with_decl || !x.declaration)) out.push_back(location_json(*p.snap, x.span));
  return out;
}

json server::prepare_rename(const json& params) {
  place p = locate(ws_, params);
  if (!p.file) return nullptr;
  const occurrence* o = p.snap->at(*p.file, p.offset);
  if (o == nullptr || o->kind == symbol_kind::level) return nullptr;
  return {{"range", p.lines().range(o->span.begin, o->span.end)}, {"placeholder", o->name}};
}

json server::rename(const json& params) {
  place p = locate(ws_, params);
  if (!p.file) throw request_error{request_failed, "the document is not part of the knowledge base"};
  const occurrence* o = p.snap->at(*p.file, p.offset);
  if (o == nullptr || o->kind == symbol_kind::level) throw request_error{request_failed, "there is no name to rename here"};
  const std::string to = text_field(params, "newName");
  const bool dotted = o->kind == symbol_kind::finding;
  bool ok = !to.empty() && to[0] >= 'a' && to[0] <= 'z' && std::all_of(to.begin(), to.end(), is_ident_char) &&
            to.back() != '.' && to.find("..") == std::string::npos && (to.find('.') != std::string::npos) == dotted;
  if (!ok) {
    throw request_error{request_failed,
                        dotted ? fmt::format("`{}` is not a finding id: write a dotted lower-case id such as `loc.lateral_knee`", to)
                               : fmt::format("`{}` is not a name: use lower-case letters, digits and `_`, starting with a letter", to)};
  }
  if (is_keyword(to)) throw request_error{request_failed, fmt::format("`{}` is a keyword and cannot be a name", to)};
  if (to == o->name) return {{"changes", json::object()}};
  const std::string key = o->kind == symbol_kind::region ? "region:" + to : to;
  if (auto taken = p.snap->declarations.find(key); taken != p.snap->declarations.end()) {
    std::string where;
    if (taken->second.decl != nullptr) {
      const auto span = decl_id_span(*taken->second.decl);
      where = " (" + p.snap->load.sources.describe(span) + ")";
      throw request_error{request_failed, fmt::format("`{}` is already declared as a {}{}; choose another name", to,
                                                      kind_word(kind_of(*taken->second.decl)), where)};
    }
    throw request_error{request_failed, fmt::format("`{}` is already a region; choose another name", to)};
  }
  json changes = json::object();
  for (const auto& x : p.snap->occurrences) {
    if (!same_symbol(x, *o)) continue;
    const std::string uri = path_to_uri(p.snap->load.sources.file(x.span.file).path());
    if (!changes.contains(uri)) changes[uri] = json::array();
    changes[uri].push_back({{"range", p.snap->lines[x.span.file]->range(x.span.begin, x.span.end)}, {"newText", to}});
  }
  return {{"changes", std::move(changes)}};
}

// ----------------------------------------------------------------------------------------------------------------
// Hover

json server::hover(const json& params) {
  place p = locate(ws_, params);
  if (!p.file) return nullptr;
  const occurrence* o = p.snap->at(*p.file, p.offset);
  if (o == nullptr) return nullptr;
  snapshot& s = *p.snap;
  std::string md;
  auto count = [](const auto& m, const std::string& k) { auto it = m.find(k); return it == m.end() ? std::size_t{0} : it->second.size(); };
  auto decl = s.declarations.find(key_of(*o));
  if (o->kind == symbol_kind::level) {
    md = fmt::format("**{}**: a triage level (from least to most urgent: `self_care`, `modify_training`, `stop_and_assess`, "
                     "`urgent_care`, `emergency`)", o->name);
  } else if (o->kind == symbol_kind::region) {
    md = fmt::format("**{}**: a body region of the knowledge base", o->name);
  } else if (decl == s.declarations.end() || decl->second.decl == nullptr) {
    md = fmt::format("`{}`: not declared (as a {})", o->name, kind_word(o->kind));
  } else {
    const ast::declaration& d = *decl->second.decl;
    if (const auto* f = std::get_if<ast::finding_decl>(&d)) {
      md = fmt::format("**{}** `{}`\n\nfinding · {}{}\n", f->label.value, f->id.name, f->kind.name,
                       f->region ? fmt::format(" · region {}", f->region->name) : "");
      if (!f->synonyms.empty()) {
        md += "\nSynonyms: ";
        for (std::size_t i = 0; i < f->synonyms.size(); ++i) md += (i ? ", " : "") + ("\"" + f->synonyms[i].value + "\"");
        md += "\n";
      }
      if (f->description) md += "\n" + f->description->value + "\n";
      md += fmt::format("\nRead by {} rule{}.\n", count(s.readers, o->name), count(s.readers, o->name) == 1 ? "" : "s");
      md += sources_md(f->sources);
    } else if (const auto* c = std::get_if<ast::condition_decl>(&d)) {
      md = fmt::format("**{}** `{}`\n\ncondition", c->name.value, c->id.name);
      if (c->region) md += fmt::format(" · region {}", c->region->name);
      if (c->prior) md += fmt::format(" · prior {}", c->prior->word ? std::string(c->prior->word->name) : std::string(c->prior->probability->text));
      if (c->urgency) {
        md += fmt::format(" · urgency {}", c->urgency->name);
        if (c->urgency_high) md += fmt::format(" to {}", c->urgency_high->name);
      }
      md += "\n";
      if (c->advice) md += "\n**Advice**: " + c->advice->value + "\n";
      auto list_rules = [&](const char* title, const std::map<std::string, std::vector<const ast::rule_decl*>>& m) {
        auto it = m.find(o->name);
        if (it == m.end() || it->second.empty()) return;
        md += fmt::format("\n**{}**\n", title);
        for (const auto* r : it->second) {
          for (const auto& e : r->effects)
            if (e.target.name == o->name && (e.k == ast::effect::kind::support || e.k == ast::effect::kind::oppose))
              md += fmt::format("- `{}` {}: {}\n", r->id.name, weight_phrase(e), r->text.value);
        }
      };
      list_rules("Rules for", s.supporters);
      list_rules("Rules against", s.opposers);
      if (auto t = s.testers.find(o->name); t != s.testers.end()) {
        md += "\n**Tests**: ";
        for (std::size_t i = 0; i < t->second.size(); ++i) md += (i ? ", `" : "`") + std::string(t->second[i]->id.name) + "`";
        md += "\n";
      }
      md += sources_md(c->sources);
    } else if (const auto* r = std::get_if<ast::rule_decl>(&d)) {
      md = fmt::format("**{}** `{}`\n\nrule\n", r->text.value, r->id.name);
      for (const auto& e : r->effects) {
        const char* verb = e.k == ast::effect::kind::support ? "for" : e.k == ast::effect::kind::oppose ? "against"
                           : e.k == ast::effect::kind::assert_fact ? "assert" : "raise";
        md += fmt::format("- {} `{}`{}\n", verb, e.target.name, e.weight ? " " + weight_phrase(e) : "");
      }
      md += sources_md(r->sources);
    } else if (const auto* fl = std::get_if<ast::flag_decl>(&d)) {
      md = fmt::format("**{}** `{}`\n\nred flag · level {}{}\n", fl->label.value, fl->id.name,
                       fl->level ? std::string(fl->level->name) : "?", fl->overrides ? " · overrides " + std::string(fl->overrides->name) : "");
      if (fl->advice) md += "\n**Advice**: " + fl->advice->value + "\n";
      md += sources_md(fl->sources);
    } else if (const auto* fa = std::get_if<ast::fact_decl>(&d)) {
      md = fmt::format("**{}** `{}`\n\nfact · read by {} rule{}\n", fa->label.value, fa->id.name, count(s.readers, o->name),
                       count(s.readers, o->name) == 1 ? "" : "s");
      if (fa->description) md += "\n" + fa->description->value + "\n";
      md += sources_md(fa->sources);
    } else if (const auto* v = std::get_if<ast::value_decl>(&d)) {
      md = fmt::format("**{}** `{}`\n\nvalue", v->label.value, v->id.name);
      if (v->low && v->high) md += fmt::format(" · range {} to {}", v->low->text, v->high->text);
      if (v->unit) md += " · " + v->unit->value;
      md += "\n";
      if (v->description) md += "\n" + v->description->value + "\n";
    } else if (const auto* t = std::get_if<ast::test_decl>(&d)) {
      md = fmt::format("**{}** `{}`\n\ntest\n", t->label ? t->label->value : std::string(), t->id.name);
    }
  }
  return {{"contents", {{"kind", "markdown"}, {"value", md}}}, {"range", p.lines().range(o->span.begin, o->span.end)}};
}

// ----------------------------------------------------------------------------------------------------------------
// Completion

json server::completion(const json& params) {
  place p = locate(ws_, params);
  json items = json::array();
  if (!p.file) return {{"isIncomplete", false}, {"items", items}};
  const std::string_view text = p.text();
  const std::uint32_t at = p.offset;
  std::uint32_t word_begin = at;
  while (word_begin > 0 && is_ident_char(text[word_begin - 1])) --word_begin;
  const std::string_view prefix = text.substr(word_begin, at - word_begin);
  const json replace = p.lines().range(word_begin, at);
  // The tokens before the word (up to 64, back to the declaration's start), nearest first.
  std::vector<std::string_view> before;
  std::uint32_t i = word_begin;
  std::string_view decl;
  const std::uint32_t line_start = p.lines().line_start(p.lines().line_of(word_begin));
  bool at_line_start = text.substr(line_start, word_begin - line_start).find_first_not_of(" \t") == std::string_view::npos;
  while (i > 0 && before.size() < 64) {
    while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t' || text[i - 1] == '\n' || text[i - 1] == '\r')) --i;
    if (i == 0) break;
    std::uint32_t j = i;
    if (is_ident_char(text[i - 1])) {
      while (j > 0 && is_ident_char(text[j - 1])) --j;
    } else if (text[i - 1] == '"') {
      --j;
      while (j > 0 && text[j - 1] != '"' && text[j - 1] != '\n') --j;
      if (j > 0 && text[j - 1] == '"') --j;
    } else {
      --j;
    }
    const std::string_view tok = text.substr(j, i - j);
    const bool starts_line = j == 0 || text[j - 1] == '\n';
    if (starts_line && std::find(std::begin(decl_words), std::end(decl_words), tok) != std::end(decl_words)) {
      decl = tok;
      break;
    }
    // A comment: skip what is after `#` on that line (the scan already passed it: drop those tokens).
    before.push_back(tok);
    i = j;
  }
  auto add = [&](std::string_view label, symbol_kind k, const std::string& detail, const std::string& doc = {}) {
    if (!label.starts_with(prefix)) return;
    json item = {{"label", label}, {"kind", completion_kind(k)}, {"textEdit", {{"range", replace}, {"newText", label}}}};
    if (!detail.empty()) item["detail"] = detail;
    if (!doc.empty()) item["documentation"] = {{"kind", "markdown"}, {"value", doc}};
    items.push_back(std::move(item));
  };
  auto add_words = [&](const auto& words, symbol_kind k, const char* detail) {
    for (auto w : words) add(w, k, detail);
  };
  auto add_decls = [&](symbol_kind want) {
    for (const auto& [name, ref] : p.snap->declarations) {
      if (ref.decl == nullptr || kind_of(*ref.decl) != want) continue;
      std::string detail = label_of(*ref.decl);
      if (const auto* f = std::get_if<ast::finding_decl>(ref.decl)) detail = std::string(f->kind.name) + " · " + detail;
      add(name, want, detail);
    }
  };
  // The most recent clause keyword of this declaration, to tell `present a, |` from `absent a, |` and `when`.
  std::string_view clause;
  for (auto t : before) {
    static constexpr std::string_view clause_words[] = {"when", "unless", "then", "present", "absent", "values", "expect", "regions",
                                                        "region", "prior", "urgency", "level", "overrides", "source",
                                                        "description", "advice", "synonyms", "range", "unit", "version"};
    if (std::find(std::begin(clause_words), std::end(clause_words), t) != std::end(clause_words)) {
      clause = t;
      break;
    }
  }
  const std::string_view prev = before.empty() ? std::string_view() : before[0];
  const std::string_view prev2 = before.size() > 1 ? before[1] : std::string_view();
  if (decl.empty() || (at_line_start && word_begin == line_start)) {
    add_words(decl_words, symbol_kind::other, "declaration");
  } else if (at_line_start) {
    for (auto c : clauses_of(decl)) add(c, symbol_kind::other, fmt::format("clause of `{}`", decl));
    add_words(decl_words, symbol_kind::other, "declaration");
  } else if (prev == "for" || prev == "against") {
    add_decls(symbol_kind::condition);
  } else if (prev2 == "for" || prev2 == "against") {
    for (const auto& [w, lr] : weight_lrs) add(w, symbol_kind::other, fmt::format("weight, LR {:g} for / {:g} against", lr, 1 / lr));
    add("lr", symbol_kind::other, "a likelihood ratio: `lr 3.5`");
  } else if (prev == "assert") {
    add_decls(symbol_kind::fact);
  } else if (prev == "raise" || (prev == "flag" && (prev2 == "expect" || prev2 == "no"))) {
    add_decls(symbol_kind::flag);
  } else if (prev == "then" || (prev == "," && clause == "then")) {
    for (auto w : {"for", "against", "assert", "raise"}) add(w, symbol_kind::other, "effect");
  } else if (prev == "expect") {
    add_decls(symbol_kind::condition);
    for (auto w : {"triage", "flag", "no"}) add(w, symbol_kind::other, "expectation");
  } else if (prev == "no") {
    add("flag", symbol_kind::other, "expectation");
  } else if (prev2 == "expect" && prev != "triage") {
    for (auto w : {"first", "rank", "in", "listed", "not"}) add(w, symbol_kind::other, "expectation");
  } else if (prev == "triage") {
    add("at", symbol_kind::other, "`at least` / `at most`");
    add_words(level_words, symbol_kind::level, "triage level");
  } else if (prev == "at" && prev2 == "triage") {
    for (auto w : {"least", "most"}) add(w, symbol_kind::other, "bound");
  } else if (prev == "level" || prev == "urgency" || prev == "overrides" || prev == "least" || prev == "most") {
    add_words(level_words, symbol_kind::level, "triage level");
  } else if (prev == "region" || (clause == "regions" && prev == ",")) {
    for (const auto& r : p.snap->regions) add(r, symbol_kind::region, "region");
  } else if (prev == "prior") {
    add_words(prior_words, symbol_kind::other, "prior class");
  } else if (decl == "finding" && before.size() == 1) {
    add_words(kind_words, symbol_kind::other, "finding kind");
  } else if (prev == "present" || prev == "absent" || (prev == "," && (clause == "present" || clause == "absent"))) {
    add_decls(symbol_kind::finding);
  } else if (prev == "values" || (prev == "," && clause == "values")) {
    add_decls(symbol_kind::value);
  } else if ((clause == "when" || clause == "unless") && (prev == "when" || prev == "unless" || prev == "and" || prev == "or" || prev == "not" || prev == "(" || prev == ",")) {
    add_decls(symbol_kind::finding);
    add_decls(symbol_kind::fact);
    add_decls(symbol_kind::value);
    if (prev != "not") add("not", symbol_kind::other, "negation");
    add("at", symbol_kind::other, "`at least N of (A, B)`");
  } else if (clause == "when") {
    for (auto w : {"and", "or", "unless", "then"}) add(w, symbol_kind::other, "keyword");
  } else if (clause == "unless") {
    for (auto w : {"and", "or", "then"}) add(w, symbol_kind::other, "keyword");
  }
  return {{"isIncomplete", false}, {"items", std::move(items)}};
}

// ----------------------------------------------------------------------------------------------------------------
// Symbols, folding, formatting

json server::document_symbols(const json& params) {
  place p = locate(ws_, params, false);
  json out = json::array();
  if (!p.file) return out;
  const ast::file* f = p.snap->syntax(*p.file);
  if (f == nullptr) return out;
  for (const auto& d : f->decls) {
    const auto span = decl_span(d), sel = decl_id_span(d);
    json sym = {{"name", std::string(decl_name(d))},
                {"kind", document_symbol_kind(kind_of(d))},
                {"range", p.lines().range(span.begin, std::max(span.end, sel.end))},
                {"selectionRange", p.lines().range(sel.begin, sel.end)}};
    const std::string label = label_of(d);
    if (!label.empty()) sym["detail"] = label;
    out.push_back(std::move(sym));
  }
  return out;
}

json server::workspace_symbols(const json& params) {
  auto s = ws_.current();
  json out = json::array();
  if (!s) return out;
  std::string query = text_field(params, "query");
  for (char& c : query) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const auto& f : s->load.files) {
    for (const auto& d : f.decls) {
      std::string name(decl_name(d)), label = label_of(d), hay = name + " " + label;
      for (char& c : hay) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (!query.empty() && hay.find(query) == std::string::npos) continue;
      out.push_back({{"name", name}, {"kind", document_symbol_kind(kind_of(d))}, {"containerName", label},
                     {"location", location_json(*s, decl_id_span(d))}});
      if (out.size() >= 1000) return out;
    }
  }
  return out;
}

json server::folding(const json& params) {
  place p = locate(ws_, params, false);
  json out = json::array();
  if (!p.file) return out;
  const ast::file* f = p.snap->syntax(*p.file);
  if (f == nullptr) return out;
  for (const auto& d : f->decls) {
    const auto span = decl_span(d);
    const auto a = p.lines().line_of(span.begin), b = p.lines().line_of(span.end);
    if (b > a) out.push_back({{"startLine", a}, {"endLine", b}, {"kind", "region"}});
  }
  return out;
}

json server::formatting(const json& params) {
  place p = locate(ws_, params, false);
  if (!p.file) return json::array();
  grammar::source_manager sources;
  const auto id = sources.add(p.snap->load.sources.file(*p.file).path(), std::string(p.text()));
  grammar::diagnostics diags;
  const auto tree = grammar::parse(sources, id, diags);
  if (diags.has_errors()) throw request_error{request_failed, "the file has syntax errors; it is formatted once they are fixed"};
  const std::string after = grammar::unparse(tree, sources.file(id));
  if (after == p.text()) return json::array();
  return json::array({{{"range", p.lines().range(0, static_cast<std::uint32_t>(p.text().size()))}, {"newText", after}}});
}

// ----------------------------------------------------------------------------------------------------------------
// Code actions and lenses

json server::code_actions(const json& params) {
  place p = locate(ws_, params, false);
  json out = json::array();
  if (!p.file) return out;
  const json range = params.value("range", json::object());
  const std::uint32_t first = p.lines().line_of(p.lines().offset(range.value("start", json::object())));
  const std::uint32_t last = p.lines().line_of(p.lines().offset(range.value("end", json::object())));
  const json diags = diagnostics_of(*p.snap, *p.file);
  std::size_t k = 0;
  for (const auto& d : p.snap->load.diags.all()) {
    if (d.span.file != *p.file) continue;
    const json& dj = diags[k++];
    const std::uint32_t a = p.lines().line_of(d.span.begin), b = p.lines().line_of(d.span.end);
    if (b < first || a > last) continue;
    bool preferred = true;
    for (const auto& f : d.fixes) {
      out.push_back({{"title", f.title},
                     {"kind", "quickfix"},
                     {"diagnostics", json::array({dj})},
                     {"isPreferred", preferred},
                     {"edit", {{"changes", {{p.uri, json::array({{{"range", p.lines().range(f.span.begin, f.span.end)}, {"newText", f.replacement}}})}}}}}});
      preferred = false;
    }
    if (d.level == grammar::severity::warning) {
      // `# ddx:allow CODE` at the end of the line (joined to an allow comment already there).
      const std::string_view line = p.text().substr(p.lines().line_start(a), p.lines().line_end(a) - p.lines().line_start(a));
      const auto allow = line.find("# ddx:allow");
      const std::uint32_t end = p.lines().line_end(a);
      const std::string text = allow != std::string_view::npos ? ", " + d.code : "  # ddx:allow " + d.code;
      out.push_back({{"title", fmt::format("Allow {} on this line (`# ddx:allow {}`)", d.code, d.code)},
                     {"kind", "quickfix"},
                     {"diagnostics", json::array({dj})},
                     {"edit", {{"changes", {{p.uri, json::array({{{"range", p.lines().range(end, end)}, {"newText", text}}})}}}}}});
    }
  }
  return out;
}

json server::code_lenses(const json& params) {
  place p = locate(ws_, params, false);
  json out = json::array();
  if (!p.file) return out;
  const ast::file* f = p.snap->syntax(*p.file);
  if (f == nullptr) return out;
  snapshot& s = *p.snap;
  for (const auto& d : f->decls) {
    const auto sel = decl_id_span(d);
    const json range = p.lines().range(sel.begin, sel.end);
    if (const auto* t = std::get_if<ast::test_decl>(&d)) {
      std::string title;
      if (!s.load.kb) {
        title = "test not run: the knowledge base has errors";
      } else {
        auto it = s.outcomes().find(std::string(t->id.name));
        if (it == s.outcomes().end()) {
          title = "test not run";
        } else {
          std::string top;
          const auto& diff = it->second.result.differential;
          for (std::size_t i = 0; i < diff.size() && i < 3; ++i)
            top += fmt::format("{}{} {:.0f}%", i ? ", " : "", diff[i].id, diff[i].score * 100);
          title = it->second.passed ? fmt::format("✓ passed · top: {}", top.empty() ? "(none)" : top)
                                    : fmt::format("✗ failed · top: {} · {}", top.empty() ? "(none)" : top,
                                                  it->second.failures.empty() ? "" : it->second.failures.front());
        }
      }
      out.push_back({{"range", range},
                     {"command", {{"title", title}, {"command", "ddx.runTest"}, {"arguments", json::array({p.uri, std::string(t->id.name)})}}}});
      std::string roots;
      for (const auto& r : ws_.roots()) roots += " --kb " + r;
      out.push_back({{"range", range},
                     {"command", {{"title", "rerun: " + options_.ddx_command + " test" + roots + " " + std::string(t->id.name)},
                                  {"command", "ddx.runTest"},
                                  {"arguments", json::array({p.uri, std::string(t->id.name)})}}}});
    } else if (std::holds_alternative<ast::condition_decl>(d)) {
      const std::string id(decl_name(d));
      auto n = [&](const auto& m) { auto it = m.find(id); return it == m.end() ? std::size_t{0} : it->second.size(); };
      out.push_back({{"range", range},
                     {"command", {{"title", fmt::format("{} rule{} for, {} against, {} test{}", n(s.supporters), n(s.supporters) == 1 ? "" : "s",
                                                        n(s.opposers), n(s.testers), n(s.testers) == 1 ? "" : "s")},
                                  {"command", ""}}}});
    }
  }
  return out;
}

json server::execute_command(const json& params, std::vector<json>& out) {
  const std::string command = text_field(params, "command");
  if (command != "ddx.runTest") throw request_error{invalid_params, "unknown command `" + command + "`"};
  const json args = params.value("arguments", json::array());
  if (!args.is_array() || args.size() < 2 || !args[1].is_string())
    throw request_error{invalid_params, "ddx.runTest takes the document's uri and the test's id"};
  auto s = ws_.current();
  if (!s || !s->load.kb) throw request_error{request_failed, "the knowledge base has errors; the test cannot run"};
  const std::string id = args[1];
  auto it = s->outcomes().find(id);
  if (it == s->outcomes().end()) throw request_error{request_failed, "no test `" + id + "` in the knowledge base"};
  const auto& o = it->second;
  json top = json::array();
  std::string summary;
  for (std::size_t i = 0; i < o.result.differential.size() && i < 3; ++i) {
    const auto& c = o.result.differential[i];
    top.push_back({{"id", c.id}, {"name", c.name}, {"score", std::round(c.score * 1000) / 1000}});
    summary += fmt::format("{}{} {:.0f}%", i ? ", " : "", c.id, c.score * 100);
  }
  std::string message = fmt::format("test {} {} (top: {})", id, o.passed ? "passed" : "failed", summary);
  for (const auto& f : o.failures) message += "\n" + f;
  out.push_back(notification("window/showMessage", {{"type", o.passed ? 3 : 2}, {"message", message}}));
  return {{"id", id}, {"passed", o.passed}, {"failures", o.failures}, {"top", std::move(top)}};
}

// ----------------------------------------------------------------------------------------------------------------

int run(std::istream& in, std::ostream& out, server_options options) {
  server s(std::move(options));
  for (;;) {
    frame f = read_frame(in);
    if (f.state == frame::status::eof) return s.exit_code() == 0 && s.exited() ? 0 : 1;
    if (f.state == frame::status::bad_header) {
      write_frame(out, error_response(nullptr, parse_error, f.error));
      continue;
    }
    for (const auto& m : s.handle(f.body)) write_frame(out, m);
    if (s.exited()) return s.exit_code();
  }
}

}  // namespace ddx::tools::lsp
