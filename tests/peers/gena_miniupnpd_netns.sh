#!/usr/bin/env bash
# GENA eventing against real miniupnpd 2.3.1 in the three-namespace lab, with
# GUPnP 1.6 as the subscriber in the LAN namespace:
#   1. gupnp_events.py subscribes to WANIPConnection and must get the initial
#      event (ExternalIPAddress = router WAN address, no mappings), then -- after
#      its trigger adds a mapping with upnpc and renumbers the router's WAN
#      interface -- PortMappingNumberOfEntries=1 and the new ExternalIPAddress.
#      miniupnpd (Debian's build has the netlink interface watcher) notices
#      RTM_NEWADDR/RTM_DELADDR on ext_ifname by itself, re-reads the address
#      and sends the event; SIGUSR1 takes the same path without any change.
#   2. gupnp_igd_events.py (GUPnP-IGD SimpleIgd) maps a port and must re-signal
#      mapped-external-port with the next address after another renumbering.
#   3. with IGDCTL given: igdkit's own client (igdctl watch --json) subscribes to
#      miniupnpd and must see the initial ExternalIPAddress, PortMappingNumberOfEntries=1
#      after a mapping is added and the new ExternalIPAddress after a renumbering.
# Both run against IGD:2 (WANIPConnection:2) and, after a restart with -1, IGD:1.
#
# usage: gena_miniupnpd_netns.sh [IGDCTL]   exit 0 pass, 1 fail, 77 skipped
# GENA_PCAP=FILE also records the router's LAN side (tcpdump) into FILE.
set -u
PEERS_NAME=gena-miniupnpd
IGDCTL=${1:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/netns_lab.sh"

command -v upnpc >/dev/null 2>&1 || skip "upnpc not installed (Debian: miniupnpc)"
lab_preflight
grep -qa 'ProcessHTTPSubscribe' "$MINIUPNPD_BIN" || skip "$MINIUPNPD_BIN was built without ENABLE_EVENTS"
"$PEERS_PY" -c 'import gi; gi.require_version("GUPnP", "1.6"); gi.require_version("GUPnPIgd", "1.0")' 2>/dev/null \
  || skip "GUPnP 1.6 / GUPnP-IGD introspection missing (Debian: python3-gi gir1.2-gupnp-1.6 gir1.2-gupnpigd-1.0)"
if [ -n "${GENA_PCAP:-}" ]; then
  command -v tcpdump >/dev/null 2>&1 || skip "GENA_PCAP set but tcpdump not installed"
fi

lab_exit_trap miniupnpd.log miniupnpd

T_START=$(now_ms)
lab_up
if [ -n "${GENA_PCAP:-}" ]; then
  lab_spawn "$NS_RTR" "$LAB_DIR/tcpdump.log" tcpdump -i "$RTR_LAN_IF" -s0 -U -w "$GENA_PCAP" tcp
  _tcpdump_up() { grep -q "listening on" "$LAB_DIR/tcpdump.log"; }
  wait_for 5 _tcpdump_up || { cat "$LAB_DIR/tcpdump.log" >&2; fail "tcpdump did not start"; }
fi
lab_start_miniupnpd
say "lab up, miniupnpd at $LAB_ROOTDESC ($(( $(now_ms) - T_START )) ms)"

WAN_IP_A=$WAN_RTR_IP  # 11.66.0.1 from netns_lab.sh
WAN_IP_B=11.66.0.7    # public-looking too: miniupnpd 2.3.1 refuses private/reserved WAN addresses
# deleting the primary address must promote the new secondary, not flush it
nsx "$NS_RTR" sysctl -qw "net.ipv4.conf.$RTR_WAN_IF.promote_secondaries=1"

out='' RC=0
run() { # run VAR CMD... : capture combined output in VAR, return code in RC
  local __v=$1; shift
  local __out
  __out=$("$@" 2>&1); RC=$?
  printf -v "$__v" '%s' "$__out"
}
upnpx() { nsx "$NS_LAN" timeout 10 upnpc -u "$LAB_ROOTDESC" "$@"; }

# write_trigger FILE CMD... : a trigger script (the peers run it as a child,
# outside this shell, so it carries its own commands)
write_trigger() {
  local f=$1; shift
  { echo 'set -e'; printf '%s\n' "$@"; } >"$f"
}
# Steps are spaced because miniupnpd 2.3.1 drops a change that happens while
# a NOTIFY to that subscriber is still in flight (upnp_event_var_change_notify
# skips a subscriber whose notify != NULL). Every NOTIFY carries all
# variables, so the closing SIGUSR1s re-deliver anything lost and give GUPnP,
# which re-subscribes on a SEQ gap (e.g. after it dropped the initial event),
# more chances to end up with the current values.
STEP=0.4
add_cmd() { echo "ip netns exec $NS_LAN timeout 10 upnpc -u $LAB_ROOTDESC -e 'igdkit gena' -a $LAN_IP 8080 $1 TCP >/dev/null"; }
renumber_cmds() { # OLD NEW : router WAN address OLD -> NEW, default route kept
  echo "ip netns exec $NS_RTR ip addr add $2/24 dev $RTR_WAN_IF"
  echo "sleep $STEP"
  echo "ip netns exec $NS_RTR ip addr del $1/24 dev $RTR_WAN_IF"
}
nudge_cmds() {
  echo "sleep $STEP"; echo "kill -USR1 $MINIUPNPD_PID"; echo "sleep $STEP"; echo "kill -USR1 $MINIUPNPD_PID"
}

events_scenario() { # LABEL SERVICE_VERSION OLD_IP NEW_IP EPORT
  local label=$1 ver=$2 old=$3 new=$4 eport=$5 t0 t1
  PEERS_NAME="gena-miniupnpd-$label"
  write_trigger "$LAB_DIR/trigger-$label.sh" "$(add_cmd "$eport")" "sleep $STEP" \
    "$(renumber_cmds "$old" "$new")" "$(nudge_cmds)"
  t0=$(now_ms)
  run out nsx "$NS_LAN" timeout 30 "$PEERS_PY" "$HERE/gupnp_events.py" --interface "$LAN_IF" --timeout 20 --initial-wait 3 \
    --expect "ExternalIPAddress=$old" --expect PortMappingNumberOfEntries=0 \
    --trigger "bash $LAB_DIR/trigger-$label.sh" \
    --expect-after-trigger PortMappingNumberOfEntries=1 --expect-after-trigger "ExternalIPAddress=$new"
  t1=$(now_ms)
  printf '%s\n' "$out" >"$LAB_DIR/gupnp_events-$label.out"
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "gupnp_events.py exited $RC"; }
  expect_contains "service" "$out" "\"type\": \"urn:schemas-upnp-org:service:WANIPConnection:$ver\""
  expect_match "initial event" "$out" "\"after_trigger\": false, .*\"value\": \"${old//./\\.}\", \"variable\": \"ExternalIPAddress\""
  expect_match "mapping event" "$out" "\"after_trigger\": true, .*\"value\": \"1\", \"variable\": \"PortMappingNumberOfEntries\""
  expect_match "address event" "$out" "\"after_trigger\": true, .*\"value\": \"${new//./\\.}\", \"variable\": \"ExternalIPAddress\""
  say "GUPnP got initial ExternalIPAddress=$old, then PortMappingNumberOfEntries=1 and ExternalIPAddress=$new ($(( t1 - t0 )) ms;" \
    "workarounds used: $(grep -c '"event": "resubscribe"' <<<"$out") re-subscription(s), $(grep -c '"event": "rediscover"' <<<"$out") rediscovery(s))"

  # the evented value agrees with the action
  run out upnpx -s
  expect_contains "status after renumbering" "$out" "ExternalIPAddress = $new"
  run out upnpx -d "$eport" TCP
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "upnpc -d $eport exited $RC"; }
  grep -q 'ProcessHTTPUnSubscribe' "$LAB_DIR/miniupnpd.log" \
    || say "note: miniupnpd logged no UNSUBSCRIBE (GUPnP sends it fire-and-forget at exit)"
}

igd_scenario() { # LABEL OLD_IP NEW_IP : SimpleIgd maps, router renumbers OLD -> NEW
  local label=$1 old=$2 new=$3 t0 t1
  PEERS_NAME="gena-miniupnpd-$label-simpleigd"
  write_trigger "$LAB_DIR/trigger-$label-igd.sh" "$(renumber_cmds "$old" "$new")" "$(nudge_cmds)"
  t0=$(now_ms)
  run out nsx "$NS_LAN" timeout 30 "$PEERS_PY" "$HERE/gupnp_igd_events.py" --interface "$LAN_IF" --timeout 20 \
    --local-ip "$LAN_IP" --local-port 18090 --expect-ip "$old" \
    --trigger "bash $LAB_DIR/trigger-$label-igd.sh" --expect-new-ip "$new"
  t1=$(now_ms)
  printf '%s\n' "$out" >"$LAB_DIR/gupnp_igd_events-$label.out"
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "gupnp_igd_events.py exited $RC"; }
  expect_match "re-signalled mapping" "$out" "\"after_trigger\": true, .*\"external_ip\": \"${new//./\\.}\", \"external_port\": 18090, .*\"replaces_external_ip\": \"${old//./\\.}\""
  run out upnpx -l
  expect_no_match "list after SimpleIgd exit" "$out" "^ *[0-9]+ TCP +18090->"
  say "SimpleIgd: mapped 18090 at $old, re-signalled at $new replacing $old, removed at exit ($(( t1 - t0 )) ms)"
}

watch_scenario() { # OLD_IP NEW_IP EPORT : igdctl watch sees miniupnpd's events
  local old=$1 new=$2 eport=$3 t0 pid
  PEERS_NAME="gena-miniupnpd-igdctl-watch"
  t0=$(now_ms)
  ip netns exec "$NS_LAN" "$IGDCTL" --url "$LAB_ROOTDESC" --json watch --check-interval 0 >"$LAB_DIR/watch.out" 2>"$LAB_DIR/watch.err" &  # no subshell: the PID is igdctl
  pid=$!
  LAB_PIDS+=("$pid")
  _watch_seen() { grep -q "$1" "$LAB_DIR/watch.out"; }
  wait_for 10 _watch_seen "\"ExternalIPAddress\":\"$old\"" || { cat "$LAB_DIR/watch.out" "$LAB_DIR/watch.err" >&2; fail "igdctl watch: no initial ExternalIPAddress=$old"; }
  bash -c "$(add_cmd "$eport")" || fail "upnpc -a failed"
  wait_for 10 _watch_seen '"PortMappingNumberOfEntries":"1"' || { cat "$LAB_DIR/watch.out" >&2; fail "igdctl watch: no PortMappingNumberOfEntries=1"; }
  bash -c "$(renumber_cmds "$old" "$new"; nudge_cmds)" || fail "renumbering failed"
  wait_for 10 _watch_seen "\"ExternalIPAddress\":\"$new\"" || { cat "$LAB_DIR/watch.out" >&2; fail "igdctl watch: no ExternalIPAddress=$new"; }
  lab_stop "$pid"
  grep -q '"event":"stopped"' "$LAB_DIR/watch.out" || fail "igdctl watch did not unsubscribe on SIGTERM"
  upnpx -d "$eport" TCP >/dev/null 2>&1
  bash -c "$(renumber_cmds "$new" "$old")"  # the IGD:1 round starts from the first address again
  say "igdctl watch: initial ExternalIPAddress=$old, PortMappingNumberOfEntries=1, ExternalIPAddress=$new, unsubscribed ($(( $(now_ms) - t0 )) ms;" \
    "$(grep -c '"event":"missed"' "$LAB_DIR/watch.out") missed event(s) re-read by action)"
}

# GUPnP's cases run with the NOTIFY delay (see lab_delay_notify); igdctl's
# with the router's real timing, since it keeps a NOTIFY that beats the response
lab_delay_notify on
events_scenario igd2 2 "$WAN_IP_A" "$WAN_IP_B" 18080
igd_scenario igd2 "$WAN_IP_B" "$WAN_IP_A"
lab_delay_notify off
[ -n "$IGDCTL" ] && watch_scenario "$WAN_IP_A" "$WAN_IP_B" 18081

lab_stop "$MINIUPNPD_PID"
lab_start_miniupnpd -1
lab_delay_notify on
events_scenario igd1 1 "$WAN_IP_A" "$WAN_IP_B" 19080
igd_scenario igd1 "$WAN_IP_B" "$WAN_IP_A"

PEERS_NAME=gena-miniupnpd
say "PASS ($(( $(now_ms) - T_START )) ms total)"
