#!/usr/bin/env bash
# Runs `npm ci` only when node_modules is missing or was installed from another package-lock.json
# (a stamp in node_modules holds the lock file's hash), so reruns cost nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
STAMP="node_modules/.crx-lock-sha256"
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"

if [[ -d node_modules && "$(cat "$STAMP" 2>/dev/null)" == "$lock_hash" ]]; then
  echo "[ensure-node-modules] node_modules matches package-lock.json"
  exit 0
fi
echo "[ensure-node-modules] running npm ci (node_modules missing or stale)"
npm ci --no-audit --no-fund
echo "$lock_hash" >"$STAMP"
