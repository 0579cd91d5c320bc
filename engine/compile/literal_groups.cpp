// engine/compile/literal_groups.cpp: groups the one-finding evidence rules by the finding state that fires them.
#include <vector>

#include "engine/compile/compile.hpp"

namespace ddx::engine {

void compile_literal_groups(compiled_kb& kb) {
  const std::size_t findings = kb.m.findings.size();
  std::vector<std::vector<std::uint32_t>> rows(2 * findings);
  std::vector<std::vector<std::uint32_t>> general(findings);
  kb.groups.grouped.assign(kb.hot.size(), 0);
  for (std::uint32_t r = 0; r < kb.hot.size(); ++r) {
    const hot_rule& h = kb.hot[r];
    if (h.literal == hot_rule::general) continue;
    bool asserts = false;  // a rule asserting a fact also matters when false: it stays a scheduled rule
    for (std::uint32_t e = h.effect_begin; e < h.effect_end; ++e) asserts = asserts || kb.hot_effects[e].k == model_effect::kind::assert_fact;
    if (asserts) continue;
    const std::uint32_t f = h.literal & hot_rule::finding_mask;
    rows[2 * f + ((h.literal & hot_rule::negated) ? 1 : 0)].push_back(r);
    kb.groups.grouped[r] = 1;
  }
  kb.groups.rules = csr::from_rows(rows);
  for (const auto& row : rows) {
    for (auto r : row)
      for (std::uint32_t e = kb.hot[r].effect_begin; e < kb.hot[r].effect_end; ++e) {
        kb.groups.effects.push_back(kb.hot_effects[e]);
        kb.groups.effect_rule.push_back(r);
      }
    kb.groups.effect_offsets.push_back(static_cast<std::uint32_t>(kb.groups.effects.size()));
  }
  for (std::uint32_t f = 0; f < findings; ++f)
    for (auto r : kb.finding_readers.row(f))
      if (!kb.groups.grouped[r]) general[f].push_back(r);
  kb.general_finding_readers = csr::from_rows(general);
  kb.general_reader_gates.clear();
  for (auto r : kb.general_finding_readers.items) {
    const hot_rule& h = kb.hot[r];
    kb.general_reader_gates.push_back({h.threshold, h.level, h.literal != hot_rule::general});
  }
}

}  // namespace ddx::engine
