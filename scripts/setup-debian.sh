#!/usr/bin/env bash
# Installs the Debian 12 packages ddx builds with (only the missing ones) and configures a build tree.
# Usage: scripts/setup-debian.sh [BUILD_DIR] [extra cmake args...]
# DDX_WEB=1 also installs what the classroom page needs (node and npm, to build it), DDX_BROWSER=1 Chromium too (its
# browser tests); a node or npm already on the PATH is kept (the page needs Node.js 20 or later).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$here/build}"; shift || true
pkgs=(build-essential cmake tao-pegtl-dev libboost-graph-dev libfmt-dev doctest-dev
      nlohmann-json3-dev libcli11-dev libcpp-httplib-dev libssl-dev
      python3-dev pybind11-dev python3-pybind11 python3-pytest python3-distributed
      python3-jsonschema python3-yaml)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${DDX_WEB:-0}" = 1 ]; then
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
fi
if [ "${DDX_BROWSER:-0}" = 1 ] && ! command -v chromium >/dev/null && [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
