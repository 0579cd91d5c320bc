// support/page_filler.cpp: the filler's thread: a queue of 2 MiB-aligned ranges, each faulted in with
// MADV_POPULATE_WRITE from its end backwards, where Linux offers it.
#include "support/page_filler.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace ddx::support {

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

namespace detail {

void hand_to_page_filler(std::uintptr_t begin, std::uintptr_t end) {
  if (active_filler != nullptr) active_filler->add(begin, end);
}

}  // namespace detail
}  // namespace ddx::support
