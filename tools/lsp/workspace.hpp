// tools/lsp/workspace.hpp: the knowledge base as an editor sees it: every *.ddx under the roots, with the open
// buffers' unsaved text in place of the files on disk, parsed and checked as one knowledge base after each change,
// and an index of every name's declaration and uses for the editor's questions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/kb.hpp"
#include "tools/lsp/text.hpp"

namespace ddx::tools::lsp {

/// What a name is; regions have their own namespace.
enum class symbol_kind { finding, value, condition, fact, flag, rule, test, region, level, other };

/// One written occurrence of a name: its declaration or a use.
struct occurrence {
  std::string name;
  symbol_kind kind = symbol_kind::other;
  grammar::source_span span;
  bool declaration = false;
};

/// Where a declaration is: its file, the declaration's AST node and its index among the file's declarations.
struct decl_ref {
  grammar::file_id file = 0;
  const grammar::ast::declaration* decl = nullptr;
};

/// One check of the whole knowledge base: the load (sources, diagnostics, syntax trees, compiled kb when clean) and
/// the name index built from the syntax trees.
struct snapshot {
  engine::load_result load;
  std::map<std::string, grammar::file_id> file_of_path;
  std::vector<std::unique_ptr<line_index>> lines;  ///< one per file id
  std::vector<occurrence> occurrences;             ///< sorted by (file, begin)
  std::map<std::string, decl_ref> declarations;    ///< name -> first declaration ("region:" prefix for regions)
  std::vector<std::string> regions;
  /// Who uses a name: rules whose `when` reads it, rules for / against a condition, tests that set or expect it.
  std::map<std::string, std::vector<const grammar::ast::rule_decl*>> readers, supporters, opposers;
  std::map<std::string, std::vector<const grammar::ast::test_decl*>> testers;
  /// Test outcomes by test id, run on demand (empty when the knowledge base has errors).
  const std::map<std::string, engine::test_outcome>& outcomes();

  const occurrence* at(grammar::file_id file, std::uint32_t offset) const;
  const grammar::ast::file* syntax(grammar::file_id file) const;

 private:
  std::optional<std::map<std::string, engine::test_outcome>> outcomes_;
};

symbol_kind kind_of(const grammar::ast::declaration& d);
const char* kind_word(symbol_kind k);

/// The files of a workspace and the latest snapshot.
class workspace {
 public:
  /// `roots`: directories (every *.ddx below each) or files, as `--kb` takes them.
  void set_roots(std::vector<std::string> roots) { roots_ = std::move(roots); }
  const std::vector<std::string>& roots() const { return roots_; }

  void open(const std::string& path, std::string text) { open_[path] = std::move(text); }
  void change(const std::string& path, std::string text) { open_[path] = std::move(text); }
  void close(const std::string& path) { open_.erase(path); }
  bool is_open(const std::string& path) const { return open_.count(path) > 0; }
  const std::string* open_text(const std::string& path) const;

  /// Re-reads the roots (files deleted or added on disk are noticed here; unchanged files come from a cache) and
  /// checks everything again.
  std::shared_ptr<snapshot> recheck();
  std::shared_ptr<snapshot> current() const { return current_; }

 private:
  struct cached_file {
    std::filesystem::file_time_type mtime;
    std::uintmax_t size = 0;
    std::string text;
  };
  std::vector<std::string> roots_;
  std::map<std::string, std::string> open_;
  std::map<std::string, cached_file> disk_;
  std::shared_ptr<snapshot> current_;
};

}  // namespace ddx::tools::lsp
