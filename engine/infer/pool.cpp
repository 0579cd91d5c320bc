// engine/infer/pool.cpp: the pool of scratch states and the lease that borrows one.
#include "engine/infer/pool.hpp"

namespace ddx::engine::detail {

std::unique_ptr<scratch_state> scratch_pool::acquire() {
  const std::lock_guard lock(mutex_);
  if (free_.empty()) return std::make_unique<scratch_state>();
  auto s = std::move(free_.back());
  free_.pop_back();
  return s;
}

void scratch_pool::release(std::unique_ptr<scratch_state> s) {
  const std::lock_guard lock(mutex_);
  free_.push_back(std::move(s));
}

scratch_lease::scratch_lease(scratch_pool& pool, const compiled_kb& kb) : pool_(pool), state_(pool.acquire()) {
  state_->bind(kb);
}

scratch_lease::~scratch_lease() { pool_.release(std::move(state_)); }

}  // namespace ddx::engine::detail
