// support/page_filler.hpp: a thread that faults in the pages of fresh buffers while their owner writes them.
#pragma once

#include <cstdint>
#include <memory>

namespace ddx::support {

/// While alive, faults in the pages of the buffers that advise_huge_pages is told this thread will write whole, from a
/// second thread and from each buffer's end backwards, while this thread writes the buffer from its start: the kernel
/// zeroes a fresh page before first use, and on a virtual machine that zeroing can be a third of loading a large
/// knowledge base. The second thread only maps pages (Linux MADV_POPULATE_WRITE); it never reads or writes a byte, so
/// it cannot race with the buffer's owner, and a buffer freed meanwhile only ends its work early. Where the call is not
/// available each range is dropped at its first refusal and nothing else changes. The destructor stops and joins the
/// thread; fillers do not nest (an inner one is inert).
class background_page_filler {
 public:
  background_page_filler();
  ~background_page_filler();
  background_page_filler(const background_page_filler&) = delete;
  background_page_filler& operator=(const background_page_filler&) = delete;

  struct worker;

 private:
  std::unique_ptr<worker> worker_;
};

namespace detail {
/// Hands the 2 MiB-aligned range [begin, end) to the filler alive on this thread, if any (advise_huge_pages).
void hand_to_page_filler(std::uintptr_t begin, std::uintptr_t end);
}  // namespace detail

}  // namespace ddx::support
