#!/usr/bin/env bash
# `npm test`: every tier, from a fresh clone. Set-up (npm ci, tools, compile, lint, build, package),
# then unit, integration, soak (seeded transfers through a fault-injecting proxy), extension-host
# (mocha inside code-server) and UI (playwright against code-server with the packaged .vsix).
# Every tier runs even after a failure (unless the code could not be compiled); the exit status is non-zero if anything failed. The last line totals all tiers.
# Env: CRX_TIERS="unit integration soak extension ui" to run a subset (set-up always runs);
# CRX_SOAK_SEED replays a soak run (its seed is printed first).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=scripts/tier-report.sh
source "$ROOT/scripts/tier-report.sh"

TIERS="${CRX_TIERS:-unit integration soak extension ui}"
wants() { [[ " $TIERS " == *" $1 "* ]]; }
LOG_DIR="$ROOT/test-results/logs"
rm -rf "$LOG_DIR"
mkdir -p "$LOG_DIR"

# --- a) set-up -------------------------------------------------------------------------------
run_step "npm ci" bash "$ROOT/scripts/ensure-node-modules.sh" || finish_and_exit
run_step "ensure-tools" bash "$ROOT/scripts/ensure-tools.sh" || finish_and_exit
# A clean out/ so a deleted test cannot keep running from an old compiled copy.
rm -rf "$ROOT/out"
run_step "tsc" npx --no-install tsc -p . || finish_and_exit
run_step "eslint" npm run --silent lint
run_step "esbuild" npm run --silent build || finish_and_exit
# The UI tier installs the .vsix; an integration test runs the demo, which installs it too.
if wants ui || wants integration; then
  run_step "package .vsix" npm run --silent package
fi

# --- b-e) test tiers -------------------------------------------------------------------------
# Every tier, and the CLI its tests start, runs on the Node of the extension host (the one
# code-server needs), not on whatever Node runs npm.
# shellcheck source=scripts/tool-versions.sh
source "$ROOT/scripts/tool-versions.sh"
TEST_NODE="$NODE24_DIR/bin/node"
echo "tiers run on node $("$TEST_NODE" --version)"
# --test-force-exit: each test file's process exits once its tests are done. A soak run on Node 24
# once passed every test and then spun at 100% CPU in the exit-time handle clean-up until the tier timeout.
if wants unit; then
  run_node_test_tier "unit" "$TEST_NODE" --test --test-force-exit out/test/unit/*.test.js
fi
if wants integration; then
  run_node_test_tier "integration" "$TEST_NODE" --test --test-force-exit --test-concurrency=1 out/test/integration/*.test.js
fi
if wants soak; then
  run_node_test_tier "soak" "$TEST_NODE" --test --test-force-exit out/test/soak/*.test.js
fi
if wants extension; then
  run_plain_tier "extension-host" "$TEST_NODE" out/test/harness/runExtensionTests.js
fi
if wants ui; then
  if step_failed "package .vsix"; then
    skip_tier "ui" "the .vsix could not be packaged"
  else
    run_plain_tier "ui" "$TEST_NODE" out/test/ui/runUiTests.js
  fi
fi

finish_and_exit
