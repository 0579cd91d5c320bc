// grammar/huge_pages.hpp: hints for large buffers written once (shared by grammar and engine): huge pages, and
// fresh pages filled on another core while the buffer is written.
#pragma once

#include <cstddef>
#include <memory>

namespace ddx::grammar {

/// How much of an advised buffer its owner is about to write.
enum class will_write {
  part,  ///< perhaps only a part (spare capacity, a guess): its pages are left to be faulted in as they are used
  all,   ///< all of it (a read file, an array sized to its content): a background_page_filler may fault it in
};

/// Asks Linux to back the 2 MiB-aligned inside of `[data, data + bytes)` with huge pages, before the buffer is first
/// written: one page fault per 2 MiB instead of one per 4 KiB, which is most of the cost of filling fresh memory on
/// a virtual machine. Only a hint: a buffer with no whole aligned 2 MiB inside, other systems and a refusal leave
/// everything as it was. A buffer that `will_write::all` is also handed to the background_page_filler alive on the
/// calling thread, if any (only then: filling pages nobody writes would only add to the memory in use).
void advise_huge_pages(const void* data, std::size_t bytes, will_write use = will_write::part);

/// While alive, faults in the pages of the buffers that advise_huge_pages is told this thread will write whole, from a
/// second thread and from each buffer's end backwards, while this thread writes the buffer from its start: the kernel
/// zeroes a fresh page before first use, and on a virtual machine that zeroing can be a third of loading a large
/// knowledge base. The second thread only maps pages (Linux MADV_POPULATE_WRITE); it never reads or writes a byte, so
/// it cannot race with the buffer's owner, and a buffer freed meanwhile only ends its work early. Where the call is not
/// available each range is dropped at its first refusal and nothing else changes. The destructor stops and joins the thread;
/// fillers do not nest (an inner one is inert).
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

}  // namespace ddx::grammar
