// engine/result.cpp: triage level names.
#include "engine/result.hpp"

#include <array>

namespace ddx::engine {
namespace {
constexpr std::array<const char*, 5> triage_names{"self_care", "modify_training", "stop_and_assess", "urgent_care",
                                                  "emergency"};
}

const char* triage_name(triage_level level) { return triage_names[static_cast<std::size_t>(level)]; }

std::optional<triage_level> parse_triage(std::string_view name) {
  for (std::size_t i = 0; i < triage_names.size(); ++i)
    if (name == triage_names[i]) return static_cast<triage_level>(i);
  return std::nullopt;
}

}  // namespace ddx::engine
