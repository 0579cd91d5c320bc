// engine/compile/huge_pages.hpp: room for the large arrays of a compiled network on transparent huge pages.
#pragma once

#include <cstddef>
#include <vector>

namespace ddx::engine::detail {

/// Asks the kernel to back the 2 MiB-aligned part of [data, data + bytes) with huge pages when first touched (a
/// hint: nothing happens where it is not supported). A knowledge base of hundreds of thousands of rules writes tens
/// of megabytes of fresh arrays, and a fault per 4 KiB page is most of the cost of that on some virtual machines.
void advise_huge_pages(void* data, std::size_t bytes);

/// v.reserve(n), with the reserved room advised onto huge pages (before anything is written to it).
template <typename T>
void reserve_huge(std::vector<T>& v, std::size_t n) {
  v.reserve(n);
  advise_huge_pages(v.data(), v.capacity() * sizeof(T));
}

}  // namespace ddx::engine::detail
