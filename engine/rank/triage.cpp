// engine/rank/triage.cpp: triage is the most urgent of the raised flags and of the urgency of the likely conditions
// (docs/scoring.md "Triage"); the ranking decides only which conditions are likely, never the level by itself.
#include "engine/rank/triage.hpp"

#include <algorithm>
#include <cmath>

namespace ddx::engine::detail {
namespace {

void sort_flags(const compiled_kb& kb, const scratch_state& s, raw_ranking& out) {
  out.flags.assign(s.raised_flags.begin(), s.raised_flags.end());
  std::sort(out.flags.begin(), out.flags.end(), [&](flag_id a, flag_id b) {
    const auto la = kb.m.flags[a].level, lb = kb.m.flags[b].level;
    if (la != lb) return la > lb;
    return kb.flag_order[a] < kb.flag_order[b];
  });
}

/// The raised flag that overrides the most (`overrides`), ties by id; raw_ranking::no_overriding_flag when none.
std::uint32_t overriding_flag(const compiled_kb& kb, const raw_ranking& out) {
  std::uint32_t best = raw_ranking::no_overriding_flag;
  for (flag_id f : out.flags) {  // sorted; ties keep the first, which is first by id among equal levels
    const auto& o = kb.m.flags[f].overrides;
    if (o && (best == raw_ranking::no_overriding_flag || *o > *kb.m.flags[best].overrides ||
              (*o == *kb.m.flags[best].overrides && kb.flag_order[f] < kb.flag_order[best])))
      best = f;
  }
  return best;
}

/// The supported conditions with log_score >= ln(threshold) + ln Z that declare an urgency. The differential is sorted
/// best first, so it holds them all unless it was cut to `top` while its last entry still passed; only then are the
/// touched conditions scanned (a condition passing a threshold t is among the best 1/t).
void likely_conditions(const compiled_kb& kb, const scratch_state& s, raw_ranking& out) {
  auto& u = out.urgent_conditions;
  u.clear();
  out.overridden_by = overriding_flag(kb, out);
  const double cut = kb.log_urgency_threshold + out.log_z;
  const auto keep = [&](condition_id c, double log_score) {
    if (kb.m.conditions[c].urgency) u.push_back({c, log_score, std::exp(log_score - out.log_z)});
  };
  const auto& d = out.differential;
  const bool cut_short = d.size() < out.supported && (d.empty() || d.back().log_score >= cut);
  if (!cut_short) {
    for (const auto& x : d) {
      if (x.log_score < cut) break;
      keep(x.condition, x.log_score);
    }
  } else {
    for (condition_id c : s.touched_conditions())
      if (s.conditions[c].has_for && s.conditions[c].log_score >= cut) keep(c, s.conditions[c].log_score);
  }
  std::sort(u.begin(), u.end(), [&](const raw_ranking::candidate& a, const raw_ranking::candidate& b) {
    const auto ua = counted_urgency(kb, out, a.condition), ub = counted_urgency(kb, out, b.condition);
    if (ua != ub) return ua > ub;
    if (a.log_score != b.log_score) return a.log_score > b.log_score;
    return kb.condition_order[a.condition] < kb.condition_order[b.condition];
  });
}

}  // namespace

bool lowered_by_override(const compiled_kb& kb, const raw_ranking& raw, condition_id c) {
  if (raw.overridden_by == raw_ranking::no_overriding_flag) return false;
  const model_condition& m = kb.m.conditions[c];
  return m.urgency && m.urgency_low && *m.urgency <= *kb.m.flags[raw.overridden_by].overrides;
}

triage_level counted_urgency(const compiled_kb& kb, const raw_ranking& raw, condition_id c) {
  const model_condition& m = kb.m.conditions[c];
  return lowered_by_override(kb, raw, c) ? *m.urgency_low : *m.urgency;
}

void triage_case(const compiled_kb& kb, const scratch_state& s, raw_ranking& out) {
  sort_flags(kb, s, out);
  if (kb.conditions_have_urgency) {
    likely_conditions(kb, s, out);
  } else {
    out.urgent_conditions.clear();
    out.overridden_by = raw_ranking::no_overriding_flag;
  }
  using K = triage_setter::kind;
  out.triage = triage_level::self_care;
  out.set_by = K::default_level;
  if (!out.flags.empty()) {
    out.triage = kb.m.flags[out.flags.front()].level;
    out.set_by = K::flag;
  }
  if (!out.urgent_conditions.empty()) {
    const triage_level level = counted_urgency(kb, out, out.urgent_conditions.front().condition);
    if (out.set_by == K::default_level || level > out.triage) {  // a flag wins a tie
      out.triage = level;
      out.set_by = K::condition;
    }
  }
}

triage_setter setter_of(const compiled_kb& kb, const raw_ranking& raw) {
  triage_setter out;
  out.k = raw.set_by;
  out.level = raw.triage;
  if (raw.set_by == triage_setter::kind::flag) {
    const model_flag& f = kb.m.flags[raw.flags.front()];
    out.id = f.id;
    out.label = f.label;
  } else if (raw.set_by == triage_setter::kind::condition) {
    const model_condition& c = kb.m.conditions[raw.urgent_conditions.front().condition];
    out.id = c.id;
    out.label = c.name;
  }
  return out;
}

std::vector<condition_urgency> urgencies_of(const compiled_kb& kb, const raw_ranking& raw) {
  std::vector<condition_urgency> out;
  out.reserve(raw.urgent_conditions.size());
  for (const auto& x : raw.urgent_conditions) {
    const model_condition& c = kb.m.conditions[x.condition];
    const bool lowered = lowered_by_override(kb, raw, x.condition);
    out.push_back({c.id, c.name, counted_urgency(kb, raw, x.condition), x.score, *c.lowest_urgency(), *c.urgency,
                   lowered ? kb.m.flags[raw.overridden_by].id : std::string()});
  }
  return out;
}

}  // namespace ddx::engine::detail
