// engine/compile/literal_groups.cpp: groups the one-finding evidence rules by the finding state that fires them.
#include <vector>

#include "engine/compile/compile.hpp"
#include "engine/compile/csr_builder.hpp"

namespace ddx::engine {
namespace {

/// The group row of compiled rule `r` (literal_groups::rules), or none (~0u) when it is not grouped.
std::uint32_t group_row(const compiled_kb& kb, std::uint32_t r) {
  const hot_rule& h = kb.hot[r];
  if (h.literal == hot_rule::general) return ~0u;
  for (std::uint32_t e = h.effect_begin; e < h.effect_end; ++e)  // a rule asserting a fact also matters when false
    if (kb.hot_effects[e].k == model_effect::kind::assert_fact) return ~0u;  // it stays a scheduled rule
  const std::uint32_t f = h.literal & hot_rule::finding_mask;
  return 2 * f + ((h.literal & hot_rule::negated) ? 1 : 0);
}

void group_rules(compiled_kb& kb) {
  detail::csr_builder rows(2 * kb.m.findings.size());
  kb.groups.grouped.assign(kb.hot.size(), 0);
  std::size_t effects = 0;
  for (std::uint32_t r = 0; r < kb.hot.size(); ++r) {
    const std::uint32_t row = group_row(kb, r);
    if (row == ~0u) continue;
    rows.count(row);
    kb.groups.grouped[r] = 1;
    for (std::uint32_t e = kb.hot[r].effect_begin; e < kb.hot[r].effect_end; ++e)
      effects += kb.hot_effects[e].k != model_effect::kind::raise_flag;
  }
  rows.start();
  for (std::uint32_t r = 0; r < kb.hot.size(); ++r)
    if (kb.groups.grouped[r]) rows.add(group_row(kb, r), r);
  kb.groups.rules = rows.finish();
  kb.groups.effects.reserve(effects);  // exactly: the page filler may fill it whole
  kb.groups.effect_offsets.reserve(kb.groups.rules.offsets.size());
  kb.groups.flag_offsets.reserve(kb.groups.rules.offsets.size());
  for (std::size_t row = 0; row + 1 < kb.groups.rules.offsets.size(); ++row) {
    for (auto r : kb.groups.rules.row(row))
      for (std::uint32_t e = kb.hot[r].effect_begin; e < kb.hot[r].effect_end; ++e) {
        const hot_effect& x = kb.hot_effects[e];
        if (x.k == model_effect::kind::raise_flag) {
          kb.groups.flags.push_back({x.target, r});
        } else {  // a grouped rule asserts no fact (group_row): the rest is evidence
          kb.groups.effects.push_back(x);
        }
      }
    kb.groups.effect_offsets.push_back(static_cast<std::uint32_t>(kb.groups.effects.size()));
    kb.groups.flag_offsets.push_back(static_cast<std::uint32_t>(kb.groups.flags.size()));
  }
}

/// For a pair rule (compiled_kb::reader_gate) read through finding `f`, the other finding; no_id for any other rule.
/// (Threshold 0 cannot occur: every rule has a leaf.)
std::uint32_t pair_partner(const compiled_kb& kb, std::uint32_t r, std::uint32_t f) {
  const hot_rule& h = kb.hot[r];
  if (h.literal != hot_rule::general || h.threshold > 2) return no_id;
  std::uint32_t leaves[2], n = 0;
  for (std::uint32_t i = h.op_begin, end = kb.op_end(r); i < end; ++i) {
    const expr_op& op = kb.ops[i];
    if (op.k == expr_op::fact || op.k == expr_op::compare) return no_id;  // reads more than findings
    if (op.k != expr_op::finding) continue;
    if (n == 2) return no_id;
    leaves[n++] = op.arg;
  }
  // Two distinct findings: the rule can matter once one of them is known (threshold 1) or both (threshold 2).
  if (n != 2 || leaves[0] == leaves[1] || (leaves[0] != f && leaves[1] != f)) return no_id;
  return leaves[0] == f ? leaves[1] : leaves[0];
}

/// finding_readers without the grouped rules, and the gate of each.
void general_readers(compiled_kb& kb) {
  const std::size_t findings = kb.finding_readers.offsets.size() - 1;
  detail::csr_builder rows(findings);
  for (std::size_t f = 0; f < findings; ++f)
    for (auto r : kb.finding_readers.row(f))
      if (!kb.groups.grouped[r]) rows.count(f);
  rows.start();
  for (std::size_t f = 0; f < findings; ++f)
    for (auto r : kb.finding_readers.row(f))
      if (!kb.groups.grouped[r]) rows.add(f, r);
  kb.general_finding_readers = rows.finish();
  const csr& general = kb.general_finding_readers;
  kb.general_reader_gates.clear();
  kb.general_reader_gates.reserve(general.items.size());
  for (std::size_t f = 0; f < findings; ++f)
    for (auto r : general.row(f)) {
      const hot_rule& h = kb.hot[r];
      const std::uint32_t partner = pair_partner(kb, r, static_cast<std::uint32_t>(f));
      if (partner != no_id) {
        kb.general_reader_gates.push_back({partner, h.level, 0, 1, h.threshold == 2});
      } else {
        kb.general_reader_gates.push_back({h.threshold, h.level, h.literal != hot_rule::general, 0, 0});
      }
    }
}

}  // namespace

void compile_literal_groups(compiled_kb& kb) {
  group_rules(kb);
  general_readers(kb);
}

}  // namespace ddx::engine
