// engine/infer/pool.hpp: scratch states kept for reuse by a knowledge base's string-rich calls, which may come from many
// threads at once, and the lease that borrows one for the length of a call.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "engine/infer/chain.hpp"

namespace ddx::engine::detail {

/// Scratch states free for reuse: a call takes one (or makes one when none is free) and gives it back, so each state's
/// arrays, sized to the knowledge base, are allocated once per thread that ever called at once, not once per call.
class scratch_pool {
 public:
  std::unique_ptr<scratch_state> acquire();
  void release(std::unique_ptr<scratch_state> s);

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<scratch_state>> free_;
};

/// A scratch state borrowed from `pool` and bound to `kb` for the length of one call.
class scratch_lease {
 public:
  scratch_lease(scratch_pool& pool, const compiled_kb& kb);
  ~scratch_lease();
  scratch_lease(const scratch_lease&) = delete;
  scratch_lease& operator=(const scratch_lease&) = delete;
  scratch_state& operator*() { return *state_; }
  scratch_state* operator->() { return state_.get(); }

 private:
  scratch_pool& pool_;
  std::unique_ptr<scratch_state> state_;
};

}  // namespace ddx::engine::detail
