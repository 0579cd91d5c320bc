#!/usr/bin/env bash
# README command 2: install what is missing, build everything, run every test (unit, CLI, knowledge base).
#   scripts/test.sh             normal build in build/
#   scripts/test.sh --sanitize  the same C++ suite built with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/
#                               (without the Node tests of editors/vscode: -DDDX_NODE_TESTS=OFF)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = "--sanitize" ]; then
  build="${DDX_BUILD_DIR:-$here/build-asan}"
  "$here/scripts/setup-debian.sh" "$build" -DDDX_SANITIZE=ON -DDDX_BUILD_BENCH=OFF -DDDX_NODE_TESTS=OFF -DCMAKE_BUILD_TYPE=Debug
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
else
  build="${DDX_BUILD_DIR:-$here/build}"
  "$here/scripts/setup-debian.sh" "$build" -DDDX_NODE_TESTS=ON
  "$here/scripts/setup-node.sh" "$here/editors/vscode"
fi
cmake --build "$build" -j2
cd "$build" && ctest --output-on-failure -j2
