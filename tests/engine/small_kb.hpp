// tests/engine/small_kb.hpp: a small, correct knowledge base on which no lint fires (every name used, sourced
// and tested); lint and mistake tests write their case in a second file `t.ddx` next to it.
#pragma once

namespace ddx::engine::testing {

inline constexpr const char* small_kb = R"(knowledge_base "t"
  version "1"
  regions knee
value age "Age"
  range 0 to 120
finding loc.lateral_knee location "Outer knee"
finding trig.downhill trigger "Downhill"
condition itbs "ITBS"
  region knee
  prior common
  source "s: itbs"
fact load_spike "Load spike"
flag dvt "Clot"
  level urgent_care
rule r_load "x"
  when trig.downhill and age >= 18
  then assert load_spike
  source "s: load"
rule r_itbs "x"
  when loc.lateral_knee and load_spike
  then for itbs strong
  source "s: itbs"
rule r_dvt "x"
  when loc.lateral_knee and not trig.downhill
  then raise dvt
  source "s: dvt"
test t_itbs "x"
  present loc.lateral_knee, trig.downhill
  expect itbs first
)";

}  // namespace ddx::engine::testing
