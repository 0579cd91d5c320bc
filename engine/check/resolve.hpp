// engine/check/resolve.hpp: names -> model references: every name resolved to an id or an "unknown …" error.
#pragma once

#include "engine/check/check.hpp"

namespace ddx::engine::check {

/// Resolves `id` as a name of `kind`; reports E201/E203-E206 (unknown, with did-you-mean) or E208 (wrong kind).
/// Returns the index, or no_id after reporting.
std::uint32_t resolve_as(context& cx, std::string_view name, source_span span, node_kind kind);
std::uint32_t resolve_as(context& cx, const grammar::ast::ident& id, node_kind kind);

}  // namespace ddx::engine::check
