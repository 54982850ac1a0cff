#!/usr/bin/env bash
# Real clients against `simrouter --strict` on loopback, and the exact set of rule ids each one
# produces in GET /violations (rules: docs/strict.md):
#   igdctl             status/add/list/get/delete over --url, discover over --unicast: no violation;
#                      its searches for types the device lacks are reported as ignored
#   upnpc              -s/-a/-l/-L/-d: http.content-type-charset on every SOAP call
#   python3-miniupnpc  selectigd(url)/statusinfo/add/get/delete: http.content-type-charset
# (miniupnpc's minisoap.c writes "Content-Type: text/xml", the UDA 1.0 form, without charset).
# Also checks that the binary logs one stderr line per violation and the counts at exit.
# Only URLs and unicast to 127.0.0.1: nothing leaves loopback, no multicast.
# usage: strict_real_clients.sh SIMROUTER IGDCTL ; exit 0 pass, 1 fail, 77 a client is missing
# (after the others passed).
set -u
SIM=${1:?simrouter binary}
IGDCTL=${2:?igdctl binary}
PY=/usr/bin/python3
WORK=$(mktemp -d /tmp/igdkit-strict.XXXXXX)
PID=
MISSING=()

say() { echo "[strict] $*"; }
fail() { echo "[strict] FAIL: $*" >&2; exit 1; }
cleanup() {
  local rc=$?
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill -TERM "$PID"; wait "$PID" 2>/dev/null; fi
  if [ $rc -ne 0 ] && [ $rc -ne 77 ]; then
    echo "---- simrouter stderr ----" >&2; cat "$WORK"/sim.err >&2 2>/dev/null
  fi
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 1' INT TERM
now_ms() { date +%s%3N; }

# start_sim ARGS... : simrouter --strict on 127.0.0.1, ready line polled with a deadline;
# sets LOC (rootDesc URL), ADMIN (admin base URL), SSDP (host:port)
start_sim() {
  : >"$WORK/sim.out"; : >"$WORK/sim.err"
  "$SIM" --strict --no-stun "$@" >"$WORK/sim.out" 2>"$WORK/sim.err" &
  PID=$!
  local deadline=$(( $(now_ms) + 10000 ))
  until grep -q '^simrouter ready ' "$WORK/sim.out"; do
    kill -0 "$PID" 2>/dev/null || fail "simrouter exited before its ready line"
    [ "$(now_ms)" -lt $deadline ] || fail "simrouter not ready within 10 s"
    sleep 0.05
  done
  LOC=$(sed -n 's/.* location=\([^ ]*\).*/\1/p' "$WORK/sim.out")
  ADMIN=$(sed -n 's/.* admin=\([^ ]*\).*/\1/p' "$WORK/sim.out")
  SSDP=$(sed -n 's/.* ssdp=\([^ ]*\).*/\1/p' "$WORK/sim.out")
  [ -n "$LOC" ] && [ -n "$ADMIN" ] && [ -n "$SSDP" ] || fail "ready line without location/admin/ssdp"
}

# stop_sim : SIGTERM, wait for exit 0
stop_sim() {
  kill -TERM "$PID"
  wait "$PID"; local rc=$?
  PID=
  [ $rc -eq 0 ] || fail "simrouter exited $rc on SIGTERM"
}

# violations : GET /violations -> "total<TAB>id id ..." (sorted unique rule ids)
violations() {
  "$PY" - "$ADMIN" <<'PYEOF'
import json, sys, urllib.request
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never a proxy
v = json.load(opener.open(sys.argv[1] + "violations", timeout=5))
assert v["strict"] is True, v
assert sum(v["counts"].values()) == v["total"], v
print(f'{v["total"]}\t{" ".join(sorted(v["counts"]))}')
PYEOF
}

# check_client NAME "EXPECTED IDS" : the rule ids seen equal the expected set exactly; the
# stderr has one "strict:" line per violation and, after exit, the summary naming each rule
check_client() {
  local name=$1 expected=$2 got total ids
  got=$(violations) || fail "$name: GET /violations failed"
  total=${got%%$'\t'*}; ids=${got#*$'\t'}
  stop_sim
  [ "$ids" = "$expected" ] || fail "$name: rule ids [$ids], expected [$expected]"
  local lines; lines=$(grep -c '^strict: [0-9a-f.:]* [a-z]*\.[a-z-]* \[' "$WORK/sim.err")
  [ "$lines" -eq "$total" ] || fail "$name: $lines stderr lines for $total violations"
  grep -q "^strict: $total finding(s) in " "$WORK/sim.err" || fail "$name: no exit summary for $total findings"
  local id
  for id in $expected; do
    grep -qE "^  [0-9]+  $id\$" "$WORK/sim.err" || fail "$name: exit summary lacks $id"
  done
  say "$name: [$ids] ($total findings) as expected"
}

run() { OUT=$(timeout 15 "$@" 2>&1); RC=$?; [ $RC -eq 0 ] || { echo "$OUT" >&2; fail "$* exited $RC"; }; }

for VER in 2 1; do
  # ---- igdctl: the whole mapping cycle, then discovery by unicast M-SEARCH
  start_sim --igd-version $VER
  run "$IGDCTL" --url "$LOC" status
  run "$IGDCTL" --url "$LOC" add --internal-port 8080 --external-port 18080 --protocol TCP \
    --internal-client 127.0.0.1 --lease 3600 --description strict
  run "$IGDCTL" --url "$LOC" list
  grep -qE '^18080 +TCP +127\.0\.0\.1:8080 ' <<<"$OUT" || fail "igdctl list: the mapping is not listed"
  run "$IGDCTL" --url "$LOC" get --external-port 18080 --protocol TCP
  run "$IGDCTL" --url "$LOC" delete --external-port 18080 --protocol TCP
  run "$IGDCTL" --unicast "$SSDP" --timeout=1000 discover
  grep -q "LOCATION: $LOC" <<<"$OUT" || fail "igdctl discover did not find $LOC"
  # It searches for WANPPPConnection:1 (absent here) and, on IGD:1, for the :2 types: both
  # are answered with silence, which strict reports as ignored, not as violations.
  if [ $VER = 2 ]; then
    check_client "igdctl v$VER" "ssdp.st-not-served"
  else
    check_client "igdctl v$VER" "ssdp.st-not-served ssdp.st-version"
  fi

  # ---- upnpc (miniupnpc's reference client)
  if command -v upnpc >/dev/null 2>&1; then
    start_sim --igd-version $VER
    run upnpc -u "$LOC" -s
    run upnpc -u "$LOC" -e strict -a 127.0.0.1 8080 18080 TCP 3600
    grep -q 'is redirected to internal 127.0.0.1:8080' <<<"$OUT" || fail "upnpc -a did not map"
    run upnpc -u "$LOC" -l
    [ $VER = 2 ] && run upnpc -u "$LOC" -L
    run upnpc -u "$LOC" -d 18080 TCP
    check_client "upnpc v$VER" "http.content-type-charset"
  else
    MISSING+=("upnpc (Debian: miniupnpc)")
  fi

  # ---- python3-miniupnpc (the same library through its Python module)
  if "$PY" -c 'import miniupnpc' 2>/dev/null; then
    start_sim --igd-version $VER
    run "$PY" - "$LOC" <<'PYEOF'
import sys, miniupnpc
u = miniupnpc.UPnP()
assert u.selectigd(sys.argv[1]).startswith("http://127.0.0.1:")
assert u.statusinfo()[0] == "Connected" and u.externalipaddress() == "203.0.113.10"
assert u.addportmapping(18080, "TCP", "127.0.0.1", 8080, "strict", "", 3600) is True
assert u.getspecificportmapping(18080, "TCP")[:3] == ("127.0.0.1", 8080, "strict")
assert u.getgenericportmapping(0)[:2] == (18080, "TCP")
assert u.deleteportmapping(18080, "TCP") is True
PYEOF
    check_client "python3-miniupnpc v$VER" "http.content-type-charset"
  else
    MISSING+=("python3-miniupnpc")
  fi
done

if [ ${#MISSING[@]} -gt 0 ]; then
  say "SKIP: not installed: ${MISSING[*]} (the other clients passed)"
  exit 77
fi
say "PASS"
