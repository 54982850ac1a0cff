# shellcheck shell=bash
# Helpers for scripts/demo.sh: start simulated routers, cameras and igdctl in the background,
# wait for the lines they print. Everything listens on 127.0.0.x only.

DEMO_PIDS=()
now_ms() { local t=${EPOCHREALTIME/./}; echo $(( t / 1000 )); }
# wait_line FILE REGEX [SECONDS]: until FILE has a line matching REGEX (bounded)
wait_line() {
  local deadline=$(( $(now_ms) + ${3:-10} * 1000 ))
  until grep -Eq -- "$2" "$1" 2>/dev/null; do
    [ "$(now_ms)" -ge "$deadline" ] && { echo "demo: timed out waiting for /$2/ in $1:" >&2; cat "$1" >&2; return 1; }
    sleep 0.02
  done
}
bg() { "$@" & DEMO_PIDS+=($!); LAST_PID=$!; }
# (a killed process's status is not the demo's failure)
stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
stop_all() {
  local p
  for p in "${DEMO_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${DEMO_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  DEMO_PIDS=()
}
title() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }
note() { printf '%s\n' "$*"; }
show() { printf '$ %s\n' "$*"; }
json_field() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# start_lab NAME SIMROUTER-ARGS...: a simulated home network; sets LOC ADMIN STUN UPSTREAM
start_lab() {
  local name=$1; shift
  rm -f "$WORK/$name.ready"
  bg "$BIN/simrouter/app/simrouter" --lan 127.0.0.1 --ssdp-port 0 --http-port 0 --ready-file "$WORK/$name.ready" "$@" \
    >"$WORK/$name.router.log" 2>&1
  ROUTER_PID=$LAST_PID
  local deadline=$(( $(now_ms) + 10000 ))
  until [ -s "$WORK/$name.ready" ]; do
    [ "$(now_ms)" -ge "$deadline" ] && { cat "$WORK/$name.router.log" >&2; echo "demo: simrouter did not start" >&2; exit 1; }
    sleep 0.02
  done
  LOC=$(json_field "$WORK/$name.ready" location) ADMIN=$(json_field "$WORK/$name.ready" admin)
  STUN=$(json_field "$WORK/$name.ready" stun) UPSTREAM=$(json_field "$WORK/$name.ready" upstream)
  note "simulated router ($*): $LOC, admin API $ADMIN"
}
# camera HOST PORT NAME: a camera service in the background (CAMERA_PID)
camera() {
  bg /usr/bin/python3 "$HERE/demo/camera.py" "$1" "$2" "$3" >"$WORK/cam-$1-$2.log" 2>&1
  CAMERA_PID=$LAST_PID
  wait_line "$WORK/cam-$1-$2.log" listening 5
}
# expose LOG ARGS...: igdctl expose in the background (EXPOSE_PID), its output in LOG
expose() {
  local log=$1; shift
  show "igdctl --url \$LOC $*"
  bg "$BIN/tools/igdctl" --url "$LOC" "$@" >"$log" 2>&1
  EXPOSE_PID=$LAST_PID
}
igdctl() { show "igdctl $*"; "$BIN/tools/igdctl" "$@"; }
# through_lab PUBLIC_IP PORT: connect from the simulated Internet (the lab's loopback endpoint
# standing for PUBLIC_IP:PORT) and print what the camera says
through_lab() {
  local ep
  ep=$(curl -s "${ADMIN%/}/state" | /usr/bin/python3 -c '
import json, sys
s = json.load(sys.stdin)
for e in s["public_endpoints"]:
    if e["public"] == sys.argv[1] + ":" + sys.argv[2] and e["protocol"] == "TCP":
        print(e["loopback"].replace(":", " ")); break' "$1" "$2")
  [ -n "$ep" ] || { echo "  (no public endpoint for $1:$2)"; return 1; }
  /usr/bin/python3 -c 'import socket,sys; s=socket.create_connection((sys.argv[1], int(sys.argv[2])), 2); print("  " + s.recv(200).decode().strip())' $ep
}
