#!/usr/bin/env bash
# README command 1: install what is missing, build ddx (with the classroom page), diagnose the bundled example case.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${DDX_BUILD_DIR:-$here/build}"
DDX_WEB=1 "$here/scripts/setup-debian.sh" "$build"
cmake --build "$build" --target ddx -j2
"$build/tools/ddx" diagnose --kb "$here/kb" "${1:-$here/kb/examples/lateral_knee_runner.json}" --format text
