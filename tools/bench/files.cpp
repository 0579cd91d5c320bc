// tools/bench/files.cpp: named scales and writing one scale's files (rules, cases, CLIPS programs) to disk.
#include <filesystem>

#include "tools/bench/common.hpp"
#include "tools/bench/emit.hpp"

namespace ddx::tools::bench {

std::optional<synth_params> scale_by_name(const std::string& name) {
  if (name == "running") return running_scale();
  if (name == "dxplain") return dxplain_scale();
  if (name.size() > 1 && name[0] == 'x' && name.find_first_not_of("0123456789", 1) == std::string::npos)
    return multiple_of_running(static_cast<std::uint32_t>(std::stoul(name.substr(1))));
  return std::nullopt;
}

bool write_scale(const synth_kb& kb, const std::string& dir, bool clips) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  bool ok = !ec && write_file(dir + "/kb.ddx", emit_ddx(kb)) && write_file(dir + "/cases.txt", emit_cases(kb));
  if (clips)
    for (auto e : all_encodings())
      ok = ok && write_file(dir + "/clips_" + encoding_name(e) + ".clp", emit_clips(kb, e));
  return ok;
}

}  // namespace ddx::tools::bench
