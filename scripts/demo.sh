#!/usr/bin/env bash
# The main job, on an embedded lab (simulated routers on 127.0.0.x, never a real network):
#  1. a PC camera app (ONVIF + RTSP): same external ports, Apply & Validate, the NVR's view,
#     a second user's camera, a restart keeping the ports, removal on stop;
#  2. five cameras on WAN ports 80-84, on a router that maps one port to another and on a
#     same-port-only one (the cameras move to 81-84);
#  3. the camera behind carrier-grade NAT and double NAT: diagnosis, advice, manual rules;
#  4. a WAN address change running the dynamic-DNS hook.
set -euo pipefail
cd "$(dirname "$0")/.."
HERE=$PWD/scripts
if [ -n "${IGDKIT_DEMO_BUILD:-}" ]; then
  BIN=$(cd "$IGDKIT_DEMO_BUILD" && pwd)  # an existing build tree (developers iterating on the demo)
else
  bash scripts/setup.sh
  cmake --preset release >/dev/null
  cmake --build --preset release -j "$(nproc)" --target igdctl simrouter_app >/dev/null
  BIN=$PWD/build/release
fi
WORK=$(mktemp -d)
. "$HERE/demo/lib.sh"
trap 'stop_all; rm -rf "$WORK"' EXIT
T0=$(now_ms)

# ---------------------------------------------------------------------------------------------
title "1. A PC camera app: map ONVIF and RTSP, Apply & Validate"
start_lab home --mode nat
camera 127.0.0.1 8000 "alice's camera ONVIF"
camera 127.0.0.1 8554 "alice's camera RTSP"
t=$(now_ms)
expose "$WORK/alice.log" expose 8000/tcp 8554/tcp --set user:alice --validate --prober "lab:$ADMIN" --state "$WORK/alice.json"
ALICE=$EXPOSE_PID
wait_line "$WORK/alice.log" ':8000 .*reachable'
wait_line "$WORK/alice.log" ':8554 .*reachable'
sed 's/^/  /' "$WORK/alice.log"
note "  (start to both reachable: $(( $(now_ms) - t )) ms)"
note "The NVR's view, from the simulated Internet:"
note "  onvif://203.0.113.10:8000  rtsp://203.0.113.10:8554"
through_lab 203.0.113.10 8000
through_lab 203.0.113.10 8554

title "1b. Per-user mode: bob's camera wants the same ports, gets its own pair"
camera 127.0.0.1 8100 "bob's camera ONVIF"
camera 127.0.0.1 8654 "bob's camera RTSP"
expose "$WORK/bob.log" expose 8100:8000/tcp 8654:8554/tcp --set user:bob --validate --prober "lab:$ADMIN" --state "$WORK/bob.json"
BOB=$EXPOSE_PID
wait_line "$WORK/bob.log" ':8001 .*reachable'
wait_line "$WORK/bob.log" ':8555 .*reachable'
sed 's/^/  /' "$WORK/bob.log"
igdctl --url "$LOC" list

title "1c. Alice stops sharing; bob's app restarts and keeps 8001/8555 (his NVR bookmarks stay valid)"
stop "$ALICE"; sed -n '/removing/,$p' "$WORK/alice.log" | sed 's/^/  /'
stop "$BOB"
expose "$WORK/bob2.log" expose 8100:8000/tcp 8654:8554/tcp --set user:bob --validate --prober "lab:$ADMIN" --state "$WORK/bob.json"
BOB=$EXPOSE_PID
wait_line "$WORK/bob2.log" ':8001 .*reachable'
wait_line "$WORK/bob2.log" ':8555 .*reachable'
grep -E 'up:|reachable' "$WORK/bob2.log" | sed 's/^/  /'
note "  (8000 and 8554 are free again, yet the state file brought back the same ports)"
stop "$BOB"
igdctl --url "$LOC" list
stop_all

# ---------------------------------------------------------------------------------------------
title "2. Five cameras, each published on its own WAN port 80-84"
# Cameras listen on port 80 as they ship (root), else 8080; the router allows the low ports.
CAM_PORT=80; [ "$(id -u)" -eq 0 ] || CAM_PORT=8080
echo '{"allowed_ranges": ["allow 1-65535 127.0.0.0/8 1-65535"]}' >"$WORK/allow-low-ports.json"
start_lab axis --config "$WORK/allow-low-ports.json"
for n in 1 2 3 4 5; do camera "127.0.0.1$n" "$CAM_PORT" "camera $n"; done
for n in 1 2 3 4 5; do
  # Each camera maps its own port, speaking from its own address (the router's secure mode).
  expose "$WORK/axis$n.log" --interface "127.0.0.1$n" expose "$CAM_PORT:8$((n - 1))/tcp" --policy exact --set "camera-$n" \
    --validate --prober "lab:$ADMIN"
done
for n in 1 2 3 4 5; do wait_line "$WORK/axis$n.log" "reachable"; grep reachable "$WORK/axis$n.log" | sed 's/^/  /'; done
igdctl --url "$LOC" list
stop_all

title "2b. The same on a router that cannot map one port to another (same-port-only)"
start_lab axis2 --config "$WORK/allow-low-ports.json" --profile same-port-only
for n in 1 2 3 4 5; do
  expose "$WORK/same$n.log" --json --interface "127.0.0.1$n" expose "$CAM_PORT:8$((n - 1))/tcp" --policy exact --set "camera-$n" \
    --allow-internal-port-change
done
for n in 1 2 3 4 5; do
  wait_line "$WORK/same$n.log" '"event":"mapping_up"'
  port=$(grep '"event":"mapping_up"' "$WORK/same$n.log" | /usr/bin/python3 -c 'import json,sys; print(json.loads(sys.stdin.readline())["internal_port"])')
  note "  camera $n: the router needs internal port = external port: camera $n must listen on $port"
  [ "$port" = "$CAM_PORT" ] || camera "127.0.0.1$n" "$port" "camera $n (moved to $port)"
done
for n in 2 3 4 5; do
  "$BIN/tools/igdctl" --url "$LOC" validate --external-port "8$((n - 1))" --protocol TCP --internal-client "127.0.0.1$n" \
    --prober "lab:$ADMIN" >"$WORK/same-validate$n.log" || { cat "$WORK/same-validate$n.log" >&2; exit 1; }
  sed -n 's/^  \(passed.*\)/  camera '"$n"': \1/p' "$WORK/same-validate$n.log"
done
igdctl --url "$LOC" list
stop_all

# ---------------------------------------------------------------------------------------------
title "3. The camera behind carrier-grade NAT"
start_lab cgnat --mode cgnat
camera 127.0.0.1 8554 "camera RTSP"
expose "$WORK/cgnat.log" expose 8554/tcp --until-validated --prober "lab:$ADMIN" --stun "$STUN"
wait "$EXPOSE_PID" || true
wait_line "$WORK/cgnat.log" "carrier_grade_nat"
sed 's/^/  /' "$WORK/cgnat.log"
stop_all

title "3b. ... behind double NAT (the upstream router without UPnP)"
start_lab dnat --mode double-nat
camera 127.0.0.1 8554 "camera RTSP"
expose "$WORK/dnat.log" expose 8554/tcp --until-validated --prober "lab:$ADMIN" --stun "$STUN"
wait "$EXPOSE_PID" || true
wait_line "$WORK/dnat.log" "double_nat"
sed 's/^/  /' "$WORK/dnat.log"
stop_all

title "3c. ... behind double NAT where the upstream router runs UPnP too"
start_lab dnat2 --mode double-nat --upstream-upnp
camera 127.0.0.1 8554 "camera RTSP"
expose "$WORK/dnat2.log" expose 8554/tcp --validate --prober "lab:$ADMIN" --stun "$STUN" --upstream "$UPSTREAM"
HOME_EXPOSE=$EXPOSE_PID
wait_line "$WORK/dnat2.log" "manual forwarding rules"
sed 's/^/  /' "$WORK/dnat2.log"
WAN=$(json_field "$WORK/dnat2.ready" wan_ip)
note "Following the advice: map the same port on the upstream router, to this router's WAN address $WAN."
igdctl --url "$UPSTREAM" add --internal-client "$WAN" --internal-port 8554 --external-port 8554 --protocol TCP --description "to the home router"
igdctl --url "$LOC" validate --external-port 8554 --protocol TCP --prober "lab:$ADMIN" --stun "$STUN" >"$WORK/dnat2-validate.log" \
  || { cat "$WORK/dnat2-validate.log" >&2; exit 1; }
sed -n '/passed/p' "$WORK/dnat2-validate.log"
stop "$HOME_EXPOSE"
stop_all

# ---------------------------------------------------------------------------------------------
title "4. The WAN address changes (dynamic IP): the keeper notices and runs the dynamic-DNS hook"
start_lab dyn --mode nat
camera 127.0.0.1 8554 "camera RTSP"
expose "$WORK/dyn.log" expose 8554/tcp --check-interval 1 \
  --on-ip-change 'echo "  hook: WAN address is now $IGDKIT_EXTERNAL_IP (was $IGDKIT_PREVIOUS_IP): update the DDNS record here"'
wait_line "$WORK/dyn.log" "up:"
show "curl -X POST \$ADMIN/wan-ip -d '{\"ip\": \"203.0.113.77\"}'   # the ISP re-addresses the router"
curl -s -X POST -d '{"ip": "203.0.113.77"}' "${ADMIN%/}/wan-ip" >/dev/null
wait_line "$WORK/dyn.log" "hook: WAN address is now 203.0.113.77"
stop "$EXPOSE_PID"
sed 's/^/  /' "$WORK/dyn.log"
stop_all

printf '\ndemo: done in %s ms\n' "$(( $(now_ms) - T0 ))"
