// engine/rank/triage.cpp: triage is the most urgent of the raised flags and of the level the supported conditions need
// (docs/scoring.md "Triage"); the ranking decides only how likely each level is, never the level by itself.
#include "engine/rank/triage.hpp"

#include <algorithm>
#include <array>
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

/// The conditions' level (docs/scoring.md "Triage"): among the supported conditions (a fired `for` rule), the most
/// urgent level L that the conditions counting at L or above hold more than the threshold's share of, i.e. the care
/// the runner needs with more than that probability if the problem is one the findings point to. The shares leave out
/// the conditions without evidence (they keep their prior share only because nothing was asked about them) and
/// "other" (a condition outside the knowledge base has no urgency). urgent_conditions keeps the supported conditions counting at L or above.
/// The differential holds every supported condition unless it was cut to `top`; then the touched ones are scanned.
/// The scores are summed best first, ties by id, so a cut and an uncut run add the same terms in the same order.
void likely_conditions(const compiled_kb& kb, const scratch_state& s, raw_ranking& out) {
  auto& u = out.urgent_conditions;
  u.clear();
  out.overridden_by = overriding_flag(kb, out);
  out.supported_score = 0;
  out.share_at_least.fill(0);
  out.condition_level.reset();
  out.condition_setter = 0;
  const auto& d = out.differential;
  if (d.size() == out.supported) {
    u.assign(d.begin(), d.end());
  } else {
    for (condition_id c : s.touched_conditions())
      if (s.conditions[c].has_for)
        u.push_back({c, s.conditions[c].log_score, std::exp(s.conditions[c].log_score - out.log_z)});
    std::sort(u.begin(), u.end(), [&](const raw_ranking::candidate& a, const raw_ranking::candidate& b) {
      if (a.log_score != b.log_score) return a.log_score > b.log_score;
      return kb.condition_order[a.condition] < kb.condition_order[b.condition];
    });
  }
  constexpr std::size_t levels = std::tuple_size_v<decltype(out.share_at_least)>;
  std::array<double, levels> mass{};
  std::array<std::uint32_t, levels> count{};
  for (const auto& x : u) {
    out.supported_score += x.score;
    if (!kb.m.conditions[x.condition].urgency) continue;
    const auto level = static_cast<std::size_t>(counted_urgency(kb, out, x.condition));
    mass[level] += x.score;
    ++count[level];
  }
  if (out.supported_score <= 0) {
    u.clear();
    return;
  }
  double at_least = 0;
  for (std::size_t l = levels; l-- > 0;) {
    at_least += mass[l];
    out.share_at_least[l] = at_least / out.supported_score;
    if (!out.condition_level && count[l] > 0 && out.share_at_least[l] > kb.m.urgency_threshold)
      out.condition_level = static_cast<triage_level>(l);
  }
  if (!out.condition_level) {
    u.clear();
    return;
  }
  const triage_level floor = *out.condition_level;
  std::erase_if(u, [&](const raw_ranking::candidate& x) {
    return !kb.m.conditions[x.condition].urgency || counted_urgency(kb, out, x.condition) < floor;
  });
  std::sort(u.begin(), u.end(), [&](const raw_ranking::candidate& a, const raw_ranking::candidate& b) {
    const auto ua = counted_urgency(kb, out, a.condition), ub = counted_urgency(kb, out, b.condition);
    if (ua != ub) return ua > ub;
    if (a.log_score != b.log_score) return a.log_score > b.log_score;
    return kb.condition_order[a.condition] < kb.condition_order[b.condition];
  });
  while (counted_urgency(kb, out, u[out.condition_setter].condition) != floor) ++out.condition_setter;
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
  if (out.condition_level) {
    const triage_level level = *out.condition_level;
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
    const model_condition& c = kb.m.conditions[raw.urgent_conditions[raw.condition_setter].condition];
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
    out.push_back({c.id, c.name, counted_urgency(kb, raw, x.condition), x.score,
                   raw.supported_score > 0 ? x.score / raw.supported_score : 0.0, *c.lowest_urgency(), *c.urgency,
                   lowered ? kb.m.flags[raw.overridden_by].id : std::string()});
  }
  return out;
}

}  // namespace ddx::engine::detail
