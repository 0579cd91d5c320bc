// engine/compile/huge_pages.cpp: allocate_huge / deallocate_huge (anonymous 2 MiB-aligned mappings on Linux).
#include "engine/compile/huge_pages.hpp"

#include <cstdint>
#include <new>

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include "grammar/huge_pages.hpp"

namespace ddx::engine::detail {

#if defined(__linux__) && defined(MADV_HUGEPAGE)

namespace {

constexpr std::size_t huge_page = std::size_t{2} << 20;

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
  grammar::advise_huge_pages(reinterpret_cast<void*>(begin), size, grammar::will_write::all);
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

}  // namespace ddx::engine::detail
