// tools/cli/cmd_vocab.cpp: `ddx vocab`: every finding, value, condition, fact and flag the knowledge base declares.
#include <iostream>

#include <fmt/format.h>

#include "tools/cli/common.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"

namespace ddx::tools::cli {
namespace {

struct vocab_args {
  kb_options kb;
  std::string format = "tsv";
};

/// Tabs and line breaks would break a TSV row; labels never need them.
std::string cell(const std::string& s) {
  std::string out = s;
  for (auto& c : out)
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  return out;
}

std::string bound(const std::optional<double>& x) { return x ? format_plain(*x) : ""; }

int run_vocab(const vocab_args& a) {
  auto loaded = load_kb(a.kb, a.format == "json");
  if (!loaded) return exit_failure;
  const auto entries = loaded->kb->vocabulary();
  if (a.format == "json") {
    std::cout << dump_json(vocabulary_json(entries), true) << "\n";
    return exit_ok;
  }
  std::cout << "id\tkind\tlabel\tregion\tunit\tlow\thigh\n";
  for (const auto& e : entries)
    std::cout << fmt::format("{}\t{}\t{}\t{}\t{}\t{}\t{}\n", e.id, e.kind, cell(e.label), e.region, cell(e.unit),
                             bound(e.low), bound(e.high));
  return exit_ok;
}

}  // namespace

subcommand add_vocab(CLI::App& parent) {
  auto args = std::make_shared<vocab_args>();
  auto* app = parent.add_subcommand("vocab", "list every finding, value, condition, fact and flag with kind and label");
  add_kb_option(*app, args->kb);
  add_format_option(*app, args->format, {"tsv", "json"});
  return {app, [args] { return run_vocab(*args); }};
}

}  // namespace ddx::tools::cli
