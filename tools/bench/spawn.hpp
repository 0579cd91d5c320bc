// tools/bench/spawn.hpp: runs this executable again as a child and collects its output and peak memory.
#pragma once

#include <string>
#include <vector>

namespace ddx::tools::bench {

struct child_run {
  std::string output;   ///< the child's stdout
  int exit_code = -1;
  long max_rss_kb = 0;  ///< the child's own peak resident set (wait4 rusage)
  double wall_s = 0;
};

child_run spawn_self(const std::vector<std::string>& args);

}  // namespace ddx::tools::bench
