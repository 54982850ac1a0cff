# shellcheck shell=bash
# Shared by the igdctl end-to-end scripts (sourced after IGDCTL, SIMROUTER and WORK are set):
# failures counted, bounded polling, a simrouter process on 127.0.0.1 read from its ready file,
# and a banner service on 127.0.0.1. Loopback only. Callers stop ROUTER_PID and SERVICE_PID.
FAILS=0
ROUTER_PID="" SERVICE_PID=""
fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
now_ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }
# wait_for SECONDS CMD...: poll CMD until it succeeds (bounded)
wait_for() {
  local deadline=$(( $(now_ms) + $1 * 1000 )); shift
  while ! "$@" 2>/dev/null; do [ "$(now_ms)" -ge "$deadline" ] && return 1; sleep 0.02; done
}
field() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$WORK/ready.json" "$1"; }

# start_router SIMROUTER-ARGS...: (re)starts simrouter; sets LOCATION ADMIN STUN UPSTREAM
start_router() {
  [ -n "$ROUTER_PID" ] && { kill "$ROUTER_PID"; wait "$ROUTER_PID" 2>/dev/null; }
  rm -f "$WORK/ready.json"
  "$SIMROUTER" --lan 127.0.0.1 --ssdp-port 0 --http-port 0 --ready-file "$WORK/ready.json" "$@" \
    >"$WORK/router.out" 2>"$WORK/router.err" &
  ROUTER_PID=$!
  wait_for 10 test -s "$WORK/ready.json" || { cat "$WORK/router.err" >&2; echo "simrouter did not start" >&2; exit 1; }
  LOCATION=$(field location) ADMIN=$(field admin) STUN=$(field stun) UPSTREAM=$(field upstream)
}

# start_service BANNER: a TCP service on 127.0.0.1 (ephemeral port) that writes BANNER to every
# connection; sets SERVICE_PID and PORT
start_service() {
  rm -f "$WORK/service.port"
  /usr/bin/python3 - "$WORK/service.port" "$1" <<'PY' &
import os, socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1])); os.rename(sys.argv[1] + ".tmp", sys.argv[1])
banner = sys.argv[2].encode().decode("unicode_escape").encode()
while True:
    c, _ = s.accept(); c.sendall(banner); c.close()
PY
  SERVICE_PID=$!
  wait_for 5 test -s "$WORK/service.port" || { echo "service did not start" >&2; exit 1; }
  PORT=$(cat "$WORK/service.port")
}
