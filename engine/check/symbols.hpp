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
/// An error at `span` about the word `name`: a did-you-mean hint with one fix per close candidate, or
/// `fallback_hint` when none is close.
void error_with_suggestions(context& cx, const char* code, source_span span, std::string message, std::string_view name,
                            const std::vector<std::string>& candidates, std::string fallback_hint);
/// (id, label) of every declaration of `kind` with a label (a condition's name), plus each finding's synonyms.
std::vector<std::pair<std::string, std::string>> labels_of(const model& m, node_kind kind);

}  // namespace ddx::engine::check
