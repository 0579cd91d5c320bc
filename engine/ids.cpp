// engine/ids.cpp: kind names and the name interner.
#include "engine/ids.hpp"

#include <cstdint>
#include <cstring>

#include "support/huge_pages.hpp"

namespace ddx::engine {

const char* kind_name(node_kind k) {
  switch (k) {
    case node_kind::finding: return "finding";
    case node_kind::value: return "value";
    case node_kind::fact: return "fact";
    case node_kind::rule: return "rule";
    case node_kind::condition: return "condition";
    case node_kind::flag: return "flag";
    case node_kind::test: return "test";
  }
  return "name";
}

namespace {

std::uint64_t load8(const char* p) {
  std::uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

std::uint32_t load4(const char* p) {
  std::uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}

/// The last `n` (at most 16) bytes at `p` as two words, from two overlapping fixed-size loads (three byte loads
/// below four bytes). With `n` known the two words determine the bytes, so comparing them compares the bytes.
/// Ids are short: this is one or two loads where a byte loop or a variable-size memcpy would be a call.
struct words {
  std::uint64_t a = 0, b = 0;
  bool operator==(const words&) const = default;
};

[[gnu::always_inline]] inline words last_words(const char* p, std::size_t n) {
  if (n >= 8) return {load8(p), load8(p + n - 8)};
  if (n >= 4) return {load4(p), load4(p + n - 4)};
  if (n == 0) return {};
  const auto byte = [&](std::size_t i) { return static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])); };
  return {byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16, 0};
}

/// Equal bytes: eight at a time while more than 16 are left, then the last words.
[[gnu::always_inline]] inline bool same_bytes(const char* a, const char* b, std::size_t n) {
  for (; n > 16; a += 8, b += 8, n -= 8)
    if (load8(a) != load8(b)) return false;
  return last_words(a, n) == last_words(b, n);
}

constexpr std::uint64_t golden = 0x9e3779b97f4a7c15ull;

[[gnu::always_inline]] inline std::uint64_t mix(std::uint64_t h, std::uint64_t w) {
  h = (h ^ w) * golden;
  return h ^ (h >> 29);
}

}  // namespace

// Both are only used in this file, where they are inlined into find and add.
[[gnu::always_inline]] inline std::size_t interner::hash_of(std::string_view name) {
  // Eight bytes at a time while more than 16 are left, then the last words, each mixed by a multiply; a final
  // multiply and shift spread ids that differ only in their last characters (`f.n0001`, `f.n0002`) over the
  // table's low bits.
  const char* p = name.data();
  std::size_t n = name.size();
  std::uint64_t h = golden ^ n;
  for (; n > 16; p += 8, n -= 8) h = mix(h, load8(p));
  const words w = last_words(p, n);
  h = mix(mix(h, w.a), w.b);
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 32;
  return static_cast<std::size_t>(h);
}

[[gnu::always_inline]] inline std::size_t interner::probe(std::string_view name, std::size_t h) const {
  const std::size_t mask = slots_.size() - 1;
  const std::uint32_t short_hash = slot::hash_bits(h);
  const char* chars = chars_.data();
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const slot& s = slots_[i];
    if (s.offset == no_id) return i;
    if (slot::hash_bits(s.hash_kind) == short_hash && s.length == name.size() && same_bytes(chars + s.offset, name.data(), s.length))
      return i;
  }
}

void interner::rehash(std::size_t capacity) {
  std::vector<slot> old = std::move(slots_);
  slots_ = std::vector<slot>();
  support::reserve_on_huge_pages(slots_, capacity, support::will_write::all);
  slots_.assign(capacity, slot{});
  const std::size_t mask = capacity - 1;
  for (const slot& s : old) {
    if (s.offset == no_id) continue;
    const std::string_view name = std::string_view(chars_).substr(s.offset, s.length);
    std::size_t i = hash_of(name) & mask;
    while (slots_[i].offset != no_id) i = (i + 1) & mask;
    slots_[i] = s;
  }
}

void interner::reserve(std::size_t names, std::size_t chars) {
  std::size_t capacity = 16;
  while (capacity < 2 * names) capacity *= 2;
  if (capacity > slots_.size()) rehash(capacity);
  support::reserve_on_huge_pages(chars_, chars);
}

bool interner::add(std::string_view name, node_ref ref) {
  if (2 * (size_ + 1) > slots_.size()) rehash(slots_.empty() ? 16 : 2 * slots_.size());
  const std::size_t h = hash_of(name);
  slot& s = slots_[probe(name, h)];
  if (s.offset != no_id) return false;
  s = {static_cast<std::uint32_t>(chars_.size()), static_cast<std::uint32_t>(name.size()),
       slot::hash_bits(h) | static_cast<std::uint32_t>(ref.kind), ref.index};
  chars_.append(name);
  ++size_;
  return true;
}

void interner::prefetch(std::string_view name) const {
  if (slots_.empty()) return;
  __builtin_prefetch(&slots_[hash_of(name) & (slots_.size() - 1)], 1);
}

std::optional<node_ref> interner::find(std::string_view name) const {
  if (slots_.empty()) return std::nullopt;
  const slot& s = slots_[probe(name, hash_of(name))];
  if (s.offset == no_id) return std::nullopt;
  return node_ref{s.kind(), s.index};
}

}  // namespace ddx::engine
