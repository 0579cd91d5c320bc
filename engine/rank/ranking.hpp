// engine/rank/ranking.hpp: what ranking a case returns: the dense ranking of the fast path, and the options of a full
// diagnosis (engine/rank/diagnosis.hpp builds the string-rich result from them).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "engine/result.hpp"

namespace ddx::engine {

/// The ranking with dense indices only (no strings): what knowledge_base::rank fills.
struct raw_ranking {
  struct candidate {
    std::uint32_t condition = 0;  ///< condition index: knowledge_base::condition_id(i) gives its id
    double log_score = 0;
    double score = 0;
  };
  std::vector<candidate> differential;     ///< best first (ties by id), cut to `top`
  std::size_t supported = 0;               ///< conditions with a fired `for` rule (differential size before the cut)
  double other_score = 0;
  double unlisted_score = 0;
  double log_z = 0;                        ///< ln of the normaliser Z (docs/scoring.md section 3)
  std::vector<std::uint32_t> fired_rules;  ///< the evidence: compiled rule indices, in evaluation order
  std::vector<std::uint32_t> flags;        ///< raised flag indices, most urgent first, ties by id
  /// The supported conditions that declare an urgency and count at the conditions' level or above (docs/scoring.md
  /// "Triage"): most urgent first (by the level each counts at, detail::counted_urgency), then by score (ties by id).
  /// Scores are filled in. Empty when the supported conditions reach no level.
  std::vector<candidate> urgent_conditions;
  /// The sum of the supported conditions' scores (those with a fired `for` rule): the base of triage's shares.
  double supported_score = 0;
  /// share_at_least[L]: the share of supported_score held by the supported conditions counting at level L or above.
  std::array<double, 5> share_at_least{};
  /// The conditions' level: the most urgent level L whose share_at_least[L] is above the urgency threshold (and that
  /// some supported condition counts at exactly); empty when none does.
  std::optional<triage_level> condition_level;
  /// The index in urgent_conditions of the condition that sets condition_level: the best scored counting exactly at it.
  std::size_t condition_setter = 0;
  /// The raised flag with the highest `overrides` level (ties by id), or no_overriding_flag: a condition whose
  /// urgency range reaches no higher than that level counts at the range's lower end.
  std::uint32_t overridden_by = no_overriding_flag;
  static constexpr std::uint32_t no_overriding_flag = 0xffffffffu;
  triage_level triage = triage_level::self_care;
  /// What set `triage`: flags.front(), urgent_conditions.front(), or nothing (the default).
  triage_setter::kind set_by = triage_setter::kind::default_level;
};

/// What knowledge_base::diagnose adds to the ranking.
struct diagnose_options {
  bool trace = false;           ///< fill diagnosis_result::trace
  bool next_questions = true;   ///< compute next_questions (costs extra inference runs)
  std::size_t max_next_questions = 3;
  std::optional<std::size_t> top;  ///< keep only the first N of the differential
};

}  // namespace ddx::engine
