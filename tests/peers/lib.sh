# shellcheck shell=bash
# Shared helpers for the peers tests (sourced, never executed).
# Conventions: exit 0 = pass, 1 = fail, 77 = skipped (CTest SKIP_RETURN_CODE).

PEERS_SKIP=77

say()  { printf '[%s] %s\n' "${PEERS_NAME:-peers}" "$*"; }
fail() { printf '[%s] FAIL: %s\n' "${PEERS_NAME:-peers}" "$*" >&2; exit 1; }
skip() { printf '[%s] SKIP: %s\n' "${PEERS_NAME:-peers}" "$*" >&2; exit "$PEERS_SKIP"; }

# now_ms: monotonic-enough wall clock in milliseconds (EPOCHREALTIME, bash >= 5)
now_ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }
# now_us: microseconds
now_us() { echo "${EPOCHREALTIME/./}"; }

# expect_contains LABEL TEXT NEEDLE... : every NEEDLE (fixed string) is in TEXT
expect_contains() {
  local label=$1 text=$2; shift 2
  local n
  for n in "$@"; do
    grep -qF -- "$n" <<<"$text" || { printf '%s\n' "$text" >&2; fail "$label: expected '$n' in output above"; }
  done
}
# expect_not_contains LABEL TEXT NEEDLE...
expect_not_contains() {
  local label=$1 text=$2; shift 2
  local n
  for n in "$@"; do
    if grep -qF -- "$n" <<<"$text"; then printf '%s\n' "$text" >&2; fail "$label: did not expect '$n' in output above"; fi
  done
}
# expect_match LABEL TEXT ERE : TEXT has a line matching the extended regex
expect_match() {
  grep -qE -- "$3" <<<"$2" || { printf '%s\n' "$2" >&2; fail "$1: no line matches /$3/ in output above"; }
}
expect_no_match() {
  if grep -qE -- "$3" <<<"$2"; then printf '%s\n' "$2" >&2; fail "$1: unexpected line matching /$3/ in output above"; fi
}

# wait_for SECONDS CMD... : poll CMD every 50 ms until it succeeds; 1 on timeout
wait_for() {
  local deadline=$(( $(now_ms) + $1 * 1000 )); shift
  while ! "$@" 2>/dev/null; do
    [ "$(now_ms)" -ge "$deadline" ] && return 1
    sleep 0.05
  done
}

# stop_pid PID : TERM, wait up to 3 s, then KILL (only PIDs we started)
stop_pid() {
  local pid=$1 i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  return 0
}

# python interpreter that has Debian's miniupnpc module (never pyenv's)
PEERS_PY=/usr/bin/python3
