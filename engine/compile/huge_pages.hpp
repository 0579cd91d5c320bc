// engine/compile/huge_pages.hpp: an allocator that puts the large arrays of a compiled network on huge pages.
#pragma once

#include <cstddef>
#include <vector>

namespace ddx::engine {

namespace detail {
/// At least `bytes`; blocks of huge_block_min bytes or more are whole 2 MiB pages, aligned, and advised onto
/// transparent huge pages (a hint: plain pages where the platform has none). Throws std::bad_alloc on failure.
void* allocate_huge(std::size_t bytes);
/// Frees a block of allocate_huge(bytes).
void deallocate_huge(void* p, std::size_t bytes) noexcept;
inline constexpr std::size_t huge_block_min = std::size_t{512} << 10;  ///< a fault per 4 KiB costs more above
}  // namespace detail

/// A knowledge base of hundreds of thousands of rules writes tens of megabytes of fresh arrays when it compiles,
/// and on some virtual machines the fault per fresh 4 KiB page is most of the cost: a 2 MiB page costs about as
/// much as one of them. Small arrays are plain operator new.
template <typename T>
struct huge_page_allocator {
  using value_type = T;
  huge_page_allocator() = default;
  template <typename U>
  huge_page_allocator(const huge_page_allocator<U>&) noexcept {}
  T* allocate(std::size_t n) { return static_cast<T*>(detail::allocate_huge(n * sizeof(T))); }
  void deallocate(T* p, std::size_t n) noexcept { detail::deallocate_huge(p, n * sizeof(T)); }
  template <typename U>
  bool operator==(const huge_page_allocator<U>&) const noexcept { return true; }
};

/// A vector for the large arrays of a compiled network (huge_page_allocator). Best sized once: growing works, but
/// each step past huge_block_min maps a new block and copies.
template <typename T>
using huge_vector = std::vector<T, huge_page_allocator<T>>;

}  // namespace ddx::engine
