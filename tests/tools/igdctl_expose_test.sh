#!/usr/bin/env bash
# igdctl expose end to end against a simrouter process on 127.0.0.1: Apply & Validate through the
# lab's prober, the state file across restarts, removal on SIGTERM, conflicts under next/exact,
# the --on-ip-change hook, a corrupt state file, and --help. Loopback only.
set -u
IGDCTL=$1 SIMROUTER=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d)
. "$HERE/lib.sh"
EXPOSE_PID=""
cleanup() {
  for p in $EXPOSE_PID $SERVICE_PID $ROUTER_PID; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT
mapping_count() { "$IGDCTL" --url "$LOCATION" --json list | /usr/bin/python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }

# A camera service: accepts and writes a banner.
start_service 'RTSP/1.0 200 OK\r\n\r\n'

start_expose() { # args...: igdctl expose in the background, JSON lines into $WORK/expose.out
  : >"$WORK/expose.out"
  "$IGDCTL" --url "$LOCATION" --json expose "$@" >"$WORK/expose.out" 2>"$WORK/expose.err" &
  EXPOSE_PID=$!
}
stop_expose() { # SIGTERM, the exit code in RC
  kill -TERM "$EXPOSE_PID"; wait "$EXPOSE_PID"; RC=$?; EXPOSE_PID=""
}
has_line() { grep -q -- "$1" "$WORK/expose.out"; }
json_lines() { /usr/bin/python3 -c 'import json,sys; [print(json.dumps(json.loads(l))) for l in open(sys.argv[1])]' "$WORK/expose.out"; }

# ---- Apply & Validate, then SIGTERM removes everything
start_router
t0=$(now_ms)
start_expose "$PORT/tcp" --validate --prober "lab:$ADMIN" --state "$WORK/state.json"
wait_for 10 has_line '"passed":true' || fail "expose --validate never passed: $(cat "$WORK/expose.out" "$WORK/expose.err")"
echo "MEASURE igdctl expose --validate, start to reachable: $(( $(now_ms) - t0 )) ms"
json_lines >/dev/null || fail "expose --json printed a line that is not JSON"
has_line "\"event\":\"mapping_up\"" || fail "no mapping_up event"
has_line "\"external_ip\":\"203.0.113.10\"" || fail "mapping_up without the external IP"
[ "$(mapping_count)" = 1 ] || fail "the router should hold 1 mapping"
stop_expose
[ $RC -eq 0 ] || fail "expose exit $RC after SIGTERM: $(cat "$WORK/expose.err")"
has_line '"event":"stopped","removed":1,"left":0' || fail "no stopped event: $(cat "$WORK/expose.out")"
[ "$(mapping_count)" = 0 ] || fail "SIGTERM left mappings on the router"
grep -q "\"external_port\":$PORT" "$WORK/state.json" || fail "state file lacks the port: $(cat "$WORK/state.json")"

# ---- conflict with another host: next moves on, exact fails clearly; the state file keeps next's port
start_router --no-secure-mode
"$IGDCTL" --url "$LOCATION" add --internal-client 127.0.0.2 --internal-port 9999 --external-port "$PORT" --protocol TCP >/dev/null \
  || fail "could not occupy the port for 127.0.0.2"
rm -f "$WORK/state.json"
start_expose "$PORT/tcp" --state "$WORK/state.json"
wait_for 10 has_line '"event":"mapping_up"' || fail "next: no mapping_up: $(cat "$WORK/expose.out")"
has_line "\"external_port\":$((PORT + 1))" || fail "next: expected external port $((PORT + 1)): $(cat "$WORK/expose.out")"
has_line '"event":"external_port_changed"' || fail "next: no external_port_changed event"
stop_expose
"$IGDCTL" --url "$LOCATION" delete --external-port "$PORT" --protocol TCP >/dev/null || fail "could not free the port"
# The restart gets the same port although the preferred one is free again.
start_expose "$PORT/tcp" --state "$WORK/state.json"
wait_for 10 has_line '"event":"mapping_up"' || fail "restart: no mapping_up"
has_line "\"external_port\":$((PORT + 1))" || fail "restart: expected the remembered port $((PORT + 1)): $(cat "$WORK/expose.out")"
stop_expose
"$IGDCTL" --url "$LOCATION" add --internal-client 127.0.0.2 --internal-port 9999 --external-port "$PORT" --protocol TCP >/dev/null
OUT=$(timeout 20 "$IGDCTL" --url "$LOCATION" expose "$PORT/tcp" --policy exact --duration 1 2>&1); RC=$?
[ $RC -eq 3 ] || fail "exact conflict: exit $RC, expected 3: $OUT"
grep -q "external port $PORT is taken by 127.0.0.2:9999" <<<"$OUT" || fail "exact conflict message: $OUT"

# ---- a corrupt state file: a warning, then a fresh start
echo '{"format":"igdkit-keeper-state","version":1,"gateway":"x","ports":[{"set":7}]}' >"$WORK/state.json"
OUT=$(timeout 20 "$IGDCTL" --url "$LOCATION" expose "$((PORT + 5))/tcp" --state "$WORK/state.json" --duration 1 2>&1); RC=$?
[ $RC -eq 0 ] || fail "corrupt state: exit $RC: $OUT"
grep -q "ignoring the state file .*ports\[0\].set" <<<"$OUT" || fail "corrupt state: no specific warning: $OUT"

# ---- WAN address change: event and hook with the new address
start_router
start_expose "$PORT/tcp" --check-interval 1 --on-ip-change "echo \"\$IGDKIT_PREVIOUS_IP>\$IGDKIT_EXTERNAL_IP\" > '$WORK/hook.out'"
wait_for 10 has_line '"event":"mapping_up"' || fail "hook: no mapping_up"
curl -s -X POST -d '{"ip":"203.0.113.77"}' "${ADMIN%/}/wan-ip" >/dev/null || fail "admin /wan-ip"
wait_for 10 test -s "$WORK/hook.out" || fail "the hook did not run"
[ "$(cat "$WORK/hook.out" 2>/dev/null)" = "203.0.113.10>203.0.113.77" ] || fail "hook saw '$(cat "$WORK/hook.out" 2>/dev/null)'"
has_line '"event":"external_ip_changed","from":"203.0.113.10","to":"203.0.113.77"' || fail "no external_ip_changed event"
stop_expose

# ---- help and usage errors
"$IGDCTL" expose --help | grep -q -- "--validate" || fail "expose --help"
"$IGDCTL" --url "$LOCATION" expose 0/tcp >/dev/null 2>&1; [ $? -eq 1 ] || fail "expose 0/tcp should be a usage error"
"$IGDCTL" --url "$LOCATION" expose 80/sctp 2>&1 | grep -q "protocol must be tcp or udp" || fail "expose 80/sctp message"

[ $FAILS -eq 0 ] && echo "PASS" || { echo "$FAILS failure(s)"; exit 1; }
