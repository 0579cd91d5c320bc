// tools/render/diff.hpp: a unified-style line diff for `ddx fmt --check`.
#pragma once

#include <string>
#include <string_view>

namespace ddx::tools {

/// `--- a/NAME` / `+++ b/NAME` then `@@ -l,n +l,n @@` hunks with 3 lines of context; empty when equal.
std::string unified_diff(std::string_view before, std::string_view after, const std::string& name);

}  // namespace ddx::tools
