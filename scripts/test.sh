#!/usr/bin/env bash
# README command 2: install what is missing, build everything, run every test (unit, CLI, knowledge base, and the
# classroom page: its unit tests and the page in headless Chromium).
#   scripts/test.sh             normal build in build/
#   scripts/test.sh --sanitize  the C++ suite built with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/
#                               (the Python module, the classroom page, the VS Code extension and their tests are left out)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ "${1:-}" = "--sanitize" ]; then
  build="${DDX_BUILD_DIR:-$here/build-asan}"
  # C++ tests only: the classroom page, the Python module and their tests run in the normal pass.
  "$here/scripts/setup-debian.sh" "$build" -DDDX_SANITIZE=ON -DDDX_BUILD_BENCH=OFF -DDDX_BUILD_PYTHON=OFF \
    -DDDX_WEB_PAGE=OFF -DDDX_NODE_TESTS=OFF -DCMAKE_BUILD_TYPE=Debug
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
else
  build="${DDX_BUILD_DIR:-$here/build}"
  # node and npm build the classroom page (npm ci from tools/web/package-lock.json); Chromium runs its browser tests.
  DDX_WEB=1 DDX_BROWSER=1 "$here/scripts/setup-debian.sh" "$build" -DDDX_WEB_PAGE=ON -DDDX_NODE_TESTS=ON
  # The VS Code extension's npm packages (npm ci from editors/vscode/package-lock.json).
  "$here/scripts/setup-node.sh" "$here/editors/vscode"
fi
cmake --build "$build" -j2
cd "$build" && ctest --output-on-failure -j2
