// tools/cli/cmd_graph.cpp: `ddx graph`: the rule network as Graphviz DOT; with a case, the fired part is marked.
#include <iostream>

#include "tools/cli/common.hpp"
#include "grammar/suggest.hpp"
#include "tools/json/case_io.hpp"
#include "tools/render/dot.hpp"

namespace ddx::tools::cli {
namespace {

struct graph_args {
  kb_options kb;
  std::string case_path;
  std::string format = "dot";
  dot_scope scope;
};

int run_graph(const graph_args& a) {
  auto loaded = load_kb(a.kb, false);
  if (!loaded) return exit_failure;
  const auto& kb = *loaded->kb;
  if (!a.scope.condition.empty() && !scope_mask(kb, {}, a.scope)) {
    std::vector<std::string> ids;
    for (const auto& v : kb.vocabulary())
      if (v.kind == "condition") ids.push_back(v.id);
    case_issue i{"explain.unknown_condition", "unknown condition `" + a.scope.condition + "`", "condition",
                 grammar::closest_names(a.scope.condition, ids), {}, {}};
    std::cerr << format_case_issues("ddx", {i});
    return exit_failure;
  }
  if (a.case_path.empty()) {
    std::cout << render_dot(kb, {}, a.scope);
    return exit_ok;
  }
  const auto text = read_input(a.case_path);
  if (!text) return exit_failure;
  const auto read = read_case(*text, kb);
  if (!read.errors.empty()) {
    std::cerr << format_case_issues(a.case_path == "-" ? "<stdin>" : a.case_path, read.errors);
    return exit_failure;
  }
  engine::diagnose_options options;
  options.trace = true;
  options.next_questions = false;
  const auto result = kb.diagnose(*read.resolved, options);
  std::cout << render_dot(kb, dot_marks{&read.input, &result}, a.scope);
  return exit_ok;
}

}  // namespace

subcommand add_graph(CLI::App& parent) {
  auto args = std::make_shared<graph_args>();
  auto* app = parent.add_subcommand("graph", "the rule network as Graphviz DOT; with a case, the fired part is marked");
  add_kb_option(*app, args->kb);
  app->add_option("case", args->case_path, "mark what this case fired; - reads stdin")->type_name("CASE.json");
  app->add_option("--condition", args->scope.condition, "only the part of the network that can reach this condition")
      ->type_name("ID");
  app->add_flag("--fired-only", args->scope.fired_only, "only the rules the case fired, with their inputs and targets");
  add_format_option(*app, args->format, {"dot"});
  return {app, [args, app] {
            if (args->scope.fired_only && args->case_path.empty())  // bad usage, checked before anything is loaded
              return usage_error(*app, "--fired-only needs a case: what fired is a case's");
            return run_graph(*args);
          }};
}

}  // namespace ddx::tools::cli
