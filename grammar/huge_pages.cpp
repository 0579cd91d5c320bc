// grammar/huge_pages.cpp: madvise(MADV_HUGEPAGE) on the aligned inside of a large buffer, and a thread that faults
// in such buffers' pages (MADV_POPULATE_WRITE) while their owner writes them, where Linux offers it.
#include "grammar/huge_pages.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace ddx::grammar {

namespace {
constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
}  // namespace

struct background_page_filler::worker {
  std::mutex mutex;
  std::condition_variable wake;
  std::deque<std::pair<std::uintptr_t, std::uintptr_t>> ranges;  ///< [begin, end), 2 MiB-aligned
  bool stop = false;
  std::thread thread;  ///< started by the first range

  void add(std::uintptr_t begin, std::uintptr_t end) {
    {
      const std::lock_guard lock(mutex);
      if (stop) return;
      ranges.emplace_back(begin, end);
      if (!thread.joinable()) thread = std::thread([this] { run(); });
    }
    wake.notify_one();
  }

  void run() {
    for (;;) {
      std::pair<std::uintptr_t, std::uintptr_t> r;
      {
        std::unique_lock lock(mutex);
        wake.wait(lock, [&] { return stop || !ranges.empty(); });
        if (stop) return;
        r = ranges.front();
        ranges.pop_front();
      }
      // From the end backwards, 2 MiB at a time, so that it meets the owner, who writes from the start. A refusal
      // (no such call here, or the buffer is gone) ends this range.
      for (std::uintptr_t at = r.second; at > r.first && populate(at - huge); at -= huge) {
        const std::lock_guard lock(mutex);
        if (stop) return;
      }
    }
  }

  static bool populate([[maybe_unused]] std::uintptr_t at) {
#if defined(__linux__) && defined(MADV_POPULATE_WRITE)
    return madvise(reinterpret_cast<void*>(at), huge, MADV_POPULATE_WRITE) == 0;
#else
    return false;
#endif
  }
};

namespace {
thread_local background_page_filler::worker* active_filler = nullptr;
}  // namespace

background_page_filler::background_page_filler() {
  if (active_filler != nullptr) return;  // an outer filler is already at work on this thread
  worker_ = std::make_unique<worker>();
  active_filler = worker_.get();
}

background_page_filler::~background_page_filler() {
  if (!worker_) return;
  active_filler = nullptr;
  {
    const std::lock_guard lock(worker_->mutex);
    worker_->stop = true;
  }
  worker_->wake.notify_one();
  if (worker_->thread.joinable()) worker_->thread.join();
}

void advise_huge_pages([[maybe_unused]] const void* data, [[maybe_unused]] std::size_t bytes,
                       [[maybe_unused]] will_write use) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (data == nullptr || bytes < huge) return;
  auto begin = (reinterpret_cast<std::uintptr_t>(data) + huge - 1) & ~(huge - 1);
  auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge - 1);
  if (end <= begin) return;
  madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);  // a hint: errors are fine
  if (use == will_write::all && active_filler != nullptr) active_filler->add(begin, end);
#endif
}

}  // namespace ddx::grammar
