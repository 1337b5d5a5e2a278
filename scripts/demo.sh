#!/usr/bin/env bash
# `npm run demo`: installs what is missing (node_modules, apt packages, Node 24, code-server),
# compiles, packages the extension (.vsix), then runs test/harness/runDemo.ts: a seeded local
# registry and a real VS Code showing it (desktop `code` if installed, else code-server on
# 127.0.0.1:$DEMO_PORT or a free port). Ctrl-C stops everything.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

bash scripts/ensure-node-modules.sh
bash scripts/ensure-tools.sh
echo "[demo] compiling"
npx --no-install tsc -p .
echo "[demo] packaging the extension"
npm run --silent package
# exec: Ctrl-C reaches the launcher directly, which stops the registry and code-server.
exec node out/test/harness/runDemo.js
