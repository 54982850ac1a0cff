#!/usr/bin/env bash
# GENA with real third-party subscribers against simrouter, in the namespace lab (simrouter in
# the router namespace on 192.168.66.1 with --multicast, the peers in the LAN namespace):
#   1. GUPnP 1.6 (gupnp_events.py) finds WANIPConnection by SSDP multicast, subscribes, gets the
#      initial event, then PortMappingNumberOfEntries=1 (upnpc adds a mapping) and the new
#      ExternalIPAddress (POST /wan-ip on the lab's admin API);
#   2. GUPnP-IGD's SimpleIgd maps a port and re-signals it with the next address after a
#      WAN address change.
# usage: gena_simrouter_netns.sh SIMROUTER     exit 0 pass, 1 fail, 77 skipped
set -u
PEERS_NAME=gena-simrouter
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/netns_lab.sh"
SIMROUTER=${1:-}
need_binary simrouter "$SIMROUTER"
command -v upnpc >/dev/null 2>&1 || skip "upnpc not installed (Debian: miniupnpc)"
lab_preflight
"$PEERS_PY" -c 'import gi; gi.require_version("GUPnP", "1.6"); gi.require_version("GUPnPIgd", "1.0")' 2>/dev/null \
  || skip "GUPnP 1.6 / GUPnP-IGD introspection missing (Debian: python3-gi gir1.2-gupnp-1.6 gir1.2-gupnpigd-1.0)"

lab_exit_trap simrouter.log simrouter

T_START=$(now_ms)
lab_up
ADMIN_PORT=8099
lab_spawn "$NS_RTR" "$LAB_DIR/simrouter.log" "$SIMROUTER" --lan "$RTR_LAN_IP" --http-port 5555 --ssdp-port 1900 \
  --multicast --admin-port "$ADMIN_PORT" --no-stun --wan-ip 203.0.113.10 --ready-file "$LAB_DIR/ready.json" -v
LAB_ROOTDESC="http://$RTR_LAN_IP:5555/rootDesc.xml"
wait_for 5 _lab_http_up || fail "simrouter did not serve $LAB_ROOTDESC"
say "lab up, simrouter at $LAB_ROOTDESC ($(( $(now_ms) - T_START )) ms)"

wan_ip_cmd() { echo "ip netns exec $NS_RTR curl -fsS --max-time 5 -X POST -d '{\"ip\": \"$1\"}' http://127.0.0.1:$ADMIN_PORT/wan-ip >/dev/null"; }
out='' RC=0
run() { local __v=$1; shift; local __out; __out=$("$@" 2>&1); RC=$?; printf -v "$__v" '%s' "$__out"; }

{ echo 'set -e'
  echo "ip netns exec $NS_LAN timeout 10 upnpc -u $LAB_ROOTDESC -e 'igdkit gena' -a $LAN_IP 8080 18080 TCP >/dev/null"
  wan_ip_cmd 203.0.113.20
} >"$LAB_DIR/trigger.sh"
t0=$(now_ms)
run out nsx "$NS_LAN" timeout 30 "$PEERS_PY" "$HERE/gupnp_events.py" --interface "$LAN_IF" --timeout 20 \
  --expect ExternalIPAddress=203.0.113.10 --expect PortMappingNumberOfEntries=0 --trigger "bash $LAB_DIR/trigger.sh" \
  --expect-after-trigger PortMappingNumberOfEntries=1 --expect-after-trigger ExternalIPAddress=203.0.113.20
printf '%s\n' "$out" >"$LAB_DIR/gupnp_events.out"
[ $RC -eq 0 ] || { echo "$out" >&2; fail "gupnp_events.py exited $RC"; }
resubscribes=$(grep -c '"event": "resubscribe"' <<<"$out")
[ "$resubscribes" -eq 0 ] || fail "GUPnP had to re-subscribe $resubscribes time(s) (a lost initial event or a SEQ gap)"
say "GUPnP: initial event, PortMappingNumberOfEntries=1, ExternalIPAddress=203.0.113.20 ($(( $(now_ms) - t0 )) ms, no re-subscription)"

{ echo 'set -e'; wan_ip_cmd 203.0.113.30; } >"$LAB_DIR/trigger-igd.sh"
t0=$(now_ms)
run out nsx "$NS_LAN" timeout 30 "$PEERS_PY" "$HERE/gupnp_igd_events.py" --interface "$LAN_IF" --timeout 20 \
  --local-ip "$LAN_IP" --local-port 18090 --expect-ip 203.0.113.20 \
  --trigger "bash $LAB_DIR/trigger-igd.sh" --expect-new-ip 203.0.113.30
[ $RC -eq 0 ] || { echo "$out" >&2; fail "gupnp_igd_events.py exited $RC"; }
expect_match "re-signalled mapping" "$out" '"after_trigger": true, .*"external_ip": "203\.0\.113\.30", "external_port": 18090'
say "SimpleIgd: mapped 18090 at 203.0.113.20, re-signalled at 203.0.113.30 ($(( $(now_ms) - t0 )) ms)"
say "PASS ($(( $(now_ms) - T_START )) ms total)"
