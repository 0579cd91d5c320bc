// support/block_store.hpp: typed storage handed out in contiguous runs that never move (the parts of a model's rules).
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <span>
#include <vector>

#include "support/huge_pages.hpp"

namespace ddx::support {

/// Hands out runs of value-initialised Ts from a few large blocks. A run never moves while the store lives (moving
/// the store moves only the blocks' ownership), so a std::span over it stays valid: a knowledge base's hundreds of
/// thousands of small rule parts cost a few large allocations instead of one each, and large blocks are backed by
/// huge pages. Not copyable: a copy's spans would still point into the original.
template <typename T>
class block_store {
 public:
  block_store() = default;
  block_store(const block_store&) = delete;
  block_store& operator=(const block_store&) = delete;
  block_store(block_store&&) noexcept = default;
  block_store& operator=(block_store&&) noexcept = default;

  /// `n` value-initialised Ts, contiguous (empty for 0).
  std::span<T> allocate(std::size_t n) {
    if (n == 0) return {};
    if (room() < n) grow(n);
    std::vector<T>& b = blocks_.back();
    const std::size_t at = b.size();
    b.resize(at + n);  // within capacity: nothing moves
    return {b.data() + at, n};
  }

  /// Takes over `other`'s blocks: spans handed out by either stay valid, and allocations go on in this store's
  /// current block (one store filled on another thread joins the model's).
  void absorb(block_store&& other) {
    blocks_.insert(blocks_.empty() ? blocks_.end() : blocks_.end() - 1, std::make_move_iterator(other.blocks_.begin()),
                   std::make_move_iterator(other.blocks_.end()));
    other.blocks_.clear();
  }

  /// Elements the blocks taken so far can hold in all (used or not).
  std::size_t capacity() const {
    std::size_t n = 0;
    for (const auto& b : blocks_) n += b.capacity();
    return n;
  }

  /// Room for `n` more elements in the current block, so that the next allocations take no new block. `use` says
  /// whether the caller knows that at least `n` will be allocated (support/huge_pages.hpp).
  void reserve(std::size_t n, will_write use = will_write::part) {
    if (room() < n) grow(n, use);
    // A reservation is an estimate: what outgrows it is a small part of it, so the next block starts at a
    // sixteenth rather than at twice the reservation (which would map tens of megabytes for a few hundred parts).
    next_ = std::max<std::size_t>(64, n / 16);
  }

 private:
  std::size_t room() const { return blocks_.empty() ? 0 : blocks_.back().capacity() - blocks_.back().size(); }

  void grow(std::size_t n, will_write use = will_write::part) {
    const std::size_t size = std::max(n, next_);
    next_ = std::min<std::size_t>(2 * size, std::size_t{1} << 20);  // blocks double, up to a million elements
    reserve_on_huge_pages(blocks_.emplace_back(), size, use);
  }

  std::vector<std::vector<T>> blocks_;
  std::size_t next_ = 64;
};

}  // namespace ddx::support
