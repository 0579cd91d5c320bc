// tools/render/text.hpp: results and explanations as text for people in a terminal (ANSI colour optional).
#pragma once

#include <string>
#include <vector>

#include "engine/result.hpp"

namespace ddx::tools {

struct text_style {
  bool color = false;          ///< ANSI escape codes
  std::size_t max_evidence = 3;  ///< evidence lines shown per side of each condition
};

/// Which steps of a result's trace the text shows (`--trace`, `--trace-all`).
struct trace_view {
  bool all = false;         ///< every step; otherwise the fired ones and the not-fired ones of the top conditions
  std::size_t top = 3;      ///< how many leading conditions' not-fired rules are shown
};

/// The steps of `trace` that concern one condition: the rules for or against it, and the fired rules that derived a
/// fact those rules read (`ddx explain --trace`). Indices into `trace`, in order.
std::vector<std::size_t> trace_steps_for(const std::vector<engine::trace_step>& trace, const std::string& condition);

/// "stop and assess (red: stop running, get assessed within days)".
std::string triage_words(engine::triage_level level);

/// Triage first, then the ranked differential with its main evidence, next questions, the disclaimer last.
/// With `trace`, the trace (render_trace_text) comes before the disclaimer.
std::string render_result_text(const engine::diagnosis_result& r, const text_style& style = {},
                               const trace_view* trace = nullptr);

/// The forward-chaining trace as numbered lines (`ddx diagnose --trace --format text`): each rule evaluated, fired or
/// not, what it concluded (a fact derived, a flag raised, a likelihood ratio and the condition's score after it), and
/// for a rule that did not fire what stops it or what it waits for. Not-fired rules outside the top conditions are
/// counted, not shown, unless `view.all`.
std::string render_trace_text(const engine::diagnosis_result& r, const trace_view& view, const text_style& style = {});

/// Why one condition ranks where it does: each rule that could speak for or against it.
std::string render_explanation_text(const engine::explanation& e, const text_style& style = {});

/// The steps of `trace` that concern the explained condition (trace_steps_for), as numbered lines.
std::string render_explanation_trace_text(const engine::explanation& e, const std::vector<engine::trace_step>& trace,
                                          const text_style& style = {});

}  // namespace ddx::tools
