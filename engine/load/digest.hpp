// engine/load/digest.hpp: the digest that names a knowledge base's exact text (kb_info::digest).
#pragma once

#include <string>

#include "grammar/source.hpp"

namespace ddx::engine::detail {

/// "sha256:<hex>" over every file sorted by path: path, NUL, text, NUL.
std::string digest_of(const grammar::source_manager& sources);

}  // namespace ddx::engine::detail
