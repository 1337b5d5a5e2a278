# Helpers for scripts/test.sh: run a step or a test tier with a time limit, show its output live,
# keep it in $LOG_DIR, read its pass/fail counts and print one summary line per tier at the end.
# shellcheck shell=bash

SUMMARY=()
FAILED_STEPS=()
TOTAL_PASSED=0
TOTAL_FAILED=0
ANY_FAILURE=0

# Per-tier limits (seconds), so a hung server or browser cannot stall CI.
STEP_TIMEOUT="${CRX_STEP_TIMEOUT:-1200}"
TIER_TIMEOUT="${CRX_TIER_TIMEOUT:-1200}"

log_file() { printf '%s/%s.log' "$LOG_DIR" "${1// /-}"; }

banner() { printf '\n===== %s =====\n' "$1"; }

# run_with_log NAME LIMIT CMD...: runs CMD, output to the terminal and to the log; returns its status.
# In the background with `wait`, so a Ctrl-C or CI's SIGTERM reaches the trap below at once.
CURRENT_JOB=""
run_with_log() {
  local name="$1" limit="$2" status=0
  shift 2
  (
    timeout --kill-after=30 "$limit" "$@" 2>&1 </dev/null | tee "$(log_file "$name")"
    exit "${PIPESTATUS[0]}"
  ) &
  CURRENT_JOB=$!
  wait "$CURRENT_JOB" || status=$?
  CURRENT_JOB=""
  if [[ "$status" == 124 ]]; then
    echo "[test] '$name' was stopped after its limit of $limit s"
  fi
  return "$status"
}

# timeout runs its command in a process group of its own, out of reach of the terminal's Ctrl-C:
# pass the signal on (timeout forwards it to the launcher, which stops its servers), then exit.
stop_current_job() {
  local exit_code="$1"
  if [[ -n "$CURRENT_JOB" ]]; then
    echo "[test] interrupted: stopping the running step"
    pkill -TERM -P "$CURRENT_JOB" 2>/dev/null || true
    wait "$CURRENT_JOB" 2>/dev/null || true
  fi
  exit "$exit_code"
}
trap 'stop_current_job 130' INT
trap 'stop_current_job 143' TERM

record() { # record NAME RESULT DETAIL SECONDS
  SUMMARY+=("$(printf '%-16s %-5s %s (%d s)' "$1" "$2" "$3" "$4")")
  if [[ "$2" == FAIL ]]; then ANY_FAILURE=1; fi
}

# A set-up step: no test counts; a failure counts as one failed item in the total.
run_step() {
  local name="$1" started=$SECONDS
  shift
  banner "$name"
  if run_with_log "$name" "$STEP_TIMEOUT" "$@"; then
    record "$name" PASS "" $((SECONDS - started))
    return 0
  fi
  FAILED_STEPS+=("$name")
  TOTAL_FAILED=$((TOTAL_FAILED + 1))
  record "$name" FAIL "see $(log_file "$name")" $((SECONDS - started))
  return 1
}

step_failed() {
  local name
  for name in "${FAILED_STEPS[@]}"; do [[ "$name" == "$1" ]] && return 0; done
  return 1
}

# Adds a tier's counts to the totals and records it; a non-zero exit or no test at all is a failure.
record_tier() { # record_tier NAME STATUS PASSED FAILED SECONDS
  local name="$1" status="$2" passed="${3:-0}" failed="${4:-0}" seconds="$5" result=PASS note=""
  if [[ "$status" != 0 && "$failed" == 0 ]]; then failed=1; note=" (exit status $status)"; fi
  if [[ "$passed" == 0 && "$failed" == 0 ]]; then failed=1; note=" (no test ran)"; fi
  [[ "$failed" != 0 ]] && result=FAIL
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  record "$name" "$result" "$passed passed, $failed failed$note" "$seconds"
}

# node --test prints "# pass N" / "# fail N" (TAP) or "ℹ pass N" (spec) at its end.
run_node_test_tier() {
  local name="$1" started=$SECONDS status=0 log
  shift
  banner "$name"
  run_with_log "$name" "$TIER_TIMEOUT" "$@" || status=$?
  log="$(log_file "$name")"
  local passed failed
  passed="$(grep -aoE '^(# |ℹ )pass [0-9]+' "$log" | tail -n1 | grep -oE '[0-9]+$')"
  failed="$(grep -aoE '^(# |ℹ )fail [0-9]+' "$log" | tail -n1 | grep -oE '[0-9]+$')"
  record_tier "$name" "$status" "$passed" "$failed" $((SECONDS - started))
}

# Mocha and UI tiers print "N passed, N failed" as their last line.
run_plain_tier() {
  local name="$1" started=$SECONDS status=0 log line
  shift
  banner "$name"
  run_with_log "$name" "$TIER_TIMEOUT" "$@" || status=$?
  log="$(log_file "$name")"
  line="$(grep -aoE '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n1)"
  local passed failed
  passed="$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')"
  failed="$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')"
  record_tier "$name" "$status" "$passed" "$failed" $((SECONDS - started))
}

skip_tier() { # skip_tier NAME REASON: a tier that could not run is a failure
  TOTAL_FAILED=$((TOTAL_FAILED + 1))
  record "$1" FAIL "not run: $2" 0
}

finish_and_exit() {
  banner "summary"
  local line
  for line in "${SUMMARY[@]}"; do echo "$line"; done
  echo "logs: $LOG_DIR"
  echo "total: $TOTAL_PASSED passed, $TOTAL_FAILED failed"
  if [[ "$ANY_FAILURE" == 0 && "$TOTAL_FAILED" == 0 ]]; then exit 0; fi
  exit 1
}
