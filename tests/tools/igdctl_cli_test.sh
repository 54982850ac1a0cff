#!/usr/bin/env bash
# igdctl end to end: starts simrouter on 127.0.0.1 (ephemeral ports, no multicast), runs igdctl
# with --unicast/--url only, and checks output, exit codes and JSON documents.
set -u
IGDCTL=$1 SIMROUTER=$2
WORK=$(mktemp -d)
FAILS=0
ROUTER_PID=""
cleanup() { [ -n "$ROUTER_PID" ] && kill "$ROUTER_PID" 2>/dev/null && wait "$ROUTER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
json_ok() { python3 -c 'import json,sys; d=json.load(sys.stdin); '"$1" 2>/dev/null; }

start_router() { # args for simrouter
  [ -n "$ROUTER_PID" ] && { kill "$ROUTER_PID"; wait "$ROUTER_PID" 2>/dev/null; }
  "$SIMROUTER" --lan 127.0.0.1 --external-ip 93.184.216.34 "$@" > "$WORK/ready" 2>"$WORK/router.err" &
  ROUTER_PID=$!
  for _ in $(seq 100); do grep -q "simrouter ready" "$WORK/ready" && break; sleep 0.05; done
  LOCATION=$(sed -n 's/.*location=\([^ ]*\).*/\1/p' "$WORK/ready")
  SSDP=$(sed -n 's/.*ssdp=\([^ ]*\).*/\1/p' "$WORK/ready")
  [ -n "$LOCATION" ] && [ -n "$SSDP" ] || { cat "$WORK/router.err" >&2; fail "simrouter did not start"; exit 1; }
}

run() { OUT=$("$IGDCTL" "$@" 2>"$WORK/err"); RC=$?; ERR=$(cat "$WORK/err"); }

for version in 2 1; do
  start_router --igd-version "$version" --no-secure-mode
  echo "--- IGD:$version at $LOCATION (ssdp $SSDP)"

  # discover: JSON array with the documented keys
  run discover --unicast "$SSDP" --timeout 2000 --json
  [ $RC -eq 0 ] || fail "discover exit $RC: $ERR"
  echo "$OUT" | json_ok 'assert isinstance(d,list) and d; assert all(set(x)>={"location","st","usn","server","response_ms"} for x in d)' \
    || fail "discover --json: $OUT"

  # discover --first: time from start to exit
  t0=$(date +%s%N); run discover --first --unicast "$SSDP" --timeout 3000; t1=$(date +%s%N)
  [ $RC -eq 0 ] || fail "discover --first exit $RC"
  echo "MEASURE igdctl discover --first --unicast (IGD:$version): $(( (t1 - t0) / 1000000 )) ms"
  echo "$OUT" | grep -q "^LOCATION: $LOCATION" || fail "discover text: $OUT"

  # status via discovery, external-ip via --url
  run status --unicast "$SSDP"
  [ $RC -eq 0 ] || fail "status exit $RC: $ERR"
  echo "$OUT" | grep -Eq "^status: +Connected" || fail "status text: $OUT"
  echo "$OUT" | grep -Eq "^external: +93\.184\.216\.34$" || fail "status external: $OUT"
  run --url "$LOCATION" external-ip --json
  echo "$OUT" | json_ok 'assert d["external_ip"]=="93.184.216.34"' || fail "external-ip json: $OUT"

  # add / get / list / delete
  run add --url "$LOCATION" --internal-client 127.0.0.1 --internal-port 5000 --external-port 45000 --protocol TCP --description cli
  [ $RC -eq 0 ] || fail "add exit $RC: $ERR"
  echo "$OUT" | grep -Eq "^mapped TCP external port 45000 -> 127\.0\.0\.1:5000 \(lease [0-9]+ s\)$" || fail "add text: $OUT"
  run get --url "$LOCATION" --external-port 45000 --protocol tcp --json
  echo "$OUT" | json_ok 'assert d["internal_port"]==5000 and d["description"]=="cli"' || fail "get json: $OUT"
  run list --url "$LOCATION"
  echo "$OUT" | grep -Eq "^45000 +TCP +127\.0\.0\.1:5000 " || fail "list text: $OUT"
  run list --url "$LOCATION" --json
  echo "$OUT" | json_ok 'assert [e for e in d if e["external_port"]==45000 and e["protocol"]=="TCP" and e["internal_client"]=="127.0.0.1"]' \
    || fail "list json: $OUT"

  # conflict: another client on the same port -> exit 3 and the UPnP name/number
  run add --url "$LOCATION" --internal-client 127.0.0.2 --internal-port 5000 --external-port 45000 --protocol TCP
  [ $RC -eq 3 ] || fail "conflict exit $RC (want 3)"
  echo "$ERR" | grep -q "ConflictInMappingEntry (718)" || fail "conflict text: $ERR"

  run delete --url "$LOCATION" --external-port 45000 --protocol TCP
  [ $RC -eq 0 ] || fail "delete exit $RC: $ERR"
  run delete --url "$LOCATION" --external-port 45000 --protocol TCP --json
  [ $RC -eq 3 ] || fail "second delete exit $RC (want 3)"
  echo "$OUT" | json_ok 'assert d["error"]["value"]==714' || fail "delete error json: $OUT"

  if [ "$version" = 2 ]; then
    run add-any --url "$LOCATION" --internal-client 127.0.0.1 --internal-port 5001 --external-port 46000 --protocol UDP --json
    echo "$OUT" | json_ok 'assert d["external_port"]>0' || fail "add-any json: $OUT ($ERR)"
    run delete-range --url "$LOCATION" --start 1 --end 65535 --protocol UDP --manage
    [ $RC -eq 0 ] || fail "delete-range exit $RC: $ERR"
  else
    run add-any --url "$LOCATION" --internal-port 5001 --external-port 46000 --protocol UDP
    [ $RC -eq 1 ] || fail "add-any on v1 exit $RC (want 1: not supported by the service)"
  fi
  run stats --url "$LOCATION" --json
  echo "$OUT" | json_ok 'assert "total_bytes_sent" in d' || fail "stats json: $OUT ($ERR)"
done

# pinholes (WANIPv6FirewallControl, IGD:2) over IPv6 loopback; router errors are named in the
# firewall's meaning of the code (709 NoTrafficReceived, 704 NoSuchEntry), not WAN*Connection's.
[ -n "$ROUTER_PID" ] && { kill "$ROUTER_PID"; wait "$ROUTER_PID" 2>/dev/null; ROUTER_PID=""; }
"$SIMROUTER" --lan ::1 --igd-version 2 > "$WORK/ready6" 2>"$WORK/router6.err" &
ROUTER_PID=$!
for _ in $(seq 100); do grep -q "simrouter ready" "$WORK/ready6" && break; sleep 0.05; done
LOCATION6=$(sed -n 's/.*location=\([^ ]*\).*/\1/p' "$WORK/ready6")
if [ -z "$LOCATION6" ]; then
  fail "simrouter on ::1 did not start: $(cat "$WORK/router6.err")"
else
  run pinhole add --url "$LOCATION6" --internal-client ::1 --internal-port 8080 --protocol TCP --lease 600 --json
  [ $RC -eq 0 ] || fail "pinhole add exit $RC: $ERR"
  ID=$(echo "$OUT" | python3 -c 'import json,sys; print(json.load(sys.stdin)["unique_id"])' 2>/dev/null)
  [ -n "$ID" ] || fail "pinhole add json: $OUT"
  run pinhole update --url "$LOCATION6" --id "${ID:-0}" --lease 900
  [ $RC -eq 0 ] && [ "$OUT" = "updated pinhole $ID" ] || fail "pinhole update exit $RC: $OUT $ERR"
  run pinhole check --url "$LOCATION6" --id "${ID:-0}"
  [ $RC -eq 3 ] && echo "$ERR" | grep -q "NoTrafficReceived (709)" || fail "pinhole check exit $RC: $ERR"
  run pinhole delete --url "$LOCATION6" --id "${ID:-0}"
  [ $RC -eq 0 ] || fail "pinhole delete exit $RC: $ERR"
  run pinhole delete --url "$LOCATION6" --id "${ID:-0}" --json
  [ $RC -eq 3 ] && echo "$ERR" | grep -q "NoSuchEntry (704)" || fail "second pinhole delete exit $RC: $ERR"
  echo "$OUT" | json_ok 'assert d["error"]["value"]==704 and d["error"]["name"]=="NoSuchEntry"' || fail "pinhole error json: $OUT"
fi

# nothing answers: closed loopback port, short timeout -> exit 2
run discover --unicast 127.0.0.1:9 --timeout 300
[ $RC -eq 2 ] || fail "discover with no answer exit $RC (want 2)"
run status --unicast 127.0.0.1:9 --timeout 300
[ $RC -eq 2 ] || fail "status with no answer exit $RC (want 2)"
run add --internal-port x
[ $RC -eq 1 ] || fail "bad option exit $RC (want 1)"

[ $FAILS -eq 0 ] && echo "igdctl_cli: all checks passed"
exit $(( FAILS > 0 ))
