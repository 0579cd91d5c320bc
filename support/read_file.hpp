// support/read_file.hpp: a file read whole into memory in one read.
#pragma once

#include <string>

namespace ddx::support {

/// Reads the file at `path` whole into `text`: for a regular file its size first, then one read into a buffer sized
/// and advised for huge pages before it is written (will_write::all, so a page filler alive on this thread faults it
/// in meanwhile); anything that cannot seek (a pipe) in chunks. On failure, false with the reason in `error`, in
/// lower case ("no such file or directory", "read failed").
bool read_file(const std::string& path, std::string& text, std::string& error);

}  // namespace ddx::support
