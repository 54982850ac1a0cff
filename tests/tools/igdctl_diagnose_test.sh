#!/usr/bin/env bash
# igdctl diagnose / validate against simrouter in every lab mode and failure: the verdict, its
# evidence and the exit code (0 fine, 4 not reachable from the Internet). Loopback only.
set -u
IGDCTL=$1 SIMROUTER=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d)
. "$HERE/lib.sh"
cleanup() { for p in $SERVICE_PID $ROUTER_PID; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; rm -rf "$WORK"; }
trap cleanup EXIT
# diagnose_expect LABEL EXIT VERDICT... : run diagnose (JSON) with the lab's prober and STUN
diagnose_expect() {
  local label=$1 want_rc=$2; shift 2
  OUT=$("$IGDCTL" --url "$LOCATION" --json diagnose "$PORT/tcp" --prober "lab:$ADMIN" --stun "$STUN" $EXTRA 2>&1); RC=$?
  [ $RC -eq "$want_rc" ] || fail "$label: exit $RC, expected $want_rc: $OUT"
  local v
  for v in "$@"; do
    /usr/bin/python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert any(f["verdict"]==sys.argv[2] for f in d["findings"])' "$OUT" "$v" \
      || fail "$label: no '$v' finding: $OUT"
  done
}
map_port() { "$IGDCTL" --url "$LOCATION" add --internal-port "$PORT" --external-port "$PORT" --protocol TCP >/dev/null || fail "add"; }

start_service 'HTTP/1.0 200 OK\r\n\r\ncamera'
EXTRA=""

# nat, mapped, service up: reachable; the STUN view equals the router's address
start_router --mode nat
map_port
diagnose_expect "nat reachable" 0 reachable
grep -q '"overall":"reachable_from_internet"' <<<"$OUT" || fail "nat: overall: $OUT"
OUT=$("$IGDCTL" --url "$LOCATION" validate --external-port "$PORT" --protocol TCP --prober "lab:$ADMIN" 2>&1); RC=$?
[ $RC -eq 0 ] || fail "validate nat: exit $RC: $OUT"
grep -q "passed: the router maps TCP $PORT -> 127.0.0.1:$PORT, the port is open from outside" <<<"$OUT" || fail "validate text: $OUT"

# nat, mapping missing: validate fails with the router's word for it
OUT=$("$IGDCTL" --url "$LOCATION" validate --external-port "$((PORT + 1))" --protocol TCP --prober "lab:$ADMIN" 2>&1); RC=$?
[ $RC -eq 4 ] || fail "validate missing: exit $RC: $OUT"
grep -q "mapping_missing" <<<"$OUT" || fail "validate missing: $OUT"

# nat, service down behind the mapping: a firewall (or nothing listening)
kill "$SERVICE_PID"; wait "$SERVICE_PID" 2>/dev/null; SERVICE_PID=""
diagnose_expect "nat closed" 4 firewall_blocked

# cgnat: the carrier's address differs, the router's is in 100.64/10
start_router --mode cgnat
map_port
diagnose_expect "cgnat" 4 carrier_grade_nat
grep -q '203.0.113.20' <<<"$OUT" || fail "cgnat: the STUN address is not quoted: $OUT"

# double NAT without and with the upstream router's UPnP
start_router --mode double-nat
map_port
diagnose_expect "double-nat" 4 double_nat
start_router --mode double-nat --upstream-upnp
map_port
EXTRA="--upstream ${UPSTREAM}"
diagnose_expect "double-nat upstream UPnP" 4 double_nat
grep -q 'upstream IGD' <<<"$OUT" || fail "double-nat: the upstream IGD is not named: $OUT"
EXTRA=""

# the router still connecting: 0.0.0.0 and "Connecting" (profile external-ip-zero, 2 s after boot)
start_router --profile external-ip-zero
curl -s -X POST "${ADMIN%/}/reboot" >/dev/null
diagnose_expect "connecting" 4 igd_not_connected external_ip_unknown

# no IGD at all
LOCATION="http://127.0.0.1:9/rootDesc.xml"
diagnose_expect "no igd" 4 no_igd

[ $FAILS -eq 0 ] && echo "PASS" || { echo "$FAILS failure(s)"; exit 1; }
