// engine/load/load.cpp: the driver: read the sources, parse and check them, compile the model; diagnostics sorted.
#include "engine/compile/compile.hpp"
#include "engine/kb.hpp"
#include "engine/load/digest.hpp"
#include "engine/load/parse_check.hpp"
#include "engine/load/read.hpp"
#include "grammar/huge_pages.hpp"

namespace ddx::engine {
namespace {

void finish(load_result& r, const load_options& options, const std::vector<grammar::file_id>& unreadable) {
  if (auto m = detail::parse_and_check(r, options, unreadable)) {  // a model only when no error was reported
    kb_info info{m->name, m->version, detail::digest_of(r.sources)};
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
  detail::source_reader in{r.sources, r.diags, {}};
  for (const auto& p : paths) in.add_path(p);
  finish(r, options, in.unreadable);
  return r;
}

load_result load_texts(const std::vector<std::pair<std::string, std::string>>& files, const load_options& options) {
  load_result r;
  for (const auto& [path, text] : files) r.sources.add(path, text);
  finish(r, options, {});
  return r;
}

}  // namespace ddx::engine
