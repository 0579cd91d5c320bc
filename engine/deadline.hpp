// engine/deadline.hpp: a cooperative time limit for one query. The engine's work is CPU-bound and cannot be
// interrupted from outside, so a caller that must answer in time (the HTTP server's --request-timeout-ms) gives a
// deadline and the engine looks at the clock at cheap points: between the stages of a diagnosis and before each
// simulated answer of the next-question search, its longest loop. Unset (the default), nothing is checked and
// nothing is paid; set and not reached, the answer is the same as without it.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>

namespace ddx::engine {

/// A point on the steady clock after which a query gives up; nullopt: no limit.
using deadline = std::optional<std::chrono::steady_clock::time_point>;

/// Thrown out of a query whose deadline passed. The knowledge base is unchanged and the scratch state the query
/// borrowed goes back to its pool whole, so the next query is unaffected.
class deadline_exceeded : public std::runtime_error {
 public:
  deadline_exceeded() : std::runtime_error("the query's deadline passed before it finished") {}
};

/// Throws deadline_exceeded when `d` is set and has passed.
inline void check_deadline(const deadline& d) {
  if (d && std::chrono::steady_clock::now() >= *d) throw deadline_exceeded();
}

}  // namespace ddx::engine
