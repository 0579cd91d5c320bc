// grammar/huge_pages.hpp: a hint to back a large buffer with transparent huge pages (shared by grammar and engine).
#pragma once

#include <cstddef>

namespace ddx::grammar {

/// Asks Linux to back the 2 MiB-aligned inside of `[data, data + bytes)` with huge pages, before the buffer is first
/// written: one page fault per 2 MiB instead of one per 4 KiB, which is most of the cost of filling fresh memory on
/// a virtual machine. Only a hint: a buffer with no whole aligned 2 MiB inside, other systems and a refusal leave
/// everything as it was.
void advise_huge_pages(const void* data, std::size_t bytes);

}  // namespace ddx::grammar
