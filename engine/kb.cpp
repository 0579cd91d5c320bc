// engine/kb.cpp: the driver (read -> parse -> check -> compile) and the knowledge_base query methods.
#include "engine/kb.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <exception>
#include <fstream>
#include <system_error>
#include <thread>

#include "engine/check/check.hpp"
#include "engine/compile/compile.hpp"
#include "engine/explain/explain.hpp"
#include "engine/infer/chain.hpp"
#include "engine/rank/diagnosis.hpp"
#include "engine/rank/score.hpp"
#include "engine/testing/run_tests.hpp"
#include "grammar/huge_pages.hpp"
#include "grammar/parser.hpp"

namespace ddx::engine {
namespace {

namespace fs = std::filesystem;

/// "sha256:<hex>" over every file sorted by path: path, NUL, text, NUL.
std::string digest_of(const grammar::source_manager& sources) {
  std::vector<const grammar::source_file*> files;
  for (grammar::file_id i = 0; i < sources.size(); ++i) files.push_back(&sources.file(i));
  std::sort(files.begin(), files.end(), [](auto* a, auto* b) { return a->path() < b->path(); });
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  const char nul = '\0';
  for (const auto* f : files) {
    EVP_DigestUpdate(ctx, f->path().data(), f->path().size());
    EVP_DigestUpdate(ctx, &nul, 1);
    EVP_DigestUpdate(ctx, f->text().data(), f->text().size());
    EVP_DigestUpdate(ctx, &nul, 1);
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  std::string out = "sha256:";
  for (unsigned int i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

/// The whole stream into `text`: one sized read for a regular file (size from seeking to the end), chunks for
/// anything that cannot seek (a pipe). False on a read error.
bool read_all(std::ifstream& in, std::string& text) {
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size >= 0) {
    in.seekg(0, std::ios::beg);
    text.reserve(static_cast<std::size_t>(size));
    grammar::advise_huge_pages(text.data(), text.capacity(), grammar::will_write::all);  // before resize writes
    text.resize(static_cast<std::size_t>(size));
    in.read(text.data(), size);
    return !in.bad() && in.gcount() == size;
  }
  in.clear();
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) text.append(chunk, static_cast<std::size_t>(in.gcount()));
  return !in.bad();
}

/// Reads paths into a load_result; unreadable ones become E001 at a placeholder (empty) source named after
/// them, so the message has a location, and are left out of parsing.
struct reader {
  load_result& r;
  std::vector<grammar::file_id> skip;

  void unreadable(const std::string& path, const std::string& reason) {
    const auto id = r.sources.add(path, "");
    skip.push_back(id);
    r.diags.error("E001", {id, 0, 0}, fmt::format("cannot read `{}`: {}", path, reason), "check the path and its permissions");
  }

  /// `name` is what diagnostics, rule locations and the digest call the file (defaults to `path`).
  void add_file(const std::string& path, const std::string& name = {}) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::string reason = std::strerror(errno);
      if (!reason.empty()) reason[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(reason[0])));
      return unreadable(path, reason);
    }
    std::string text;
    if (!read_all(in, text)) return unreadable(path, "read failed");
    r.sources.add(name.empty() ? path : name, std::move(text));
  }

  void add_path(const std::string& path) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return add_file(path);
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec))
      if (it->is_regular_file(ec) && it->path().extension() == ".ddx") found.push_back(it->path().string());
    if (ec) unreadable(path, ec.message());
    std::sort(found.begin(), found.end());
    // Files found under a directory are named `<directory name>/<path below it>` (`kb/knee.ddx`), whatever
    // the directory was called on the command line, so rule locations read the same everywhere and the
    // digest of a knowledge base does not depend on where it was checked out.
    fs::path root = fs::path(path).lexically_normal();
    if (root.filename().empty()) root = root.parent_path();
    std::string prefix = root.filename().string();
    if (prefix == "." || prefix == "..") prefix.clear();
    for (const auto& f : found) {
      const std::string below = fs::path(f).lexically_relative(path).generic_string();
      add_file(f, prefix.empty() ? below : prefix + "/" + below);
    }
  }
};

bool skipped(const std::vector<grammar::file_id>& skip, grammar::file_id i) {
  return std::find(skip.begin(), skip.end(), i) != skip.end();
}

/// Bytes [begin, end) of a file.
struct piece {
  grammar::file_id file;
  std::size_t begin, end;
};

/// How many declarations of each kind `pieces` seem to hold (grammar::count_declaration_lines): an estimate to
/// reserve from. A declaration takes 32 bytes or more (well, nearly), so a file of broken one-word lines cannot make
/// the checker reserve far more than it could ever hold.
grammar::declaration_counts expected_declarations(const grammar::source_manager& sources, const std::vector<piece>& pieces) {
  grammar::declaration_counts expected{};
  for (const piece& p : pieces) {
    const std::string_view text = std::string_view(sources.file(p.file).text()).substr(p.begin, p.end - p.begin);
    const auto counts = grammar::count_declaration_lines(text);
    for (std::size_t k = 0; k < counts.size(); ++k) expected[k] += std::min(counts[k], text.size() / 32 + 1);
  }
  return expected;
}

/// The readable files in two runs, in order, the first with about `first_share` of their bytes: a file across that
/// point is cut at the first line that starts a declaration from there on (grammar::declaration_line_from), or else
/// after it. Empty when there are fewer than `min_bytes` in all or nothing to put in the second run.
std::optional<std::pair<std::vector<piece>, std::vector<piece>>> two_parts(const grammar::source_manager& sources,
                                                                       const std::vector<grammar::file_id>& skip,
                                                                       std::size_t min_bytes, double first_share) {
  std::size_t total = 0;
  for (grammar::file_id i = 0; i < sources.size(); ++i)
    if (!skipped(skip, i)) total += sources.file(i).text().size();
  if (total < min_bytes || total < 2) return std::nullopt;
  const auto first_bytes = static_cast<std::size_t>(static_cast<double>(total) * first_share);
  std::pair<std::vector<piece>, std::vector<piece>> out;
  std::size_t before = 0;  // bytes of the readable files before file i
  bool cut_done = false;
  for (grammar::file_id i = 0; i < sources.size(); ++i) {
    if (skipped(skip, i)) continue;
    const std::string& text = sources.file(i).text();
    if (cut_done) {
      out.second.push_back({i, 0, text.size()});
    } else if (before + text.size() <= first_bytes) {
      out.first.push_back({i, 0, text.size()});
    } else {  // the cut is in this file
      std::size_t cut = grammar::declaration_line_from(text, first_bytes - before);
      if (cut == std::string_view::npos) cut = text.size();
      if (cut > 0) out.first.push_back({i, 0, cut});
      if (cut < text.size()) out.second.push_back({i, cut, text.size()});
      cut_done = true;
    }
    before += text.size();
  }
  if (out.second.empty()) return std::nullopt;
  return out;
}

/// parse_and_check with the later part of the files parsed on a second thread (load_options::
/// parse_on_two_threads_from). Nothing (and no change to `r`) when the files are too small to cut, a thread cannot be
/// started, or either part has a syntax error: a broken declaration next to the cut could be reported differently
/// from a whole-file parse, so such files are parsed again whole.
std::optional<std::optional<model>> parse_and_check_on_two_threads(load_result& r, const load_options& options,
                                                              const std::vector<grammar::file_id>& skip) {
  // The first part's declarations are declared as they come (their names interned: a random slot of a large table
  // each), the second's only parsed and turned into model rules until checker::absorb interns their names after
  // the join; so a byte of the first part costs the main thread about twice what a byte of the second costs the
  // other (0.14 s against 0.07 s for equal halves of the DXplain-scale benchmark file), and 2/5 evens them out.
  constexpr double first_share = 0.4;
  const auto cut = two_parts(r.sources, skip, options.parse_on_two_threads_from, first_share);
  if (!cut) return std::nullopt;
  const std::vector<piece>& first = cut->first;
  const std::vector<piece>& second = cut->second;
  const auto expected_first = expected_declarations(r.sources, first);
  const auto expected_second = expected_declarations(r.sources, second);
  auto expected_all = expected_first;
  for (std::size_t k = 0; k < expected_all.size(); ++k) expected_all[k] += expected_second[k];
  constexpr std::size_t rule_kind = grammar::declaration_index<grammar::ast::rule_decl>();
  check::checker checker(r.sources, r.diags);
  checker.reserve(expected_all, expected_first[rule_kind]);  // every rule and name here; the later rules' parts there
  check::later_declarations later(r.sources);
  later.reserve(expected_second);
  grammar::diagnostics first_syntax, second_syntax;
  std::exception_ptr failed;
  {
    std::jthread other;
    try {
      other = std::jthread([&] {
        try {
          for (const piece& p : second)
            grammar::parse_each(
                r.sources, p.file, p.begin, p.end, second_syntax,
                [&](grammar::ast::declaration&& d) { later.add(std::move(d)); },
                [&](const grammar::ast::rule_decl& d) { later.add_rule(d); });
        } catch (...) {
          failed = std::current_exception();
        }
      });
    } catch (const std::system_error&) {
      return std::nullopt;  // no second thread: one thread it is
    }
    for (const piece& p : first)
      grammar::parse_each(
          r.sources, p.file, p.begin, p.end, first_syntax, [&](grammar::ast::declaration&& d) { checker.add(std::move(d)); },
          [&](const grammar::ast::rule_decl& d) { checker.add_rule(d); },
          [&](std::string_view rule_id) { checker.expect_rule(rule_id); });
  }  // joins the second thread
  if (failed) std::rethrow_exception(failed);
  if (first_syntax.has_errors() || second_syntax.has_errors()) return std::nullopt;
  for (const auto* syntax : {&first_syntax, &second_syntax})
    for (const auto& d : syntax->all()) r.diags.report(d);
  checker.absorb(std::move(later));
  r.parse_threads = 2;
  return checker.finish(options.lints);
}

/// Parses each readable file and checks its declarations as they are parsed: the checker keeps what it needs of
/// each, so a large knowledge base is never held as one syntax tree (unless the caller asks for the trees).
std::optional<model> parse_and_check(load_result& r, const load_options& options, const std::vector<grammar::file_id>& skip) {
  if (!options.keep_syntax_trees)
    if (auto done = parse_and_check_on_two_threads(r, options, skip)) return std::move(*done);
  check::checker checker(r.sources, r.diags);
  std::vector<piece> all;
  for (grammar::file_id i = 0; i < r.sources.size(); ++i) all.push_back({i, 0, r.sources.file(i).text().size()});
  checker.reserve(expected_declarations(r.sources, all));
  for (grammar::file_id i = 0; i < r.sources.size(); ++i) {
    if (skipped(skip, i)) continue;
    if (options.keep_syntax_trees) {
      r.files.push_back(grammar::parse(r.sources, i, r.diags));
    } else {
      grammar::parse_each(
          r.sources, i, r.diags, [&](grammar::ast::declaration&& d) { checker.add(std::move(d)); },
          [&](const grammar::ast::rule_decl& d) { checker.add_rule(d); },
          [&](std::string_view rule_id) { checker.expect_rule(rule_id); });
    }
  }
  for (const auto& f : r.files)  // kept trees: r.files is complete, so the declarations stay where they are
    for (const auto& d : f.decls) checker.add(d);
  // Syntax errors stop here (finish() checks nothing more): a declaration that failed to parse would only
  // cascade into unknown-name errors.
  return checker.finish(options.lints);
}

void finish(load_result& r, const load_options& options, const std::vector<grammar::file_id>& skip) {
  if (auto m = parse_and_check(r, options, skip)) {  // a model only when no error was reported
    kb_info info{m->name, m->version, digest_of(r.sources)};
    r.kb.emplace(compile(std::move(*m), r.sources, std::move(info)));
  }
  r.diags.apply_suppressions(r.sources);
  r.diags.sort_and_dedup(r.sources);
}

}  // namespace

load_result load(const std::vector<std::string>& paths, const load_options& options) {
  // Buffers the load writes whole (the file text, the model's rules, the name table, the compiled arrays) have
  // their fresh pages faulted in on a second core meanwhile (grammar/huge_pages.hpp).
  const grammar::background_page_filler filler;
  load_result r;
  reader in{r, {}};
  for (const auto& p : paths) in.add_path(p);
  finish(r, options, in.skip);
  return r;
}

load_result load_texts(const std::vector<std::pair<std::string, std::string>>& files, const load_options& options) {
  load_result r;
  for (const auto& [path, text] : files) r.sources.add(path, text);
  finish(r, options, {});
  return r;
}

knowledge_base::knowledge_base(std::shared_ptr<const compiled_kb> impl) : impl_(std::move(impl)) {}

const kb_info& knowledge_base::info() const { return impl_->info; }
const std::string& knowledge_base::disclaimer() const { return impl_->m.disclaimer; }

void knowledge_base::rank(const resolved_case& c, inference_scratch& scratch, raw_ranking& out,
                          std::optional<std::size_t> top) const {
  detail::rank_case(*impl_, c, scratch.state(), top, out);
}

diagnosis_result knowledge_base::diagnose(const resolved_case& c, const diagnose_options& options) const {
  detail::scratch_lease s(*impl_);
  raw_ranking raw;
  return detail::diagnose_case(*impl_, c, options, *s, raw);
}

std::optional<explanation> knowledge_base::explain(const resolved_case& c, std::string_view condition_id) const {
  const auto ref = impl_->m.names.find(condition_id);
  if (!ref || ref->kind != node_kind::condition) return std::nullopt;
  detail::scratch_lease s(*impl_);
  return detail::explain_condition(*impl_, c, ref->index, *s);
}

std::vector<test_outcome> knowledge_base::run_tests(std::string_view filter, coverage_report* coverage) const {
  return detail::run_tests(*impl_, filter, coverage);
}

std::size_t knowledge_base::condition_count() const { return impl_->m.conditions.size(); }
const std::string& knowledge_base::condition_id(std::uint32_t condition) const { return impl_->m.conditions.at(condition).id; }
std::size_t knowledge_base::finding_count() const { return impl_->m.findings.size(); }
const std::string& knowledge_base::finding_id(std::uint32_t finding) const { return impl_->m.findings.at(finding).id; }
std::size_t knowledge_base::rule_count() const { return impl_->rules.size(); }
std::string knowledge_base::rule_location(std::uint32_t rule) const { return impl_->rule_location(rule); }

std::optional<std::uint32_t> knowledge_base::finding_index(std::string_view id) const {
  const auto ref = impl_->finding_names.find(id);
  if (!ref) return std::nullopt;
  return ref->index;
}

std::optional<std::uint32_t> knowledge_base::value_index(std::string_view id) const {
  const auto ref = impl_->m.names.find(id);
  if (!ref || ref->kind != node_kind::value) return std::nullopt;
  return ref->index;
}

}  // namespace ddx::engine
