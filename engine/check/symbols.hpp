// engine/check/symbols.hpp: declare and look up names; suggestions drawn from the names of one kind.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/check/check.hpp"

namespace ddx::engine::check {

/// Every declared name of `kind`, for did-you-mean hints.
std::vector<std::string> names_of(const model& m, node_kind kind);
/// Span of the declaration `ref` points at (its id).
source_span declaration_span(const context& cx, node_ref ref);
/// "`x` is a fact, not a condition" style article-free kind phrase, e.g. "a finding or fact".
std::string did_you_mean_hint(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace ddx::engine::check
