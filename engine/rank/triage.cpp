// engine/rank/triage.cpp: the most urgent raised flag decides triage; the ranking never does.
#include "engine/rank/triage.hpp"

#include <algorithm>

namespace ddx::engine::detail {

void triage_flags(const compiled_kb& kb, const scratch_state& s, raw_ranking& out) {
  out.flags.assign(s.raised_flags.begin(), s.raised_flags.end());
  std::sort(out.flags.begin(), out.flags.end(), [&](flag_id a, flag_id b) {
    const auto la = kb.m.flags[a].level, lb = kb.m.flags[b].level;
    if (la != lb) return la > lb;
    return kb.flag_order[a] < kb.flag_order[b];
  });
  out.triage = out.flags.empty() ? triage_level::self_care : kb.m.flags[out.flags.front()].level;
}

}  // namespace ddx::engine::detail
