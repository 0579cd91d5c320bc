// engine/compile/csr_builder.hpp: builds a csr in two passes (count every row, then fill), with no vector per row.
#pragma once

#include <cstdint>
#include <numeric>
#include <vector>

#include "engine/compile/network.hpp"

namespace ddx::engine::detail {

/// Usage: count(row) once per item to come, then start(), then add(row, item) for the same items. Items keep the
/// order they are added in within their row, as if pushed onto a vector per row, but the result is written in
/// place: two arrays sized once, instead of a vector per row grown one item at a time and copied at the end.
class csr_builder {
 public:
  explicit csr_builder(std::size_t rows) : next_(rows + 1, 0) {}

  void count(std::size_t row, std::uint32_t n = 1) { next_[row + 1] += n; }

  /// Ends counting: sizes the items and points each row's cursor at the row's first slot.
  void start() {
    std::partial_sum(next_.begin(), next_.end(), next_.begin());
    out_.offsets = next_;
    out_.items.resize(next_.back());
  }

  void add(std::size_t row, std::uint32_t item) { out_.items[next_[row]++] = item; }

  /// True when the last item added to `row` is `item` (to add an item once per row from an ordered stream).
  bool ends_with(std::size_t row, std::uint32_t item) const {
    return next_[row] > out_.offsets[row] && out_.items[next_[row] - 1] == item;
  }

  /// The result; every counted item must have been added.
  csr finish() {
    std::vector<std::uint32_t>().swap(next_);
    return std::move(out_);
  }

 private:
  std::vector<std::uint32_t> next_;  ///< while counting: count of row i - 1 at i; then: row i's next free slot
  csr out_;
};

/// A csr_builder for streams that may repeat an item in a row: counts an item once per row as long as equal items
/// come together (rules in compiled order, say), remembering the last item counted per row.
class distinct_csr_builder {
 public:
  explicit distinct_csr_builder(std::size_t rows) : rows_(rows), last_(rows, no_id) {}

  /// Counts `item` in `row` unless it was the last one counted there; true when counted.
  bool count(std::size_t row, std::uint32_t item) {
    if (last_[row] == item) return false;
    last_[row] = item;
    rows_.count(row);
    return true;
  }
  void start() {
    std::vector<std::uint32_t>().swap(last_);
    rows_.start();
  }
  void add(std::size_t row, std::uint32_t item) {
    if (!rows_.ends_with(row, item)) rows_.add(row, item);
  }
  csr finish() { return rows_.finish(); }

 private:
  csr_builder rows_;
  std::vector<std::uint32_t> last_;
};

}  // namespace ddx::engine::detail
