#!/usr/bin/env bash
# Installs Node.js and npm from Debian when missing, then the npm packages pinned by a package-lock.json.
# Usage: scripts/setup-node.sh DIR...   (each DIR holds a package.json and its package-lock.json)
set -euo pipefail
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "installing: nodejs npm"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm
fi
for dir in "$@"; do
  # npm ci installs exactly the lockfile; skipped when node_modules is newer than the lockfile.
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$dir/node_modules"
  fi
done
