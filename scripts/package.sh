#!/usr/bin/env bash
# `npm run package`: production bundle, then the .vsix at dist-vsix/container-registry-explorer.vsix
# (the UI tests and the demo install exactly this file). README links are left relative: the
# package is not published to a marketplace that would need them absolute.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
node esbuild.mjs --production
mkdir -p dist-vsix
rm -f dist-vsix/container-registry-explorer.vsix
npx --no-install vsce package --no-dependencies --no-rewrite-relative-links --out dist-vsix/container-registry-explorer.vsix
