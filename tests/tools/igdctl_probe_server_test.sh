#!/usr/bin/env bash
# igdctl probe-server end to end on 127.0.0.1: --help and bad options, the ready line, whoami,
# a TCP probe of its own port (the caller is 127.0.0.1), a refused "ip" field, and exit 0 on
# SIGTERM. Loopback only.
set -u
IGDCTL=$1
WORK=$(mktemp -d)
FAILS=0
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }

"$IGDCTL" probe-server --help > "$WORK/help" 2>&1; rc=$?
[ $rc -eq 0 ] || fail "--help exit $rc"
grep -q -- "--listen" "$WORK/help" || fail "--help text: $(cat "$WORK/help")"
"$IGDCTL" probe-server > /dev/null 2>&1; rc=$?
[ $rc -eq 1 ] || fail "no --listen: exit $rc"
"$IGDCTL" probe-server --listen localhost:80 > /dev/null 2>&1; rc=$?
[ $rc -eq 1 ] || fail "--listen with a name: exit $rc"
"$IGDCTL" probe-server --listen 127.0.0.1:0 --max-probe-ms 0 > /dev/null 2>&1; rc=$?
[ $rc -eq 1 ] || fail "--max-probe-ms 0: exit $rc"

# The ready line arrives through a FIFO, so the test waits for it and not for a fixed time.
mkfifo "$WORK/out"
"$IGDCTL" probe-server --listen 127.0.0.1:0 --max-probe-ms 2000 > "$WORK/out" 2> "$WORK/err" &
PID=$!
exec 3< "$WORK/out"
if ! read -r -t 10 -u 3 line; then fail "no ready line: $(cat "$WORK/err")"; exit 1; fi
case "$line" in
  "probe-server listening on 127.0.0.1:"*) ;;
  *) fail "ready line: $line"; exit 1 ;;
esac
PORT=${line##*:}
BASE="http://127.0.0.1:$PORT"

out=$(curl -s --max-time 5 "$BASE/v1/whoami")
[ "$out" = '{"observed_address":"127.0.0.1"}' ] || fail "whoami: $out"
out=$(curl -s --max-time 5 -X POST -d "{\"protocol\":\"TCP\",\"port\":$PORT,\"timeout_ms\":1000}" "$BASE/v1/probe")
echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["reachable"] and d["observed_address"]=="127.0.0.1", d' \
  || fail "probe: $out"
code=$(curl -s --max-time 5 -o "$WORK/body" -w '%{http_code}' -X POST -d "{\"protocol\":\"TCP\",\"port\":$PORT,\"ip\":\"127.0.0.2\"}" "$BASE/v1/probe")
[ "$code" = 400 ] && grep -q unknown_field "$WORK/body" || fail "ip field: $code $(cat "$WORK/body")"

kill -TERM "$PID"
for _ in $(seq 100); do kill -0 "$PID" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$PID" 2>/dev/null; then fail "still running 5 s after SIGTERM"; else wait "$PID"; rc=$?; [ $rc -eq 0 ] || fail "exit $rc after SIGTERM"; fi
PID=""

[ $FAILS -eq 0 ] && echo "igdctl probe-server: all checks passed"
exit $((FAILS > 0))
