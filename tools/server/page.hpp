// tools/server/page.hpp: the classroom page's files (tools/web, built by Vite), compiled into the program so that
// `ddx serve` needs no files beside it and works offline. A build without the page (-DDDX_WEB_PAGE=OFF, or no
// node/npm at configure time) has none, and `ddx serve` says so.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

namespace ddx::tools {

struct page_file {
  std::string_view path;          ///< "/index.html", "/assets/index-1a2b3c.js"
  std::string_view content_type;  ///< "text/html; charset=utf-8", ...
  const unsigned char* data;
  std::size_t size;
};

/// Every file of the built page; empty when the page was not built.
std::span<const page_file> page_files();

/// The file served for a GET of `path` ("/" is "/index.html"); nullptr when there is none.
const page_file* find_page_file(std::string_view path);

}  // namespace ddx::tools
