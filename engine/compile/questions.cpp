// engine/compile/questions.cpp: condition_questions, the findings each condition's rules read (directly or
// through the facts they read), by finding id; unless_findings, those the rules' `unless` clauses read.
#include <algorithm>

#include "engine/compile/steps.hpp"

namespace ddx::engine::detail {
namespace {

/// A set of findings that keeps its members in a list, with a stamp per finding instead of sort + unique.
class finding_set {
 public:
  explicit finding_set(std::size_t findings) : stamp_(findings, ~0u) {}
  void clear() {
    ++generation_;
    items_.clear();
  }
  void add(std::uint32_t f) {
    if (stamp_[f] == generation_) return;
    stamp_[f] = generation_;
    items_.push_back(f);
  }
  template <typename Range>
  void add_all(const Range& fs) {
    for (auto f : fs) add(f);
  }
  std::vector<std::uint32_t>& items() { return items_; }

 private:
  std::vector<std::uint32_t> stamp_;
  std::uint32_t generation_ = 0;
  std::vector<std::uint32_t> items_;
};

/// Adds the findings compiled rule `r` reads, directly or through the facts it reads.
void add_rule_findings(const compiled_kb& kb, std::uint32_t r, const std::vector<std::vector<std::uint32_t>>& fact_findings,
                       finding_set& into) {
  for (std::uint32_t i = kb.hot[r].op_begin, end = kb.op_end(r); i < end; ++i) {
    const auto& op = kb.ops[i];
    if (op.k == expr_op::finding) into.add(op.arg);
    if (op.k == expr_op::fact) into.add_all(fact_findings[op.arg]);
  }
}

/// Per fact, the findings its asserters read, directly or through facts (asserters come first in compiled order).
std::vector<std::vector<std::uint32_t>> fact_findings_of(const compiled_kb& kb, finding_set& scratch) {
  std::vector<std::vector<std::uint32_t>> fact_findings(kb.m.facts.size());
  for (std::uint32_t r = 0; r < kb.rules.size(); ++r) {
    bool asserts = false;
    for (std::uint32_t e = kb.hot[r].effect_begin; e < kb.hot[r].effect_end; ++e)
      asserts = asserts || kb.hot_effects[e].k == model_effect::kind::assert_fact;
    if (!asserts) continue;
    scratch.clear();
    add_rule_findings(kb, r, fact_findings, scratch);
    for (std::uint32_t e = kb.hot[r].effect_begin; e < kb.hot[r].effect_end; ++e) {
      if (kb.hot_effects[e].k != model_effect::kind::assert_fact) continue;
      auto& f = fact_findings[kb.hot_effects[e].target];
      f.insert(f.end(), scratch.items().begin(), scratch.items().end());
      std::sort(f.begin(), f.end());
      f.erase(std::unique(f.begin(), f.end()), f.end());
    }
  }
  return fact_findings;
}

}  // namespace

void compile_questions(compiled_kb& kb) {
  finding_set set(kb.m.findings.size());
  const auto fact_findings = fact_findings_of(kb, set);
  csr& out = kb.condition_questions;
  out = {};
  out.offsets.reserve(kb.m.conditions.size() + 1);
  const auto by_id = [&](std::uint32_t a, std::uint32_t b) { return kb.finding_order[a] < kb.finding_order[b]; };
  for (std::size_t c = 0; c < kb.m.conditions.size(); ++c) {
    set.clear();
    for (auto r : kb.condition_rules.row(c)) add_rule_findings(kb, r, fact_findings, set);
    std::sort(set.items().begin(), set.items().end(), by_id);
    out.items.insert(out.items.end(), set.items().begin(), set.items().end());
    out.offsets.push_back(static_cast<std::uint32_t>(out.items.size()));
  }
  // The question search weighs scores only, so a rule matters to it only when its effects can reach a score: a
  // `for` or `against`, or a fact that some rule reaching a score reads (in its `when` or its `unless`). A fact read
  // only by flag-raising rules (a red flag's safety exception) reaches none. Readers of a fact come after its
  // asserters in compiled order, so one pass from the last rule back settles every fact before its asserters.
  std::vector<std::uint8_t> fact_scores(kb.m.facts.size(), 0);
  kb.rule_reaches_score.assign(kb.rules.size(), 0);
  for (std::uint32_t r = static_cast<std::uint32_t>(kb.rules.size()); r-- > 0;) {
    bool scores = false;
    for (std::uint32_t e = kb.hot[r].effect_begin; e < kb.hot[r].effect_end; ++e) {
      const auto& effect = kb.hot_effects[e];
      scores = scores || effect.k == model_effect::kind::support || effect.k == model_effect::kind::oppose ||
               (effect.k == model_effect::kind::assert_fact && fact_scores[effect.target]);
    }
    kb.rule_reaches_score[r] = scores;
    if (!scores) continue;
    for (std::uint32_t i = kb.hot[r].op_begin, end = kb.op_end(r); i < end; ++i)
      if (kb.ops[i].k == expr_op::fact) fact_scores[kb.ops[i].arg] = 1;
  }
  kb.unless_findings.clear();
  for (std::uint32_t r = 0; r < kb.rules.size(); ++r) {
    const std::uint32_t root = kb.hot[r].op_begin;
    if (kb.ops[root].k != expr_op::unless_ || !kb.rule_reaches_score[r]) continue;
    if (kb.unless_findings.empty()) kb.unless_findings.assign(kb.m.findings.size(), 0);
    for (std::uint32_t i = root + 1 + kb.ops[root + 1].size, end = kb.op_end(r); i < end; ++i) {  // the `unless`
      const auto& op = kb.ops[i];
      if (op.k == expr_op::finding) kb.unless_findings[op.arg] = 1;
      if (op.k == expr_op::fact)
        for (auto f : fact_findings[op.arg]) kb.unless_findings[f] = 1;
    }
  }
}

}  // namespace ddx::engine::detail
