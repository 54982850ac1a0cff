#!/usr/bin/env bash
# python3-miniupnpc against simrouter on loopback, IGD v1 and v2.
# usage: pyminiupnpc_simrouter.sh SIMROUTER_BIN
# exit 0 pass, 1 fail, 77 skipped (python3-miniupnpc missing).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
PEERS_NAME=pyminiupnpc-simrouter
SIM=${1:-}
[ -x "$PEERS_PY" ] || skip "$PEERS_PY not found"
"$PEERS_PY" -c 'import miniupnpc' 2>/dev/null || skip "python3-miniupnpc not importable by $PEERS_PY"

WORK=$(mktemp -d /tmp/igdkit-peers-py.XXXXXX)
on_exit() {
  local rc=$?
  sim_stop
  if [ $rc -ne 0 ] && [ $rc -ne "$PEERS_SKIP" ]; then
    echo "---- simrouter stdout/stderr ----" >&2; cat "$WORK"/simrouter.out "$WORK"/simrouter.err >&2 2>/dev/null
  fi
  rm -rf "$WORK"
  exit $rc
}
trap on_exit EXIT
trap 'exit 1' INT TERM

T0=$(now_ms)
for v in 1 2; do
  sim_start "$SIM" "$v" "$WORK"
  say "simrouter v$v at $SIM_LOCATION"
  timeout 20 "$PEERS_PY" "$HERE/pyminiupnpc_check.py" "$SIM_LOCATION" "$v"
  rc=$?
  [ $rc -eq 0 ] || fail "pyminiupnpc_check.py v$v exited $rc"
  sim_stop
done
say "PASS ($(( $(now_ms) - T0 )) ms total)"
