// tools/web/page_none.cpp: page_files() of a build without the classroom page (-DDDX_WEB_PAGE=OFF).
#include "tools/server/page.hpp"

namespace ddx::tools {

std::span<const page_file> page_files() { return {}; }

}  // namespace ddx::tools
