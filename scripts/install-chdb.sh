#!/usr/bin/env bash
# Installs shared/tools/chdb-sql (a current ClickHouse engine in-process,
# used by the tests to run every DDL statement and panel query on a modern
# server too) into a cache directory, and prints the path of its index.mjs.
# Outside the Leerlijn workplace the shared folder is absent: then it says
# so on stderr and prints nothing (the tests skip that check, except under
# CI=true, where they fail).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=${LEERLIJN_SHARED:-$root/../shared}/tools/chdb-sql
cache=${LEERLIJN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/leerlijn}/chdb-sql
if [ ! -f "$src/index.mjs" ]; then
  echo "install-chdb: $src not found; the modern-engine SQL checks will be skipped (they fail under CI=true)" >&2
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "install-chdb: npm not found: install Node.js (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
mkdir -p "$cache"
# Refresh the copy when the tool changed; keep node_modules (~550 MB).
if ! cmp -s "$src/package-lock.json" "$cache/package-lock.json" || ! cmp -s "$src/index.mjs" "$cache/index.mjs"; then
  cp "$src/index.mjs" "$src/package.json" "$src/package-lock.json" "$cache/"
  rm -rf "$cache/node_modules/.installed"
fi
if [ ! -f "$cache/node_modules/.installed" ]; then
  echo "install-chdb: installing chdb-sql's engine into $cache (npm install, about 550 MB, once)" >&2
  (cd "$cache" && npm install --no-audit --no-fund --loglevel=error >&2)
  touch "$cache/node_modules/.installed"
fi
echo "$cache/index.mjs"
