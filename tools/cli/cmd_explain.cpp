// tools/cli/cmd_explain.cpp: `ddx explain`: why a condition ranks where it does for a case, or why it is absent.
#include <iostream>

#include "grammar/suggest.hpp"
#include "tools/cli/common.hpp"
#include "tools/json/case_io.hpp"
#include "tools/json/json_util.hpp"
#include "tools/json/result_io.hpp"
#include "tools/render/text.hpp"

namespace ddx::tools::cli {
namespace {

struct explain_args {
  kb_options kb;
  std::string case_path;
  std::string condition;
  std::string format;
  bool trace = false;
};

std::vector<std::string> condition_ids(const engine::knowledge_base& kb) {
  std::vector<std::string> ids;
  for (const auto& e : kb.vocabulary())
    if (e.kind == "condition") ids.push_back(e.id);
  return ids;
}

int unknown_condition(const explain_args& a, const engine::knowledge_base& kb, const std::string& format) {
  case_issue i;
  i.code = "explain.unknown_condition";
  i.field = "condition";
  i.message = "unknown condition `" + a.condition + "`";
  i.suggestions = grammar::closest_names(a.condition, condition_ids(kb));
  if (format == "json") std::cout << dump_json(case_issues_json({i}), true) << "\n";
  else std::cerr << format_case_issues("ddx", {i});
  return exit_failure;
}

int run_explain(const explain_args& a) {
  const std::string format = default_format(a.format);
  auto loaded = load_kb(a.kb, format == "json");
  if (!loaded) return exit_failure;
  const auto& kb = *loaded->kb;
  const auto text = read_input(a.case_path);
  if (!text) return exit_failure;
  const auto read = read_case(*text, kb);
  if (!read.errors.empty()) {
    if (format == "json") std::cout << dump_json(case_issues_json(read.errors), true) << "\n";
    else std::cerr << format_case_issues(a.case_path == "-" ? "<stdin>" : a.case_path, read.errors);
    return exit_failure;
  }
  const auto explanation = kb.explain(*read.resolved, a.condition);
  if (!explanation) return unknown_condition(a, kb, format);
  std::vector<engine::trace_step> trace;
  if (a.trace) {
    engine::diagnose_options o;
    o.trace = true;
    o.next_questions = false;
    trace = kb.diagnose(*read.resolved, o).trace;
  }
  if (format == "json") {
    auto j = explanation_json(*explanation, read.resolved->id, kb.info());
    if (a.trace) {
      j["trace"] = nlohmann::ordered_json::array();
      for (auto i : trace_steps_for(trace, explanation->condition)) j["trace"].push_back(trace_step_json(trace[i]));
    }
    std::cout << dump_json(j, true) << "\n";
  } else {
    const text_style style{use_color()};
    std::cout << render_explanation_text(*explanation, style);
    if (a.trace) std::cout << render_explanation_trace_text(*explanation, trace, style);
  }
  return exit_ok;
}

}  // namespace

subcommand add_explain(CLI::App& parent) {
  auto args = std::make_shared<explain_args>();
  auto* app = parent.add_subcommand("explain", "why a condition ranks where it does for a case, or why it is absent");
  add_kb_option(*app, args->kb);
  app->add_option("case", args->case_path, "the case as JSON; - reads stdin")->required()->type_name("CASE.json");
  app->add_option("--condition", args->condition, "the condition id to explain")->required()->type_name("ID");
  add_format_option(*app, args->format, {"text", "json"});
  app->add_flag("--trace", args->trace,
                "add, in order, the rule evaluations that concern the condition: its rules, and the fired rules that "
                "derived a fact they read");
  return {app, [args] { return run_explain(*args); }};
}

}  // namespace ddx::tools::cli
