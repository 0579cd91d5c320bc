// support/huge_pages.cpp: madvise(MADV_HUGEPAGE) on the aligned inside of a large buffer, and 2 MiB-aligned anonymous
// mappings for huge_page_allocator, on Linux; plain memory elsewhere.
#include "support/huge_pages.hpp"

#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "support/page_filler.hpp"

namespace ddx::support {

namespace {
constexpr std::uintptr_t huge_page = std::uintptr_t{1} << 21;
}  // namespace

void advise_huge_pages([[maybe_unused]] const void* data, [[maybe_unused]] std::size_t bytes,
                       [[maybe_unused]] will_write use) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (data == nullptr || bytes < huge_page) return;
  auto begin = (reinterpret_cast<std::uintptr_t>(data) + huge_page - 1) & ~(huge_page - 1);
  auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge_page - 1);
  if (end <= begin) return;
  madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // a hint: errors are fine
  if (use == will_write::all) detail::hand_to_page_filler(begin, end);
#endif
}

namespace detail {

#if defined(__linux__) && defined(MADV_HUGEPAGE)

namespace {
std::size_t rounded(std::size_t bytes) { return (bytes + huge_page - 1) & ~(huge_page - 1); }
}  // namespace

void* allocate_huge(std::size_t bytes) {
  if (bytes < huge_block_min) return ::operator new(bytes);
  const std::size_t size = rounded(bytes);
  // Map one page more than needed and unmap the ends that fall outside the aligned block.
  void* raw = mmap(nullptr, size + huge_page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto at = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t begin = (at + huge_page - 1) & ~(huge_page - 1);
  if (begin > at) munmap(raw, begin - at);
  munmap(reinterpret_cast<void*>(begin + size), at + huge_page - begin);  // begin - at < huge_page
  advise_huge_pages(reinterpret_cast<void*>(begin), size, will_write::all);
  return reinterpret_cast<void*>(begin);
}

void deallocate_huge(void* p, std::size_t bytes) noexcept {
  if (bytes < huge_block_min) return ::operator delete(p);
  munmap(p, rounded(bytes));
}

#else

void* allocate_huge(std::size_t bytes) { return ::operator new(bytes); }
void deallocate_huge(void* p, std::size_t) noexcept { ::operator delete(p); }

#endif

}  // namespace detail
}  // namespace ddx::support
