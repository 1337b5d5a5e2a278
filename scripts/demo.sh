#!/usr/bin/env bash
# `npm run demo`: installs what is missing (node_modules, apt packages, Node 24, code-server),
# compiles, packages the extension (.vsix), then runs test/harness/runDemo.ts: a seeded local
# registry and a real VS Code showing it (desktop `code` if installed, else code-server on
# 127.0.0.1:$DEMO_PORT or a free port). Ctrl-C, or SIGINT/SIGTERM to this process, stops everything.
# CRX_DEMO_SKIP_SETUP=1 skips the set-up steps (everything must already be built).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Each set-up step runs as a background job in its own process group (job control on), so a stop
# reaches every process it started, and `wait` returns as soon as a signal arrives: bash would run
# a trap only after a foreground command ended.
set -m
STEP_PID=""
stop() {
  local name="$1" status="$2"
  # Ignore the same signal coming again (npm forwards Ctrl-C on top of the terminal's own).
  trap '' INT TERM HUP
  if [[ -n "$STEP_PID" ]]; then
    kill -TERM -- "-$STEP_PID" 2>/dev/null || true
    wait "$STEP_PID" 2>/dev/null || true
  fi
  echo "[demo] $name: stopped during set-up" >&2
  exit "$status"
}
trap 'stop SIGINT 130' INT
trap 'stop SIGTERM 143' TERM
trap 'stop SIGHUP 129' HUP

step() {
  "$@" &
  STEP_PID=$!
  local status=0
  wait "$STEP_PID" || status=$?
  STEP_PID=""
  return "$status"
}

if [[ "${CRX_DEMO_SKIP_SETUP:-}" != 1 ]]; then
  step bash scripts/ensure-node-modules.sh
  step bash scripts/ensure-tools.sh
  echo "[demo] compiling"
  step npx --no-install tsc -p .
  echo "[demo] packaging the extension"
  step npm run --silent package
fi
# exec: signals now reach the launcher itself, which stops the registry and VS Code.
trap - INT TERM HUP
set +m
exec node out/test/harness/runDemo.js
