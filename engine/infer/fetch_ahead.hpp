// engine/infer/fetch_ahead.hpp: forward chaining's cache prefetches, in one place: what each loop of engine/infer/chain.cpp
// asks for before it needs it. Hints only: with every one of them removed the answers are the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/case.hpp"
#include "engine/infer/chain.hpp"

namespace ddx::engine::detail {

/// How far ahead the reader loops fetch: their rule ids are scattered over arrays of every rule, so each is a miss on
/// a large knowledge base, and eight is about how many a loop step's work can hide.
inline constexpr std::size_t readers_ahead = 8;

/// In a loop over `readers` at position i: the slot of the rule readers_ahead places on.
[[gnu::always_inline]] inline void fetch_reader_slot(const scratch_state& s, std::span<const rule_id> readers,
                                                     std::size_t i) {
  if (i + readers_ahead < readers.size()) __builtin_prefetch(&s.rules[readers[i + readers_ahead]]);
}

/// The same with the rule's hot_rule, for the loops that read it (fact and value readers).
[[gnu::always_inline]] inline void fetch_reader(const compiled_kb& kb, const scratch_state& s,
                                                std::span<const rule_id> readers, std::size_t i) {
  if (i + readers_ahead < readers.size()) {
    __builtin_prefetch(&s.rules[readers[i + readers_ahead]]);
    __builtin_prefetch(&kb.hot[readers[i + readers_ahead]]);
  }
}

/// The same for a finding's general readers with pair gates: a pair rule's own slot is not read (its gate reads the
/// other finding's slot instead), so only the others' slots are fetched.
[[gnu::always_inline]] inline void fetch_gated_reader_slot(const scratch_state& s, std::span<const rule_id> readers,
                                                           const compiled_kb::reader_gate* gates, std::size_t i) {
  if (i + readers_ahead < readers.size() && !gates[i + readers_ahead].pair)
    __builtin_prefetch(&s.rules[readers[i + readers_ahead]]);
}

/// In the loop over a level's bucket at position i, in two steps: a rule's hot_rule eight places ahead, then, four
/// places ahead, the effects and ops it points to (reading the hot_rule of a rule four places ahead unfetched would
/// wait for its miss).
[[gnu::always_inline]] inline void fetch_bucket_rule(const compiled_kb& kb, const std::vector<rule_id>& bucket,
                                                     std::size_t i) {
  if (i + 8 < bucket.size()) __builtin_prefetch(&kb.hot[bucket[i + 8]]);
  if (i + 4 < bucket.size()) {
    const hot_rule& next = kb.hot[bucket[i + 4]];
    __builtin_prefetch(&kb.hot_effects[next.effect_begin]);
    __builtin_prefetch(&kb.ops[next.op_begin]);
  }
}

/// Asks for the first lines of what setting finding `f` to `value` will read: its group's effects and rule ids and its
/// general readers with their gates. In a large knowledge base each finding's rows start at a random place in arrays
/// of megabytes, so each start is a miss the hardware prefetcher cannot foresee; fetched one finding ahead, it
/// overlaps the work on the finding before (the hardware prefetcher follows a row once it is under way).
[[gnu::always_inline]] inline void fetch_finding_rows(const compiled_kb& kb, finding_id f, std::uint8_t value) {
  constexpr std::uint32_t line = 64, effect_lines = 8;
  const std::uint32_t row = 2 * f + (value == k_true ? 0 : 1);
  const auto* e = reinterpret_cast<const char*>(kb.groups.effects.data() + kb.groups.effect_offsets[row]);
  const auto* e_end = reinterpret_cast<const char*>(kb.groups.effects.data() + kb.groups.effect_offsets[row + 1]);
  for (std::uint32_t i = 0; i < effect_lines && e < e_end; ++i, e += line) __builtin_prefetch(e);
  __builtin_prefetch(kb.groups.rules.items.data() + kb.groups.rules.offsets[row]);
  const std::uint32_t readers = kb.general_finding_readers.offsets[f];
  __builtin_prefetch(kb.general_finding_readers.items.data() + readers);
  __builtin_prefetch(kb.general_reader_gates.data() + readers);
}

/// Calls set(f, value) for each finding of `c`, the present ones (k_true) and then the absent ones (k_false), each
/// after asking for the next one's rows (fetch_finding_rows).
template <typename Set>
[[gnu::always_inline]] inline void for_each_finding_fetching_ahead(const compiled_kb& kb, const resolved_case& c,
                                                                    Set&& set) {
  const std::size_t present = c.present.size(), known = present + c.absent.size();
  const auto finding_at = [&](std::size_t i) { return i < present ? c.present[i] : c.absent[i - present]; };
  if (known != 0) fetch_finding_rows(kb, finding_at(0), present != 0 ? k_true : k_false);
  for (std::size_t i = 0; i < known; ++i) {
    if (i + 1 < known) fetch_finding_rows(kb, finding_at(i + 1), i + 1 < present ? k_true : k_false);
    set(finding_at(i), i < present ? k_true : k_false);
  }
}

}  // namespace ddx::engine::detail
