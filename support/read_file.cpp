// support/read_file.cpp: read_file with one sized read for regular files.
#include "support/read_file.hpp"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "support/huge_pages.hpp"

namespace ddx::support {
namespace {

/// The whole stream into `text`: one sized read for a regular file (size from seeking to the end), chunks for
/// anything that cannot seek. False on a read error.
bool read_all(std::ifstream& in, std::string& text) {
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size >= 0) {
    in.seekg(0, std::ios::beg);
    reserve_on_huge_pages(text, static_cast<std::size_t>(size), will_write::all);  // before resize writes
    text.resize(static_cast<std::size_t>(size));
    in.read(text.data(), size);
    return !in.bad() && in.gcount() == size;
  }
  in.clear();
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) text.append(chunk, static_cast<std::size_t>(in.gcount()));
  return !in.bad();
}

}  // namespace

bool read_file(const std::string& path, std::string& text, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = std::strerror(errno);
    if (!error.empty()) error[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(error[0])));
    return false;
  }
  if (read_all(in, text)) return true;
  error = "read failed";
  return false;
}

}  // namespace ddx::support
