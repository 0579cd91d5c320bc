// engine/infer/scratch.cpp: the public handle of a scratch state.
#include "engine/infer/scratch.hpp"

#include "engine/infer/chain.hpp"

namespace ddx::engine {

inference_scratch::inference_scratch() : state_(std::make_unique<detail::scratch_state>()) {}
inference_scratch::~inference_scratch() = default;
inference_scratch::inference_scratch(inference_scratch&&) noexcept = default;
inference_scratch& inference_scratch::operator=(inference_scratch&&) noexcept = default;

}  // namespace ddx::engine
