// engine/infer/pool.cpp: the knowledge base's pool of scratch states and the lease that borrows one.
#include "engine/infer/chain.hpp"
#include "engine/infer/scratch.hpp"

namespace ddx::engine {

scratch_pool::scratch_pool() = default;
scratch_pool::~scratch_pool() = default;

std::unique_ptr<detail::scratch_state> scratch_pool::acquire() const {
  const std::lock_guard lock(mutex_);
  if (free_.empty()) return std::make_unique<detail::scratch_state>();
  auto s = std::move(free_.back());
  free_.pop_back();
  return s;
}

void scratch_pool::release(std::unique_ptr<detail::scratch_state> s) const {
  const std::lock_guard lock(mutex_);
  free_.push_back(std::move(s));
}

inference_scratch::inference_scratch() : state_(std::make_unique<detail::scratch_state>()) {}
inference_scratch::~inference_scratch() = default;
inference_scratch::inference_scratch(inference_scratch&&) noexcept = default;
inference_scratch& inference_scratch::operator=(inference_scratch&&) noexcept = default;

namespace detail {

scratch_lease::scratch_lease(const compiled_kb& kb) : kb_(kb), state_(kb.pool.acquire()) { state_->bind(kb); }
scratch_lease::~scratch_lease() { kb_.pool.release(std::move(state_)); }

}  // namespace detail
}  // namespace ddx::engine
