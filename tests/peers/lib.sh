# shellcheck shell=bash
# Shared helpers for the peers tests (sourced, never executed).
# Conventions: exit 0 = pass, 1 = fail, 77 = skipped (CTest SKIP_RETURN_CODE).

PEERS_SKIP=77

say()  { printf '[%s] %s\n' "${PEERS_NAME:-peers}" "$*"; }
fail() { printf '[%s] FAIL: %s\n' "${PEERS_NAME:-peers}" "$*" >&2; exit 1; }
skip() { printf '[%s] SKIP: %s\n' "${PEERS_NAME:-peers}" "$*" >&2; exit "$PEERS_SKIP"; }
# need_binary NAME PATH: fail unless PATH is an executable file (the test's argument from CMake)
need_binary() { { [ -f "$2" ] && [ -x "$2" ]; } || fail "$1 binary '$2' is not an executable file (not built?)"; }

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

# ---- simrouter on loopback -------------------------------------------------
# sim_start BIN IGD_VERSION WORKDIR [SIMROUTER ARGS...] : start simrouter on 127.0.0.1 with
# ephemeral ports (plus e.g. --profile NAME), wait (<= 10 s) for its ready file; sets SIM_PID,
# SIM_LOCATION, SIM_HTTP, SIM_ADMIN.
# The caller must call sim_stop from its EXIT trap.
SIM_PID=
sim_start() {
  local bin=$1 ver=$2 dir=$3
  shift 3
  { [ -f "$bin" ] && [ -x "$bin" ]; } || fail "simrouter binary '$bin' not executable"
  rm -f "$dir/ready.json"
  "$bin" --lan 127.0.0.1 --ssdp-port 0 --http-port 0 --igd-version "$ver" "$@" \
    --ready-file "$dir/ready.json" >"$dir/simrouter.out" 2>"$dir/simrouter.err" &
  SIM_PID=$!
  _sim_ready() { [ -s "$dir/ready.json" ] && grep -q '}' "$dir/ready.json"; }
  if ! wait_for 10 _sim_ready; then
    cat "$dir/simrouter.out" "$dir/simrouter.err" >&2
    fail "simrouter did not write its ready file within 10 s"
  fi
  kill -0 "$SIM_PID" 2>/dev/null || fail "simrouter exited right after start"
  SIM_LOCATION=$("$PEERS_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["location"])' "$dir/ready.json") \
    || fail "ready file is not JSON with a location: $(cat "$dir/ready.json")"
  SIM_HTTP=$("$PEERS_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["http"])' "$dir/ready.json")
  SIM_ADMIN=$("$PEERS_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["admin"])' "$dir/ready.json")
  # loopback only: refuse to point any client elsewhere
  case $SIM_LOCATION in
    http://127.0.0.1:*) ;;
    *) fail "simrouter location '$SIM_LOCATION' is not on 127.0.0.1" ;;
  esac
}
sim_stop() {
  [ -n "$SIM_PID" ] || return 0
  stop_pid "$SIM_PID"
  SIM_PID=
}

# ---- interoperability matrix records (docs/interop.md, scripts/interop_matrix.py) ----
# record PEER SCENARIO RESULT DETAIL : append one JSON line to $IGDKIT_INTEROP_DIR/$IGDKIT_INTEROP_NAME.jsonl
# (a no-op when the test runs outside CTest). RESULT: pass | fail | expected-fail | skip.
# DETAIL is short evidence and must be deterministic (no timings, no ephemeral ports):
# the matrix is compared with the committed one. RECORD_EXTRA (a JSON object) adds keys, e.g.
# {"report": LABEL, "target": "miniupnpd"} for a conformance report (conformance_report_path LABEL).
record() {
  case $3 in pass|fail|expected-fail|skip) ;; *) fail "record: bad result '$3'" ;; esac
  say "RECORD $1 | $2 | $3 | $4"
  [ -n "${IGDKIT_INTEROP_DIR:-}" ] && [ -n "${IGDKIT_INTEROP_NAME:-}" ] || return 0
  "$PEERS_PY" -c 'import json,sys; r=dict(zip(("peer","scenario","result","detail"), sys.argv[1:5])); r.update(json.loads(sys.argv[5])); print(json.dumps(r, sort_keys=True))' \
    "$1" "$2" "$3" "$4" "${RECORD_EXTRA:-{\}}" >>"$IGDKIT_INTEROP_DIR/$IGDKIT_INTEROP_NAME.jsonl" || fail "record: cannot write the record"
}
# conformance_report_path LABEL : where a test puts an `igdctl conformance --json` report for the matrix
# (empty outside CTest)
conformance_report_path() {
  [ -n "${IGDKIT_INTEROP_DIR:-}" ] && [ -n "${IGDKIT_INTEROP_NAME:-}" ] || return 0
  echo "$IGDKIT_INTEROP_DIR/$IGDKIT_INTEROP_NAME.$1.conformance.json"
}

# sim_profiles VERSION : the firmware profiles (from `simrouter --list-profiles`) a vVERSION sweep
# runs: those that set no igd_version, plus those pinned to IGD:VERSION. One name per line.
sim_profiles() {
  local bin=$1 ver=$2
  "$bin" --list-profiles | awk -v v="$ver" '
    /^[a-z0-9-]+$/ { if (name != "" && (pin == "" || pin == v)) print name; name = $1; pin = ""; next }
    /^  sets:/ { if (match($0, /igd_version=IGD:[0-9]/)) pin = substr($0, RSTART + 16, 1) }
    END { if (name != "" && (pin == "" || pin == v)) print name }'
}
