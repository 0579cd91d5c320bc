// tools/bench/stages.cpp: where a load's time goes: read, parse with each declaration declared as it is parsed, each
// later check pass, compile (one child, one scale).
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "engine/check/check.hpp"
#include "engine/compile/compile.hpp"
#include "engine/compile/network.hpp"
#include "grammar/parser.hpp"
#include "support/huge_pages.hpp"
#include "support/page_filler.hpp"
#include "support/read_file.hpp"
#include "tools/bench/children.hpp"
#include "tools/bench/common.hpp"

namespace ddx::tools::bench {

int run_stages_child(const child_options& options) {
  using clock_type = std::chrono::steady_clock;
  const support::background_page_filler filler;  // as engine::load does
  auto lap = clock_type::now();
  result_map out;
  const auto mark = [&](const std::string& name) {
    const auto now = clock_type::now();
    out[name] = std::to_string(std::chrono::duration<double>(now - lap).count());
    out["peak_mb_after_" + name.substr(0, name.size() - 2)] = std::to_string(peak_rss_kb() / 1024);
    lap = now;
  };
  grammar::source_manager sources;
  grammar::diagnostics diags;
  std::string text, error;
  if (!support::read_file(options.dir + "/kb.ddx", text, error)) {  // as engine::load reads it
    std::fprintf(stderr, "error: cannot read `%s/kb.ddx`: %s\n", options.dir.c_str(), error.c_str());
    return 1;
  }
  const auto id = sources.add(options.dir + "/kb.ddx", std::move(text));
  mark("read_s");
  engine::check::context cx(sources, diags);
  engine::check::reserve(cx, grammar::count_declaration_lines(sources.file(id).text()));
  grammar::parse_each(
      sources, id, diags, [&](grammar::ast::declaration&& d) { engine::check::declare(cx, std::move(d)); },
      [&](const grammar::ast::rule_decl& d) { engine::check::declare_rule(cx, d); },
      [&](std::string_view rule_id) { cx.m.names.prefetch(rule_id); });  // as engine::load's checker does
  mark("parse_and_declare_s");
  for (const auto& p : engine::check::semantic_passes()) {
    p.run(cx);
    mark(std::string("check_") + p.name + "_s");
  }
  if (diags.has_errors()) return 1;
  auto kb = engine::compile(std::move(cx.m), sources, {});
  mark("compile_s");
  std::printf("%s\n", format_result(out).c_str());
  return 0;
}

int run_fresh_memory_child(const child_options&) {
  constexpr std::size_t bytes = std::size_t{200} << 20;
  result_map out;
  for (const bool advised : {false, true}) {
    std::unique_ptr<char[]> buffer(new char[bytes]);  // default-initialised: no page is touched yet
    if (advised) support::advise_huge_pages(buffer.get(), bytes);
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < bytes; i += 4096) buffer[i] = 1;  // one write a page: the cost is the fault
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    out[advised ? "huge_pages_s" : "plain_pages_s"] = std::to_string(s);
    volatile char sink = buffer[bytes - 4096];  // keep the writes
    (void)sink;
  }
  std::printf("%s\n", format_result(out).c_str());
  return 0;
}

}  // namespace ddx::tools::bench
