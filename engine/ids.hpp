// engine/ids.hpp: dense integer ids for the kinds of named things and the interner that maps names to them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ddx::engine {

/// Dense per-kind indexes: inference works on these and never touches a string.
using finding_id = std::uint32_t;
using value_id = std::uint32_t;
using fact_id = std::uint32_t;
using rule_id = std::uint32_t;
using condition_id = std::uint32_t;
using flag_id = std::uint32_t;

inline constexpr std::uint32_t no_id = 0xffffffffu;

/// What a declared name stands for.
enum class node_kind : std::uint8_t { finding, value, fact, rule, condition, flag, test };

/// "finding", "value", "fact", ...
const char* kind_name(node_kind k);

/// A name resolved to its kind and its dense index within that kind.
struct node_ref {
  node_kind kind = node_kind::finding;
  std::uint32_t index = no_id;
};

/// Name -> (kind, index). Lookups take a string_view without allocating. A flat open-addressing table (linear
/// probing, power-of-two capacity, at most half full) over one character arena that owns every name: no node and
/// no string per name, so declaring a few hundred thousand names costs a few large allocations.
class interner {
 public:
  /// False (and no change) when the name is already taken.
  bool add(std::string_view name, node_ref ref);
  std::optional<node_ref> find(std::string_view name) const;
  /// Fetches the slot where `name` is or would go into the cache (a hint: changes nothing).
  void prefetch(std::string_view name) const;
  std::size_t size() const { return size_; }
  /// Room for `names` names of `chars` characters in all without growing (growing stays correct).
  void reserve(std::size_t names, std::size_t chars = 0);

 private:
  /// 16 bytes: the kind shares a word with the hash bits (a large knowledge base's table is megabytes).
  struct slot {
    static constexpr std::uint32_t kind_bits = 7;  ///< node_kind in the low 3 bits, hash bits above
    std::uint32_t offset = no_id;  ///< into chars_; no_id marks an empty slot
    std::uint32_t length = 0;
    std::uint32_t hash_kind = 0;   ///< bits of the full hash (compared before the characters) | node_kind
    std::uint32_t index = no_id;
    node_kind kind() const { return static_cast<node_kind>(hash_kind & kind_bits); }
    static std::uint32_t hash_bits(std::size_t h) { return static_cast<std::uint32_t>(h) & ~kind_bits; }
  };
  static_assert(static_cast<std::uint32_t>(node_kind::test) <= slot::kind_bits, "node_kind must fit slot::kind_bits");
  static std::size_t hash_of(std::string_view name);
  /// The slot holding `name`, or the empty slot where it would go.
  std::size_t probe(std::string_view name, std::size_t h) const;
  void rehash(std::size_t capacity);

  std::vector<slot> slots_;  ///< size 0 or a power of two
  std::string chars_;        ///< every name, back to back
  std::size_t size_ = 0;
};

}  // namespace ddx::engine
