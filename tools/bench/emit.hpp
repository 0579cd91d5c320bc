// tools/bench/emit.hpp: writes a synthetic knowledge base as ddx rule text, as CLIPS programs, and its cases.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/bench/synth.hpp"

namespace ddx::tools::bench {

/// The whole knowledge base as one `.ddx` file.
std::string emit_ddx(const synth_kb& kb);

/// One case a line: `id truth | present ids | absent ids`.
std::string emit_cases(const synth_kb& kb);

/// The CLIPS encodings compared in docs/performance.md.
enum class clips_encoding {
  finding_globals,  ///< one rule per finding (all its single-finding effects), weights added into globals
  rule_globals,     ///< one CLIPS rule per ddx rule, weights added into globals
  evidence_facts,   ///< one CLIPS rule per ddx rule asserting evidence facts, summed into score facts
};
const std::vector<clips_encoding>& all_encodings();
const char* encoding_name(clips_encoding encoding);

/// A CLIPS 6.30 program: loading it defines everything; each case is `(reset)`, asserting `(p F)` for
/// present and `(a F)` for absent findings, `(run)`. The last rule to fire prints to the `ddx` router one
/// line: `top <c> <log_score> ... flags <fl> ...` (top 10, ties by condition id; raised flags by id).
std::string emit_clips(const synth_kb& kb, clips_encoding encoding);

/// The CLIPS code every program shares: the top-10 insertion (`cand`) and the last rule, which ranks and prints.
const char* clips_top10_code();
const char* clips_rank_rule_code();

}  // namespace ddx::tools::bench

namespace ddx::engine {
struct compiled_kb;
}

namespace ddx::tools::bench {

/// Any compiled ddx knowledge base (the whole language) as a CLIPS program with the same output line; cases
/// assert `(p F)`, `(a F)` and `(v V number)`. Throws std::runtime_error when a `when` would need more than
/// 4,096 CLIPS rules. In tools/bench/emit_clips_model.cpp (part of ddx_bench, which links the engine).
std::string emit_clips_model(const engine::compiled_kb& kb);

}  // namespace ddx::tools::bench

namespace ddx::tools::bench {

/// "running", "dxplain" or "x<N>" (N times the running scale); nullopt for anything else.
std::optional<synth_params> scale_by_name(const std::string& name);

/// Writes `dir/kb.ddx`, `dir/cases.txt` and (when `clips`) `dir/clips_<encoding>.clp`; false on an I/O error.
bool write_scale(const synth_kb& kb, const std::string& dir, bool clips);

}  // namespace ddx::tools::bench
