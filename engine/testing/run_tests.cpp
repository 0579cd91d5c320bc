// engine/testing/run_tests.cpp: expectations (docs/language.md table) checked against a diagnosis; failure lines
// say expected vs actual and name the strongest evidence behind the difference.
#include "engine/testing/run_tests.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/rank/diagnosis.hpp"

namespace ddx::engine::detail {
namespace {

using K = grammar::ast::expectation::kind;

const ranked_condition* find_listed(const diagnosis_result& r, const std::string& id) {
  for (const auto& c : r.differential)
    if (c.id == id) return &c;
  return nullptr;
}

/// "`pfps` (0.41), `itbs` (0.33), `mtss` (0.05)" or "an empty differential".
std::string leaders(const diagnosis_result& r, std::size_t n) {
  if (r.differential.empty()) return "an empty differential";
  std::string out;
  for (std::size_t i = 0; i < r.differential.size() && i < n; ++i)
    out += fmt::format("{}`{}` ({:.2f})", i ? ", " : "", r.differential[i].id, r.differential[i].score);
  return out;
}

/// "; strongest evidence for `pfps`: `pfps_stairs` at kb/knee.ddx:12 (+2.303)".
std::string strongest_for(const ranked_condition& c) {
  if (c.evidence_for.empty()) return {};
  const auto it = std::max_element(c.evidence_for.begin(), c.evidence_for.end(),
                                   [](const auto& a, const auto& b) { return a.weight < b.weight; });
  return fmt::format("; strongest evidence for `{}`: `{}` at {} ({:+.3f})", c.id, it->rule_id, it->rule, it->weight);
}

std::string rank_failure(const model_expect& x, const std::string& id, const diagnosis_result& r, std::string_view expected) {
  const ranked_condition* mine = find_listed(r, id);
  const std::size_t shown = std::max<std::size_t>(3, x.n + 1);
  std::string why;
  if (!mine) {
    why = fmt::format("; `{}` is not listed: no rule for it fired", id);
  } else if (mine->rank == 1 || x.k == K::not_first || x.k == K::not_in_top || x.k == K::not_listed) {
    why = strongest_for(*mine);
  } else {
    why = strongest_for(r.differential.front());
  }
  return fmt::format("expected `{}` {}, got {}{}", id, expected, leaders(r, shown), why);
}

std::string triage_failure(std::string_view expected, const diagnosis_result& r) {
  std::string why = "no flag was raised and no supported condition needs more";
  if (r.triage_set_by.k == triage_setter::kind::flag && !r.flags.empty()) {
    why = fmt::format("set by flag `{}` raised by `{}` at {}", r.flags.front().id, r.flags.front().rule_id, r.flags.front().rule);
  } else if (r.triage_set_by.k == triage_setter::kind::condition) {
    const auto c = std::find_if(r.urgent_conditions.begin(), r.urgent_conditions.end(),
                                [&](const condition_urgency& u) { return u.id == r.triage_set_by.id; });
    if (c != r.urgent_conditions.end())
      why = fmt::format("set by condition `{}`, score {:.2f}, {:.2f} of the supported conditions' score", c->id,
                        c->score, c->share);
  }
  return fmt::format("expected triage {}, got `{}` ({})", expected, triage_name(r.triage), why);
}

std::optional<std::string> check_condition(const compiled_kb& kb, const model_expect& x, const diagnosis_result& r) {
  const std::string& id = kb.m.conditions[x.target].id;
  const ranked_condition* c = find_listed(r, id);
  const std::uint32_t rank = c ? c->rank : 0;
  const bool in_top = rank >= 1 && rank <= x.n;
  switch (x.k) {
    case K::first: return rank == 1 ? std::nullopt : std::optional(rank_failure(x, id, r, "first"));
    case K::not_first: return rank != 1 ? std::nullopt : std::optional(rank_failure(x, id, r, "not first"));
    case K::rank: return rank == x.n ? std::nullopt : std::optional(rank_failure(x, id, r, fmt::format("rank {}", x.n)));
    case K::in_top: return in_top ? std::nullopt : std::optional(rank_failure(x, id, r, fmt::format("in top {}", x.n)));
    case K::not_in_top:
      return !in_top ? std::nullopt : std::optional(rank_failure(x, id, r, fmt::format("not in top {}", x.n)));
    case K::listed: return c ? std::nullopt : std::optional(rank_failure(x, id, r, "listed"));
    case K::not_listed: return !c ? std::nullopt : std::optional(rank_failure(x, id, r, "not listed"));
    default: return std::nullopt;
  }
}

std::optional<std::string> check_triage(const model_expect& x, const diagnosis_result& r) {
  const std::string level = fmt::format("`{}`", triage_name(x.level));
  switch (x.k) {
    case K::triage_is: return r.triage == x.level ? std::nullopt : std::optional(triage_failure(level, r));
    case K::triage_at_least: return r.triage >= x.level ? std::nullopt : std::optional(triage_failure("at least " + level, r));
    default: return r.triage <= x.level ? std::nullopt : std::optional(triage_failure("at most " + level, r));
  }
}

std::optional<std::string> check_flag(const compiled_kb& kb, const model_expect& x, const diagnosis_result& r) {
  const std::string& id = kb.m.flags[x.target].id;
  const auto it = std::find_if(r.flags.begin(), r.flags.end(), [&](const raised_flag& f) { return f.id == id; });
  if (x.k == K::flag_raised) {
    if (it != r.flags.end()) return std::nullopt;
    return fmt::format("expected flag `{}`, it was not raised", id);
  }
  if (it == r.flags.end()) return std::nullopt;
  std::string because;
  for (const auto& b : it->because) because += fmt::format("{}`{}`", because.empty() ? "" : ", ", b);
  return fmt::format("expected no flag `{}`, it was raised by `{}` at {} because of {}", id, it->rule_id, it->rule, because);
}

std::optional<std::string> check(const compiled_kb& kb, const model_expect& x, const diagnosis_result& r) {
  if (x.k == K::flag_raised || x.k == K::flag_not_raised) return check_flag(kb, x, r);
  if (x.k == K::triage_is || x.k == K::triage_at_least || x.k == K::triage_at_most) return check_triage(x, r);
  return check_condition(kb, x, r);
}

}  // namespace

resolved_case case_of(const model_test& t) {
  resolved_case c;
  c.id = t.id;
  c.present = t.present;
  c.absent = t.absent;
  c.values = t.values;
  std::sort(c.present.begin(), c.present.end());
  std::sort(c.absent.begin(), c.absent.end());
  std::sort(c.values.begin(), c.values.end());
  return c;
}

std::vector<test_outcome> run_tests(const compiled_kb& kb, scratch_state& s, std::string_view filter,
                                    coverage_report* coverage) {
  std::vector<test_outcome> out;
  std::vector<char> fired(kb.rules.size(), 0);
  diagnose_options options;
  options.next_questions = false;
  for (std::size_t i = 0; i < kb.m.tests.size(); ++i) {
    const model_test& t = kb.m.tests[i];
    if (t.id.find(filter) == std::string::npos) continue;
    raw_ranking raw;
    test_outcome o{t.id, t.label, kb.test_locations[i], true, {}, diagnose_case(kb, case_of(t), options, s, raw)};
    for (rule_id r : raw.fired_rules) fired[r] = 1;
    for (const auto& x : t.expects)
      if (auto failure = check(kb, x, o.result)) o.failures.push_back(std::move(*failure));
    o.passed = o.failures.empty();
    out.push_back(std::move(o));
  }
  if (coverage != nullptr) {
    *coverage = {};
    coverage->rules = kb.rules.size();
    std::vector<rule_id> never;
    for (rule_id r = 0; r < kb.rules.size(); ++r) {
      if (fired[r]) {
        ++coverage->fired;
      } else {
        never.push_back(r);
      }
    }
    std::sort(never.begin(), never.end(), [&](rule_id a, rule_id b) { return kb.rules[a].model_index < kb.rules[b].model_index; });
    for (rule_id r : never) coverage->never_fired.push_back(fmt::format("{} {}", kb.rule_location(r), kb.rule_id_of(r)));
  }
  return out;
}

}  // namespace ddx::engine::detail
