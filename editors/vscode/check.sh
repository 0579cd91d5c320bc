#!/usr/bin/env bash
# The extension's checks (run by ctest as editors.vscode): the TextMate grammar against lines of kb/ files, then the
# .vsix package. Usage: editors/vscode/check.sh [OUT.vsix]. Exit 77 (skipped) when node or the npm packages are
# missing: scripts/test.sh installs them (Debian's nodejs and npm, then `npm ci` here).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/ddx-language.vsix}"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "SKIPPED: node and npm are not installed (apt-get install nodejs npm, or run scripts/test.sh)"
  exit 77
fi
if [ ! -x "$here/node_modules/.bin/vscode-tmgrammar-test" ] || [ ! -x "$here/node_modules/.bin/vsce" ]; then
  echo "SKIPPED: the npm packages are not installed (cd editors/vscode && npm ci, or run scripts/test.sh)"
  exit 77
fi
cd "$here"
node_modules/.bin/vscode-tmgrammar-test -g syntaxes/ddx.tmLanguage.json "test/*.test.ddx"
node_modules/.bin/vsce package --allow-missing-repository --out "$out"
# The package holds the client, the grammar and the language client library it needs at run time.
listing="$(node_modules/.bin/vsce ls 2>/dev/null)"
for f in extension.js syntaxes/ddx.tmLanguage.json language-configuration.json node_modules/vscode-languageclient/package.json; do
  grep -qx "$f" <<<"$listing" || { echo "FAILED: $f is not in the package"; exit 1; }
done
echo "ok: grammar tests passed; $out built"
