#!/usr/bin/env bash
# python3-miniupnpc against simrouter on loopback, IGD v1 and v2.
# usage: pyminiupnpc_simrouter.sh SIMROUTER_BIN [PROFILE... | all]
#   no profile: the whole check (pyminiupnpc_check.py) against the spec-default router;
#   PROFILE...: status/add/list/delete against one simrouter per firmware profile and IGD version
#   ("all": every profile of `simrouter --list-profiles`, at v1 and v2 unless the profile pins the
#   version). Quirks the module genuinely fails on are checked exactly and recorded as expected failures.
# Each outcome is a record for the interoperability matrix (lib.sh: record).
# exit 0 pass, 1 fail, 77 skipped (python3-miniupnpc missing).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
PEERS_NAME=pyminiupnpc-simrouter
SIM=${1:-}; shift
PROFILES=("$@")
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
if [ ${#PROFILES[@]} -gt 0 ]; then
  failed=0 total=0
  for v in 1 2; do
    if [ "${PROFILES[0]}" = all ]; then mapfile -t list < <(sim_profiles "$SIM" "$v"); else list=("${PROFILES[@]}"); fi
    for p in "${list[@]}"; do
      total=$((total + 1))
      sim_start "$SIM" "$v" "$WORK" --profile "$p" --no-stun
      out=$(timeout 20 "$PEERS_PY" "$HERE/pyminiupnpc_check.py" "$SIM_LOCATION" "$v" "$p" 2>&1); rc=$?
      printf '%s\n' "$out"
      outcome=$(sed -n 's/^OUTCOME //p' <<<"$out")
      if [ $rc -eq 0 ] && [ -n "$outcome" ]; then
        result=$("$PEERS_PY" -c 'import json,sys; print(json.loads(sys.argv[1])["result"])' "$outcome")
        detail=$("$PEERS_PY" -c 'import json,sys; print(json.loads(sys.argv[1])["detail"])' "$outcome")
      else
        result=fail detail=$(grep -m1 'FAIL:' <<<"$out" | sed 's/^\[[^]]*\] FAIL: //')
        [ -n "$detail" ] || detail="pyminiupnpc_check.py exited $rc: $(tail -n1 <<<"$out")"
        failed=$((failed + 1))
      fi
      record python3-miniupnpc "simrouter v$v profile $p: status/add/list/delete" "$result" "$detail"
      sim_stop
    done
  done
  [ $failed -eq 0 ] || fail "$failed of $total profile runs failed (records above)"
  say "PASS: $total profile runs ($(( $(now_ms) - T0 )) ms total)"
  exit 0
fi
for v in 1 2; do
  sim_start "$SIM" "$v" "$WORK"
  say "simrouter v$v at $SIM_LOCATION"
  timeout 20 "$PEERS_PY" "$HERE/pyminiupnpc_check.py" "$SIM_LOCATION" "$v"
  rc=$?
  [ $rc -eq 0 ] || fail "pyminiupnpc_check.py v$v exited $rc"
  record python3-miniupnpc "simrouter v$v default: full check" pass \
    "selectigd, status, add/read back/list/delete, UDP beside TCP, $( [ $v = 2 ] && echo '606' || echo '718') for another client, $( [ $v = 2 ] && echo '601' || echo '402') for protocol XYZ, 714 on a missing delete$( [ $v = 2 ] && echo ', addanyportmapping')"
  sim_stop
done
say "PASS ($(( $(now_ms) - T0 )) ms total)"
