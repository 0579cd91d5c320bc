// tools/lsp/workspace.cpp: collecting the files, checking them as one knowledge base, indexing names.
#include "tools/lsp/workspace.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <variant>

namespace ddx::tools::lsp {
namespace fs = std::filesystem;
namespace ast = grammar::ast;

namespace {

struct indexer {
  snapshot& s;
  grammar::file_id file;

  void add(std::string_view name, symbol_kind k, grammar::source_span span, bool decl) {
    if (name.empty()) return;
    s.occurrences.push_back({std::string(name), k, span, decl});
  }
  void add(const ast::ident& id, symbol_kind k, bool decl = false) { add(id.name, k, id.span, decl); }
  void add(const std::optional<ast::ident>& id, symbol_kind k) {
    if (id) add(*id, k);
  }

  const ast::rule_decl* rule = nullptr;

  void expr(const ast::expr& e) {
    if ((e.k == ast::expr::kind::ref || e.k == ast::expr::kind::compare) && !e.name.name.empty()) {
      auto& v = s.readers[std::string(e.name.name)];
      if (v.empty() || v.back() != rule) v.push_back(rule);
    }
    if (e.k == ast::expr::kind::ref) add(e.name, e.name.name.find('.') != std::string_view::npos ? symbol_kind::finding : symbol_kind::fact);
    if (e.k == ast::expr::kind::compare) add(e.name, symbol_kind::value);
    for (const auto& c : e.children) expr(c);
  }

  void operator()(const ast::knowledge_base_decl& d) {
    for (const auto& r : d.regions) {
      add(r, symbol_kind::region, true);
      s.regions.emplace_back(r.name);
      s.declarations.emplace("region:" + std::string(r.name), decl_ref{file, nullptr});
    }
  }
  void operator()(const ast::finding_decl& d) { add(d.region, symbol_kind::region); }
  void operator()(const ast::value_decl&) {}
  void operator()(const ast::condition_decl& d) {
    add(d.region, symbol_kind::region);
    add(d.urgency, symbol_kind::level);
    add(d.urgency_high, symbol_kind::level);
  }
  void operator()(const ast::fact_decl&) {}
  void operator()(const ast::flag_decl& d) {
    add(d.level, symbol_kind::level);
    add(d.overrides, symbol_kind::level);
  }
  void operator()(const ast::rule_decl& d) {
    rule = &d;
    if (d.when) expr(*d.when);
    if (d.unless) expr(*d.unless);
    for (const auto& e : d.effects) {
      if (e.k == ast::effect::kind::support) s.supporters[std::string(e.target.name)].push_back(&d);
      if (e.k == ast::effect::kind::oppose) s.opposers[std::string(e.target.name)].push_back(&d);
      const symbol_kind k = e.k == ast::effect::kind::assert_fact  ? symbol_kind::fact
                            : e.k == ast::effect::kind::raise_flag ? symbol_kind::flag
                                                                   : symbol_kind::condition;
      add(e.target, k);
    }
  }
  void operator()(const ast::test_decl& d) {
    for (const auto& id : d.present) add(id, symbol_kind::finding);
    for (const auto& id : d.absent) add(id, symbol_kind::finding);
    for (const auto& v : d.values) add(v.id, symbol_kind::value);
    using K = ast::expectation::kind;
    for (const auto& x : d.expects) {
      auto& t = s.testers[std::string(x.target.name)];
      if (t.empty() || t.back() != &d) t.push_back(&d);
      if (x.k == K::flag_raised || x.k == K::flag_not_raised) add(x.target, symbol_kind::flag);
      else if (x.k == K::triage_is || x.k == K::triage_at_least || x.k == K::triage_at_most) add(x.target, symbol_kind::level);
      else add(x.target, symbol_kind::condition);
    }
  }
};

const ast::ident* decl_id(const ast::declaration& d) {
  return std::visit(
      [](const auto& x) -> const ast::ident* {
        if constexpr (requires { x.id; }) return &x.id;
        else return nullptr;
      },
      d);
}

std::optional<std::string> read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

symbol_kind kind_of(const ast::declaration& d) {
  switch (d.index()) {
    case 1: return symbol_kind::finding;
    case 2: return symbol_kind::value;
    case 3: return symbol_kind::condition;
    case 4: return symbol_kind::fact;
    case 5: return symbol_kind::flag;
    case 6: return symbol_kind::rule;
    case 7: return symbol_kind::test;
    default: return symbol_kind::other;
  }
}

const char* kind_word(symbol_kind k) {
  switch (k) {
    case symbol_kind::finding: return "finding";
    case symbol_kind::value: return "value";
    case symbol_kind::condition: return "condition";
    case symbol_kind::fact: return "fact";
    case symbol_kind::flag: return "flag";
    case symbol_kind::rule: return "rule";
    case symbol_kind::test: return "test";
    case symbol_kind::region: return "region";
    case symbol_kind::level: return "triage level";
    default: return "name";
  }
}

const std::string* workspace::open_text(const std::string& path) const {
  auto it = open_.find(path);
  return it == open_.end() ? nullptr : &it->second;
}

std::shared_ptr<snapshot> workspace::recheck() {
  // Every *.ddx below the roots, in sorted order (as `--kb` reads them), then open buffers outside the roots.
  std::vector<std::string> paths;
  for (const auto& root : roots_) {
    std::error_code ec;
    if (fs::is_directory(root, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        std::error_code ec2;
        if (it->path().extension() == ".ddx" && it->is_regular_file(ec2)) found.push_back(it->path().lexically_normal().string());
      }
      std::sort(found.begin(), found.end());
      paths.insert(paths.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(root, ec)) {
      paths.push_back(fs::path(root).lexically_normal().string());
    }
  }
  for (const auto& [path, text] : open_)
    if (std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(path);

  std::vector<std::pair<std::string, std::string>> texts;
  texts.reserve(paths.size());
  std::map<std::string, cached_file> still_on_disk;
  for (const auto& path : paths) {
    if (const auto* t = open_text(path)) {
      texts.emplace_back(path, *t);
      continue;
    }
    std::error_code ec;
    const auto mtime = fs::last_write_time(path, ec);
    const auto size = ec ? 0 : fs::file_size(path, ec);
    if (ec) continue;  // deleted since the listing
    auto it = disk_.find(path);
    if (it == disk_.end() || it->second.mtime != mtime || it->second.size != size) {
      auto text = read_whole(path);
      if (!text) continue;
      still_on_disk[path] = {mtime, size, std::move(*text)};
    } else {
      still_on_disk[path] = std::move(it->second);
    }
    texts.emplace_back(path, still_on_disk[path].text);
  }
  disk_ = std::move(still_on_disk);

  auto s = std::make_shared<snapshot>();
  engine::load_options options;
  options.keep_syntax_trees = true;
  s->load = engine::load_texts(texts, options);
  for (grammar::file_id id = 0; id < s->load.sources.size(); ++id) {
    s->file_of_path[s->load.sources.file(id).path()] = id;
    s->lines.push_back(std::make_unique<line_index>(s->load.sources.file(id).text()));
  }
  for (const auto& f : s->load.files) {
    indexer ix{*s, f.id};
    for (const auto& d : f.decls) {
      if (const auto* id = decl_id(d)) {
        ix.add(*id, kind_of(d), true);
        s->declarations.emplace(std::string(id->name), decl_ref{f.id, &d});
      }
      std::visit(ix, d);
    }
  }
  std::sort(s->occurrences.begin(), s->occurrences.end(), [](const occurrence& a, const occurrence& b) {
    return std::tie(a.span.file, a.span.begin) < std::tie(b.span.file, b.span.begin);
  });
  current_ = s;
  return s;
}

const occurrence* snapshot::at(grammar::file_id file, std::uint32_t offset) const {
  auto it = std::upper_bound(occurrences.begin(), occurrences.end(), std::pair{file, offset},
                             [](const std::pair<grammar::file_id, std::uint32_t>& key, const occurrence& o) {
                               return std::tie(key.first, key.second) < std::tie(o.span.file, o.span.begin);
                             });
  if (it == occurrences.begin()) return nullptr;
  --it;
  return it->span.file == file && offset >= it->span.begin && offset <= it->span.end ? &*it : nullptr;
}

const ast::file* snapshot::syntax(grammar::file_id file) const {
  for (const auto& f : load.files)
    if (f.id == file) return &f;
  return nullptr;
}

const std::map<std::string, engine::test_outcome>& snapshot::outcomes() {
  if (!outcomes_) {
    outcomes_.emplace();
    if (load.kb) {
      for (auto& o : load.kb->run_tests()) {
        std::string id = o.id;
        outcomes_->emplace(std::move(id), std::move(o));
      }
    }
  }
  return *outcomes_;
}

}  // namespace ddx::tools::lsp
