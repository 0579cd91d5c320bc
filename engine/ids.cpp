// engine/ids.cpp: kind names and the name interner.
#include "engine/ids.hpp"

#include <cstdint>
#include <cstring>

#include "grammar/huge_pages.hpp"

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

/// The last `n` (< 8) bytes at `p` as one word, with at most three fixed-size loads (a memcpy of a variable size is
/// a call, and most ids end in such a tail).
std::uint64_t tail_word(const char* p, std::size_t n) {
  std::uint64_t w = 0;
  if (n & 4) {
    std::uint32_t x;
    std::memcpy(&x, p, 4);
    w = x;
    p += 4;
  }
  if (n & 2) {
    std::uint16_t x;
    std::memcpy(&x, p, 2);
    w = (w << 16) | x;
    p += 2;
  }
  if (n & 1) w = (w << 8) | static_cast<unsigned char>(*p);
  return w;
}

/// Equal bytes, eight at a time: ids are short, and a call to memcmp costs more than comparing them.
bool same_bytes(const char* a, const char* b, std::size_t n) {
  for (; n >= 8; a += 8, b += 8, n -= 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    if (x != y) return false;
  }
  return n == 0 || tail_word(a, n) == tail_word(b, n);
}

}  // namespace

std::size_t interner::hash_of(std::string_view name) {
  // Ids are short: eight bytes at a time, each mixed by a multiply, then a murmur3-style finaliser so that ids
  // differing only in their last characters (`f.n0001`, `f.n0002`) spread over the whole table.
  constexpr std::uint64_t k = 0x9e3779b97f4a7c15ull;
  std::uint64_t h = k ^ name.size();
  const char* p = name.data();
  std::size_t n = name.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * k;
    h ^= h >> 29;
  }
  if (n > 0) h = (h ^ tail_word(p, n)) * k;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return static_cast<std::size_t>(h);
}


std::size_t interner::probe(std::string_view name, std::size_t h) const {
  const std::size_t mask = slots_.size() - 1;
  const auto short_hash = static_cast<std::uint32_t>(h);
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const slot& s = slots_[i];
    if (s.offset == no_id) return i;
    if (s.hash == short_hash && s.length == name.size() && same_bytes(chars_.data() + s.offset, name.data(), s.length))
      return i;
  }
}

void interner::rehash(std::size_t capacity) {
  std::vector<slot> old = std::move(slots_);
  slots_ = std::vector<slot>();
  slots_.reserve(capacity);
  grammar::advise_huge_pages(slots_.data(), capacity * sizeof(slot));
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
  chars_.reserve(chars);
  grammar::advise_huge_pages(chars_.data(), chars_.capacity());
}

bool interner::add(std::string_view name, node_ref ref) {
  if (2 * (size_ + 1) > slots_.size()) rehash(slots_.empty() ? 16 : 2 * slots_.size());
  const std::size_t h = hash_of(name);
  slot& s = slots_[probe(name, h)];
  if (s.offset != no_id) return false;
  s = {static_cast<std::uint32_t>(chars_.size()), static_cast<std::uint32_t>(name.size()), static_cast<std::uint32_t>(h),
       ref.index, ref.kind};
  chars_.append(name);
  ++size_;
  return true;
}

std::optional<node_ref> interner::find(std::string_view name) const {
  if (slots_.empty()) return std::nullopt;
  const slot& s = slots_[probe(name, hash_of(name))];
  if (s.offset == no_id) return std::nullopt;
  return node_ref{s.kind, s.index};
}

}  // namespace ddx::engine
