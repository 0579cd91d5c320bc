// tools/render/text.hpp: results and explanations as text for people in a terminal (ANSI colour optional).
#pragma once

#include <string>

#include "engine/result.hpp"

namespace ddx::tools {

struct text_style {
  bool color = false;          ///< ANSI escape codes
  std::size_t max_evidence = 3;  ///< evidence lines shown per side of each condition
};

/// "stop and assess (red: stop running, get assessed within days)".
std::string triage_words(engine::triage_level level);

/// Triage first, then the ranked differential with its main evidence, next questions, the disclaimer last.
std::string render_result_text(const engine::diagnosis_result& r, const text_style& style = {});

/// Why one condition ranks where it does: each rule that could speak for or against it.
std::string render_explanation_text(const engine::explanation& e, const text_style& style = {});

}  // namespace ddx::tools
