// engine/ids.hpp: dense integer ids for the kinds of named things and the interner that maps names to them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

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

/// Name -> (kind, index). Lookups take a string_view without allocating.
class interner {
 public:
  /// False (and no change) when the name is already taken.
  bool add(std::string name, node_ref ref);
  std::optional<node_ref> find(std::string_view name) const;
  std::size_t size() const { return map_.size(); }

 private:
  struct hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, node_ref, hash, std::equal_to<>> map_;
};

}  // namespace ddx::engine
