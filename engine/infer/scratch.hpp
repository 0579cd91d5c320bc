// engine/infer/scratch.hpp: the per-thread working memory of the fast path (knowledge_base::rank), as an opaque handle.
#pragma once

#include <memory>

namespace ddx::engine {

namespace detail {
struct scratch_state;  // engine/infer/chain.hpp
}

/// Per-case working memory for the fast path. Bind one to each thread and reuse it: its arrays are sized
/// to the knowledge base once and never cleared per case (generation counters), so a case costs what its
/// findings reach, not what the knowledge base holds.
class inference_scratch {
 public:
  inference_scratch();
  ~inference_scratch();
  inference_scratch(inference_scratch&&) noexcept;
  inference_scratch& operator=(inference_scratch&&) noexcept;
  detail::scratch_state& state() { return *state_; }

 private:
  std::unique_ptr<detail::scratch_state> state_;
};

}  // namespace ddx::engine
