// engine/infer/chain.cpp: Kleene three-valued evaluation and the level-ordered forward-chaining worklist (its cache
// prefetches are in fetch_ahead.hpp).
#include "engine/infer/chain.hpp"

#include <algorithm>
#include <cmath>

#include "engine/infer/fetch_ahead.hpp"

namespace ddx::engine::detail {
namespace {

/// An operand: findings and facts (most operands) are read here, without a call; the rest recurses.
[[gnu::always_inline]] inline std::uint8_t operand(const compiled_kb& kb, const scratch_state& s, std::uint32_t at) {
  const expr_op& op = kb.ops[at];
  if (op.k == expr_op::finding) return s.finding(op.arg);
  if (op.k == expr_op::fact) return s.fact(op.arg);
  return evaluate(kb, s, at);
}

std::uint8_t evaluate_children(const compiled_kb& kb, const scratch_state& s, std::uint32_t at, const expr_op& op) {
  const std::uint32_t end = at + op.size;
  std::uint32_t child = at + 1;
  if (op.k == expr_op::and_) {
    std::uint8_t v = k_true;
    for (; child < end && v != k_false; child += kb.ops[child].size) v = std::min(v, operand(kb, s, child));
    return v;
  }
  if (op.k == expr_op::or_) {
    std::uint8_t v = k_false;
    for (; child < end && v != k_true; child += kb.ops[child].size) v = std::max(v, operand(kb, s, child));
    return v;
  }
  std::uint32_t yes = 0, maybe = 0;  // at_least
  for (; child < end; child += kb.ops[child].size) {
    const auto v = operand(kb, s, child);
    yes += v == k_true;
    maybe += v == k_unknown;
  }
  if (yes >= op.arg) return k_true;
  return yes + maybe < op.arg ? k_false : k_unknown;
}

/// Fired `for` / `against` effects [e, end): the conditions' log and linear scores. With every slot set at the
/// start of the case (chain_tuning::dense_conditions), that is all. Otherwise a condition's first effect in the case starts from
/// its prior and records the touch; whether it is the first is a select, not a branch: first touches come at
/// random points, which a branch predictor cannot learn. The sums are the same as with a branch (subtracting 0 from
/// the untouched mass changes nothing). The slot array and the generation are read once, not once per effect (a
/// store to a slot's flag byte may alias anything).
[[gnu::always_inline]] inline void add_evidence(const compiled_kb& kb, scratch_state& s, const hot_effect* e,
                                                const hot_effect* const end) {
  s.evidence_applied += static_cast<std::uint32_t>(end - e);
  auto* const slots = s.conditions.data();
  if (s.tuning.dense_conditions) {
    for (; e != end; ++e) {
      auto& c = slots[e->target];
      c.log_score += e->weight;
      c.linear *= e->factor;
      c.has_for |= e->k == model_effect::kind::support;
    }
    return;
  }
  const std::uint32_t gen = s.gen;
  const double* const log_prior = kb.log_prior.data();
  const double* const prior_mass = kb.prior_mass.data();
  condition_id* const touched = s.touched_buffer.data();
  std::uint32_t count = s.touched_count;
  double untouched = s.untouched_mass;
  for (; e != end; ++e) {
    const condition_id t = e->target;
    auto& c = slots[t];
    const bool fresh = c.gen != gen;
    const double log_score = fresh ? log_prior[t] : c.log_score;
    const double linear = fresh ? prior_mass[t] : c.linear;
    const bool has_for = (!fresh && c.has_for) || e->k == model_effect::kind::support;
    untouched -= fresh ? prior_mass[t] : 0.0;
    c = {gen, has_for, log_score + e->weight, linear * e->factor};
    touched[count] = t;
    count += fresh;
  }
  s.touched_count = count;
  s.untouched_mass = untouched;
}

/// Flag `f` raised by rule `r`; the first rule to raise it is the one explanations name.
void raise_flag(scratch_state& s, flag_id f, rule_id r) {
  if (s.flags[f].gen == s.gen) return;
  s.flags[f] = {s.gen, r};
  s.raised_flags.push_back(f);
}

void apply_true(const compiled_kb& kb, scratch_state& s, rule_id r, const hot_effect& e);
void apply_false(const compiled_kb& kb, scratch_state& s, const hot_effect& e);

/// Records rule `r`'s value `v` and applies its effects (true: all; false: the fact counts).
[[gnu::always_inline]] inline void settle(const compiled_kb& kb, scratch_state& s, rule_id r, const hot_rule& rule,
                                          std::uint8_t v) {
  s.rules[r].value = v;
  if (s.record_steps) s.evaluated.push_back(r);
  if (v == k_true) {
    s.fired.push_back(r);
    for (std::uint32_t e = rule.effect_begin; e < rule.effect_end; ++e) apply_true(kb, s, r, kb.hot_effects[e]);
  } else if (v == k_false) {
    for (std::uint32_t e = rule.effect_begin; e < rule.effect_end; ++e) apply_false(kb, s, kb.hot_effects[e]);
  }
}

/// A one-finding rule whose finding was just set: settled now (it reads no fact, level 0, and what it asserts
/// is read only by later levels).
void schedule_decided(const compiled_kb& kb, scratch_state& s, rule_id r) {
  const hot_rule& hot = kb.hot[r];
  const std::uint8_t f = s.finding(hot.literal & hot_rule::finding_mask);
  settle(kb, s, r, hot, (hot.literal & hot_rule::negated) ? static_cast<std::uint8_t>(k_true - f) : f);
}

/// Rule `r` has one more input known. Once enough are known to decide it (hot_rule::threshold) it joins its
/// level's bucket, except a one-finding rule (`when f`, `when not f`), which the finding just set decides: it is
/// settled here (it reads no fact, level 0, and what it asserts is read only by later levels).
[[gnu::always_inline]] inline void reach(const compiled_kb& kb, scratch_state& s, rule_id r, std::uint32_t threshold,
                                         std::uint32_t level, bool one_finding) {
  auto& slot = s.rules[r];
  if (slot.gen != s.gen) slot = {s.gen, k_unknown, 0};
  if (++slot.known != threshold) return;
  if (one_finding) {
    schedule_decided(kb, s, r);
  } else {
    s.buckets[level].push_back(r);
  }
}

/// Readers of a fact or a value: threshold and level come from each rule's hot_rule.
void schedule(const compiled_kb& kb, scratch_state& s, std::span<const rule_id> readers) {
  for (std::size_t i = 0; i < readers.size(); ++i) {
    fetch_reader(kb, s, readers, i);
    const hot_rule& hot = kb.hot[readers[i]];
    reach(kb, s, readers[i], hot.threshold, hot.level, hot.literal != hot_rule::general);
  }
}

/// The general readers of finding `f`: threshold and level come from the gates stored next to the reader list. With
/// pair gates (chain_tuning::pair_gates), a pair rule (compiled_kb::reader_gate) joins its level's bucket when counting
/// its known inputs would have reached its threshold: with its other finding known already if it needs both, with the
/// other still unknown if it needs one (each finding is set once a case); otherwise nothing is written. Without, every
/// reader counts, a pair rule up to its threshold of one or two.
void schedule_finding_readers(const compiled_kb& kb, scratch_state& s, finding_id f) {
  const auto readers = kb.general_finding_readers.row(f);
  const auto* gates = kb.general_reader_gates.data() + kb.general_finding_readers.offsets[f];
  if (!s.tuning.pair_gates) {
    for (std::size_t i = 0; i < readers.size(); ++i) {
      fetch_reader_slot(s, readers, i);
      const auto& gate = gates[i];
      const std::uint32_t threshold = gate.pair ? 1u + gate.needs_both : gate.threshold;
      reach(kb, s, readers[i], threshold, gate.level, gate.one_finding);
    }
    return;
  }
  for (std::size_t i = 0; i < readers.size(); ++i) {
    fetch_gated_reader_slot(s, readers, gates, i);
    const auto& gate = gates[i];
    if (gate.pair) {
      if ((s.findings[gate.threshold].gen == s.gen) == static_cast<bool>(gate.needs_both)) {
        s.rules[readers[i]] = {s.gen, k_unknown, gate.needs_both ? 2u : 1u};
        s.buckets[gate.level].push_back(readers[i]);
      }
      continue;
    }
    reach(kb, s, readers[i], gate.threshold, gate.level, gate.one_finding);
  }
}

void set_fact(const compiled_kb& kb, scratch_state& s, fact_id f, std::uint8_t value) {
  auto& slot = s.facts[f];
  slot.value = value;
  if (value == k_true) s.true_facts.push_back(f);
  schedule(kb, s, kb.fact_readers.row(f));
}

scratch_state::fact_slot& fact_slot(scratch_state& s, fact_id f) {
  auto& slot = s.facts[f];
  if (slot.gen != s.gen) slot = {s.gen, k_unknown, 0};
  return slot;
}

void apply_true(const compiled_kb& kb, scratch_state& s, rule_id r, const hot_effect& e) {
  switch (e.k) {
    case model_effect::kind::support:
    case model_effect::kind::oppose: add_evidence(kb, s, &e, &e + 1); break;
    case model_effect::kind::assert_fact:
      if (fact_slot(s, e.target).value != k_true) set_fact(kb, s, e.target, k_true);
      break;
    case model_effect::kind::raise_flag: raise_flag(s, e.target, r); break;
  }
}

void apply_false(const compiled_kb& kb, scratch_state& s, const hot_effect& e) {
  if (e.k != model_effect::kind::assert_fact) return;
  auto& slot = fact_slot(s, e.target);
  // A fact is false only once every rule that asserts it evaluated false.
  if (++slot.false_count == kb.fact_asserter_count[e.target] && slot.value == k_unknown) set_fact(kb, s, e.target, k_false);
}

void evaluate_rule(const compiled_kb& kb, scratch_state& s, rule_id r) {
  const hot_rule& rule = kb.hot[r];
  std::uint8_t v;
  switch (rule.literal & ~hot_rule::finding_mask) {  // one-finding rules skip the op array
    case hot_rule::positive: v = s.finding(rule.literal & hot_rule::finding_mask); break;
    case hot_rule::negated: v = static_cast<std::uint8_t>(k_true - s.finding(rule.literal & hot_rule::finding_mask)); break;
    default: v = evaluate(kb, s, rule.op_begin); break;
  }
  settle(kb, s, r, rule, v);
}

}  // namespace

std::uint8_t evaluate(const compiled_kb& kb, const scratch_state& s, std::uint32_t at) {
  const expr_op& op = kb.ops[at];
  switch (op.k) {
    case expr_op::finding: return s.finding(op.arg);
    case expr_op::fact: return s.fact(op.arg);
    case expr_op::compare:
      if (!s.has_value(op.arg)) return k_unknown;
      return compare(s.values[op.arg].number, op.cmp, op.number) ? k_true : k_false;
    case expr_op::not_: return static_cast<std::uint8_t>(k_true - operand(kb, s, at + 1));
    case expr_op::unless_: {  // `when W unless U`: false when U is true, else W (U unknown does not stop it)
      const std::uint8_t w = operand(kb, s, at + 1);
      if (w == k_false) return k_false;
      return operand(kb, s, at + 1 + kb.ops[at + 1].size) == k_true ? k_false : w;
    }
    default: return evaluate_children(kb, s, at, op);
  }
}

void scratch_state::bind(const compiled_kb& kb) {
  if (owner == &kb) return;
  owner = &kb;
  gen = 0;
  findings.assign(kb.m.findings.size(), {});
  values.assign(kb.m.values.size(), {});
  facts.assign(kb.m.facts.size(), {});
  rules.assign(kb.rules.size(), {});
  conditions.assign(kb.m.conditions.size(), {});
  other_mass = std::exp(kb.log_other_prior);
  flags.assign(kb.m.flags.size(), {});
  buckets.assign(kb.level_count, {});
  tune(chain_tuning::for_kb(kb));
}

chain_tuning chain_tuning::for_kb(const compiled_kb& kb) {
  chain_tuning t;
  t.pair_gates = t.fetch_findings_ahead = kb.rules.size() >= large_from_rules;
  t.dense_conditions = kb.m.conditions.size() <= dense_conditions_up_to;
  return t;
}

void scratch_state::tune(const chain_tuning& t) {
  tuning = t;
  touched_buffer.resize(conditions.size() + 1);  // + 1: add_evidence stores before it counts
  touched_count = 0;
  if (t.dense_conditions) {
    for (condition_id c = 0; c < conditions.size(); ++c) touched_buffer[c] = c;
    touched_count = static_cast<std::uint32_t>(conditions.size());
  }
}

void scratch_state::begin_case() {
  if (++gen == 0) {  // wrapped: every tag is stale, start over once in 2^32 cases
    for (auto& x : findings) x.gen = 0;
    for (auto& x : values) x.gen = 0;
    for (auto& x : facts) x.gen = 0;
    for (auto& x : rules) x.gen = 0;
    for (auto& x : conditions) x.gen = 0;
    for (auto& x : flags) x.gen = 0;
    gen = 1;
  }
  evaluated.clear();
  fired.clear();
  if (tuning.dense_conditions) {  // every slot at its prior; touched_conditions lists every condition (bind)
    for (condition_id c = 0; c < conditions.size(); ++c)
      conditions[c] = {gen, false, owner->log_prior[c], owner->prior_mass[c]};
    untouched_mass = other_mass;
  } else {
    touched_count = 0;
    untouched_mass = owner->base_z;
  }
  evidence_applied = 0;
  raised_flags.clear();
  true_facts.clear();
}

namespace {

/// Sets finding `f` and settles what reads it: its group of one-finding evidence rules at once (contiguous
/// rules and effects), then the other readers one by one.
void set_finding(const compiled_kb& kb, scratch_state& s, finding_id f, std::uint8_t value) {
  s.findings[f] = {s.gen, value};
  const std::uint32_t row = 2 * f + (value == k_true ? 0 : 1);
  if (s.record_steps)  // the trace lists every grouped reader of f, true or false, in compiled order
    for (auto r : kb.finding_readers.row(f))
      if (kb.groups.grouped[r]) s.evaluated.push_back(r);
  const auto fired = kb.groups.rules.row(row);
  s.fired.insert(s.fired.end(), fired.begin(), fired.end());
  const hot_effect* e = kb.groups.effects.data() + kb.groups.effect_offsets[row];
  const hot_effect* const end = kb.groups.effects.data() + kb.groups.effect_offsets[row + 1];
  add_evidence(kb, s, e, end);
  for (std::uint32_t i = kb.groups.flag_offsets[row]; i < kb.groups.flag_offsets[row + 1]; ++i)
    raise_flag(s, kb.groups.flags[i].flag, kb.groups.flags[i].rule);
  schedule_finding_readers(kb, s, f);
}

}  // namespace

void run_chain(const compiled_kb& kb, const resolved_case& c, scratch_state& s) {
  s.bind(kb);
  s.begin_case();
  // The case's findings: present ones true, absent ones false. A finding or value listed twice is known once (the
  // first mention wins).
  const auto set = [&](finding_id f, std::uint8_t value) {
    if (s.findings[f].gen != s.gen) set_finding(kb, s, f, value);
  };
  if (s.tuning.fetch_findings_ahead) {
    for_each_finding_fetching_ahead(kb, c, set);
  } else {
    for (auto f : c.present) set(f, k_true);
    for (auto f : c.absent) set(f, k_false);
  }
  for (const auto& [v, x] : c.values) {
    if (s.values[v].gen == s.gen) continue;
    s.values[v] = {s.gen, x};
    schedule(kb, s, kb.value_readers.row(v));
  }
  for (auto& bucket : s.buckets) {
    // Rules of one level never read each other's facts, so their order inside a level changes no outcome
    // (only the order of trace steps, which follows the case's order; resolve() sorts the case).
    for (std::size_t i = 0; i < bucket.size(); ++i) {
      fetch_bucket_rule(kb, bucket, i);
      evaluate_rule(kb, s, bucket[i]);
    }
    bucket.clear();
  }
}

}  // namespace ddx::engine::detail

