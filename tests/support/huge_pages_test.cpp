// tests/support/huge_pages_test.cpp: the background page filler maps pages of buffers written whole, never touches
// their bytes, leaves other buffers alone and survives a buffer freed under it.
#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

#include "support/huge_pages.hpp"
#include "support/page_filler.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace ddx::support {

#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
namespace {

constexpr std::size_t mib = std::size_t{1} << 20;

/// A fresh anonymous mapping of `bytes` (2 MiB-aligned inside), unmapped at the end of the test.
struct mapping {
  explicit mapping(std::size_t bytes) : size(bytes) {
    void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(p != MAP_FAILED);
    data = static_cast<unsigned char*>(p);
  }
  ~mapping() {
    if (data != nullptr) munmap(data, size);
  }
  mapping(const mapping&) = delete;
  mapping& operator=(const mapping&) = delete;

  /// Resident pages of the 2 MiB-aligned inside of the mapping, and how many pages that inside has.
  std::pair<std::size_t, std::size_t> resident_inside() const {
    const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    const auto at = reinterpret_cast<std::uintptr_t>(data);
    const std::uintptr_t begin = (at + 2 * mib - 1) & ~(2 * mib - 1);
    const std::uintptr_t end = (at + size) & ~(2 * mib - 1);
    std::vector<unsigned char> in((end - begin) / page);
    REQUIRE(mincore(reinterpret_cast<void*>(begin), end - begin, in.data()) == 0);
    std::size_t n = 0;
    for (auto x : in) n += x & 1;
    return {n, in.size()};
  }

  unsigned char* data = nullptr;
  std::size_t size = 0;
};

/// Whether this kernel offers MADV_POPULATE_WRITE (Linux 5.14 and later).
bool can_populate() {
  mapping m(4 * mib);
  return madvise(m.data, 4096, MADV_POPULATE_WRITE) == 0;
}

/// Waits up to two seconds for the filler to map every page of `m`'s inside.
bool filled(const mapping& m) {
  for (int i = 0; i < 200; ++i) {
    const auto [resident, pages] = m.resident_inside();
    if (resident == pages) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace

TEST_SUITE("support.huge_pages") {
  TEST_CASE("a buffer written whole is mapped by the filler, its bytes untouched, while its owner writes it") {
    if (!can_populate()) return;  // an older kernel: the filler does nothing, by design
    mapping m(24 * mib);
    {
      const background_page_filler filler;
      advise_huge_pages(m.data, m.size, will_write::all);
      for (std::size_t i = 0; i < 4 * mib; ++i) m.data[i] = static_cast<unsigned char>(i % 251 + 1);
      CHECK(filled(m));
    }
    bool written = true, zero = true;
    for (std::size_t i = 0; i < 4 * mib; ++i) written = written && m.data[i] == static_cast<unsigned char>(i % 251 + 1);
    for (std::size_t i = 4 * mib; i < m.size; ++i) zero = zero && m.data[i] == 0;
    CHECK(written);
    CHECK(zero);
  }

  TEST_CASE("a buffer that may be written in part is left to fault in as it is used") {
    if (!can_populate()) return;
    mapping m(24 * mib);
    {
      const background_page_filler filler;
      advise_huge_pages(m.data, m.size);  // will_write::part
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(m.resident_inside().first == 0);
  }

  TEST_CASE("without a filler, or with a nested one, advising maps nothing and a freed buffer is no harm") {
    if (!can_populate()) return;
    {
      mapping m(24 * mib);
      advise_huge_pages(m.data, m.size, will_write::all);  // no filler alive on this thread
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      CHECK(m.resident_inside().first == 0);
    }
    const background_page_filler outer;
    {
      const background_page_filler inner;  // inert: the outer one does the work
      auto* m = new mapping(64 * mib);
      advise_huge_pages(m->data, m->size, will_write::all);
      delete m;  // unmapped while the filler may still be at it: its next call is refused and the range dropped
    }
    mapping again(24 * mib);
    advise_huge_pages(again.data, again.size, will_write::all);
    CHECK(filled(again));  // the outer filler still works after the refusal
  }
}
#endif

}  // namespace ddx::support
