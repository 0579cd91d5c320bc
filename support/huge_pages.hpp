// support/huge_pages.hpp: large buffers on 2 MiB pages: a hint for buffers of standard containers, and an allocator
// for arrays sized once (the compiled network's).
#pragma once

#include <cstddef>
#include <vector>

namespace ddx::support {

/// How much of an advised buffer its owner is about to write.
enum class will_write {
  part,  ///< perhaps only a part (spare capacity, a guess): its pages are left to be faulted in as they are used
  all,   ///< all of it (a read file, an array sized to its content): a background_page_filler may fault it in
};

/// Asks Linux to back the 2 MiB-aligned inside of `[data, data + bytes)` with huge pages, before the buffer is first
/// written: one page fault per 2 MiB instead of one per 4 KiB, which is most of the cost of filling fresh memory on
/// a virtual machine. Only a hint: a buffer with no whole aligned 2 MiB inside, other systems and a refusal leave
/// everything as it was. A buffer that `will_write::all` is also handed to the background_page_filler alive on the
/// calling thread, if any (support/page_filler.hpp; only then: filling pages nobody writes would only add to the memory
/// in use).
void advise_huge_pages(const void* data, std::size_t bytes, will_write use = will_write::part);

/// `c.reserve(n)`, with the new buffer advised for huge pages before anything is written to it.
template <typename Container>
void reserve_on_huge_pages(Container& c, std::size_t n, will_write use = will_write::part) {
  c.reserve(n);
  advise_huge_pages(c.data(), c.capacity() * sizeof(typename Container::value_type), use);
}

namespace detail {
/// At least `bytes`; blocks of huge_block_min bytes or more are whole 2 MiB pages, aligned, and advised onto
/// transparent huge pages as will_write::all. Throws std::bad_alloc on failure.
void* allocate_huge(std::size_t bytes);
/// Frees a block of allocate_huge(bytes).
void deallocate_huge(void* p, std::size_t bytes) noexcept;
inline constexpr std::size_t huge_block_min = std::size_t{512} << 10;  ///< a fault per 4 KiB costs more above
}  // namespace detail

/// A knowledge base of hundreds of thousands of rules writes tens of megabytes of fresh arrays when it compiles, and
/// on some virtual machines the fault per fresh 4 KiB page is most of the cost: a 2 MiB page costs about as much as
/// one of them. Small arrays are plain operator new.
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

/// A vector for large arrays written whole once sized (huge_page_allocator). Best sized once: growing works, but each
/// step past huge_block_min maps a new block and copies.
template <typename T>
using huge_vector = std::vector<T, huge_page_allocator<T>>;

}  // namespace ddx::support
