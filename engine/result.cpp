// engine/result.cpp: triage level and triage setter names.
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

const char* setter_kind_name(triage_setter::kind k) {
  switch (k) {
    case triage_setter::kind::flag: return "flag";
    case triage_setter::kind::condition: return "condition";
    default: return "default";
  }
}

}  // namespace ddx::engine
