// tools/server/page.cpp: looking up the classroom page's files (tools/server/page.hpp).
#include "tools/server/page.hpp"

namespace ddx::tools {

const page_file* find_page_file(std::string_view path) {
  if (path == "/" || path.empty()) path = "/index.html";
  for (const auto& f : page_files())
    if (f.path == path) return &f;
  return nullptr;
}

}  // namespace ddx::tools
