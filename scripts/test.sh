#!/usr/bin/env bash
# README command 2: install what is missing, build everything, run every test (unit, CLI, knowledge base).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${DDX_BUILD_DIR:-$here/build}"
"$here/scripts/setup-debian.sh" "$build"
cmake --build "$build" -j2
cd "$build" && ctest --output-on-failure -j2
