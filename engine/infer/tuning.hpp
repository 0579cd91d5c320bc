// engine/infer/tuning.hpp: which of inference's speed tricks run on a knowledge base, chosen by its size.
#pragma once

#include <cstddef>

namespace ddx::engine {
struct compiled_kb;
}

namespace ddx::engine::detail {

/// Inference gives the same answers with every switch on or off; each trick trades a few instructions or a branch per
/// step for memory traffic saved, which pays only on some knowledge bases. A scratch state chooses them when it binds
/// to a knowledge base (for_kb); a test may set them otherwise afterwards (scratch_state::tune) to compare the answers.
struct chain_tuning {
  /// The bound for the tricks that save cache misses: below it a knowledge base's rule slots and reader rows stay in
  /// cache, so there is no miss to save and the extra work only costs (docs/performance.md).
  static constexpr std::size_t large_from_rules = std::size_t{1} << 15;
  /// The bound for dense condition slots (below).
  static constexpr std::size_t dense_conditions_up_to = 128;

  /// Pair rules (compiled_kb::reader_gate) join their bucket from their other finding's slot instead of counting their
  /// known inputs in their own slot, a random access into an array of every rule.
  bool pair_gates = false;
  /// A case's findings are set each after asking for the next one's rows (fetch_ahead.hpp, fetch_finding_rows).
  bool fetch_findings_ahead = false;
  /// Every condition's slot starts each case at its prior, so that adding evidence tests no slot for a first touch (a
  /// branch no predictor learns); on a large knowledge base that would cost what the case does not touch.
  bool dense_conditions = false;

  static chain_tuning for_kb(const compiled_kb& kb);
};

}  // namespace ddx::engine::detail
