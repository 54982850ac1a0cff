#!/usr/bin/env bash
# IPv6 SSDP between two throwaway namespaces joined by one veth pair:
#
#   NS_CLI  lan6  fe80::2/64 fd6b:6b::2/64  ==veth==  rtr6  fe80::1/64 fd6b:6b::1/64  NS_RTR
#
# simrouter --lan6 fd6b:6b::1 --multicast runs in NS_RTR. From NS_CLI:
#   - igdctl discover from the link-local address (M-SEARCH to ff02::c), while a raw observer
#     next to simrouter checks the datagram really went to ff02::c with HOST [FF02::C]:1900;
#   - a raw Python M-SEARCH to ff02::c gets simrouter's answer with the IPv6 LOCATION;
#   - igdctl discover from the ULA (M-SEARCH to ff05::c);
#   - the description is fetched over IPv6 (curl, then igdctl status end to end).
# LOCATION names the ULA: a link-local URL would need a zone that only the receiver knows.
# The namespaces and the veth pair live only inside the test (created directly in the
# namespaces, deleted on exit); no multicast can reach a real interface.
#
# usage: ssdp_ipv6_netns.sh SIMROUTER IGDCTL
# exit 0 pass, 1 fail, 77 skipped (no root / ip / netns / python3 / curl).
set -u
PEERS_NAME=ssdp-ipv6
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"

SIMROUTER=${1:-} IGDCTL=${2:-}
{ [ -f "$SIMROUTER" ] && [ -x "$SIMROUTER" ]; } || fail "simrouter binary '$SIMROUTER' not executable"
{ [ -f "$IGDCTL" ] && [ -x "$IGDCTL" ]; } || fail "igdctl binary '$IGDCTL' not executable"
[ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
command -v ip >/dev/null 2>&1 || skip "'ip' (iproute2) not found"
command -v curl >/dev/null 2>&1 || skip "'curl' not found"
[ -x "$PEERS_PY" ] || skip "$PEERS_PY not found (raw probe)"
PROBE=("$PEERS_PY" "$HERE/ssdp6_probe.py")

RUN_ID="$$-$RANDOM"
NS_RTR=igd6-rtr-$RUN_ID NS_CLI=igd6-cli-$RUN_ID
RTR_IF=rtr6 CLI_IF=lan6
RTR_LL=fe80::1 CLI_LL=fe80::2 RTR_ULA=fd6b:6b::1 CLI_ULA=fd6b:6b::2
WORK=$(mktemp -d /tmp/igdkit-ssdp6.XXXXXX)
NAMESPACES=() PIDS=()

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
spawn() { # NS LOG CMD... : background process in NS (ip netns exec execs in place: $! is CMD)
  local ns=$1 log=$2; shift 2
  ip netns exec "$ns" "$@" >"$log" 2>&1 &
  SPAWNED=$!
  PIDS+=("$SPAWNED")
}
cleanup() {
  local rc=$? pid ns
  if [ $rc -ne 0 ] && [ $rc -ne "$PEERS_SKIP" ]; then
    for f in "$WORK"/*.log; do [ -f "$f" ] && { echo "---- $(basename "$f")" >&2; tail -n 20 "$f" >&2; }; done
  fi
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
  rm -rf "$WORK"
  exit $rc
}
trap cleanup EXIT
trap 'exit 1' INT TERM

for ns in "$NS_RTR" "$NS_CLI"; do
  ip netns add "$ns" 2>"$WORK/netns.err" || { cat "$WORK/netns.err" >&2; skip "cannot create network namespace $ns"; }
  NAMESPACES+=("$ns")
  nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.default.disable_ipv6=0 \
    || skip "IPv6 unavailable in namespaces"
  nsx "$ns" ip link set lo up
done
ip link add "$RTR_IF" netns "$NS_RTR" type veth peer name "$CLI_IF" netns "$NS_CLI" \
  || skip "cannot create a veth pair inside the namespaces"
# Fixed addresses without DAD: usable at once, so no waiting for "tentative" to clear.
setup_end() { # NS IF LINK_LOCAL ULA
  nsx "$1" ip link set "$2" addrgenmode none
  nsx "$1" ip link set "$2" multicast on up
  nsx "$1" ip -6 addr add "$3/64" dev "$2" nodad
  nsx "$1" ip -6 addr add "$4/64" dev "$2" nodad
}
setup_end "$NS_RTR" "$RTR_IF" "$RTR_LL" "$RTR_ULA"
setup_end "$NS_CLI" "$CLI_IF" "$CLI_LL" "$CLI_ULA"

# ---- the raw observer first, so it sees igdctl's very first M-SEARCH
spawn "$NS_RTR" "$WORK/observer.log" "${PROBE[@]}" observe "$RTR_IF" ff02::c 15
OBSERVER_PID=$SPAWNED
wait_for 5 grep -q '^ready' "$WORK/observer.log" || fail "raw observer did not join ff02::c within 5 s"

# ---- simrouter answering over IPv6 on the router end of the veth
spawn "$NS_RTR" "$WORK/simrouter.log" "$SIMROUTER" --lan6 "$RTR_ULA" --multicast --http-port 0 --ssdp-port 0 \
  --no-admin --ready-file "$WORK/ready.json"
SIM_PID=$SPAWNED
ready() { [ -s "$WORK/ready.json" ] && grep -q '}' "$WORK/ready.json"; }
wait_for 10 ready || fail "simrouter --lan6 did not become ready within 10 s"
kill -0 "$SIM_PID" 2>/dev/null || fail "simrouter exited right after start"
LOCATION6=$("$PEERS_PY" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("location6", ""))' "$WORK/ready.json")
case $LOCATION6 in
  "http://[$RTR_ULA]:"*/rootDesc.xml) say "simrouter ready, IPv6 LOCATION $LOCATION6" ;;
  *) fail "ready file has no IPv6 location on [$RTR_ULA]: $(cat "$WORK/ready.json")" ;;
esac

# ---- 1. igdctl from the link-local address: ff02::c
out=$(nsx "$NS_CLI" timeout 10 "$IGDCTL" --interface "$CLI_LL%$CLI_IF" --timeout 3000 discover --first 2>&1) \
  || fail "igdctl discover over ff02::c failed: $out"
expect_contains "igdctl discover (ff02::c)" "$out" "LOCATION: $LOCATION6"
wait "$OBSERVER_PID" 2>/dev/null || fail "the raw observer saw no M-SEARCH on ff02::c"
seen=$(cat "$WORK/observer.log")
expect_match "M-SEARCH on ff02::c" "$seen" "^msearch $CLI_LL \[(FF02::C|ff02::c)\]:1900 igdkit"
say "igdctl searched ff02::c from $CLI_LL and found $LOCATION6"

# ---- 2. a raw M-SEARCH to ff02::c, answered by simrouter
out=$(nsx "$NS_CLI" "${PROBE[@]}" search "$CLI_IF" ff02::c 2) || fail "no answer to a raw M-SEARCH on ff02::c: $out"
expect_match "raw answer (ff02::c)" "$out" "^answer $RTR_ULA ${LOCATION6//[/\\[}$"
say "raw M-SEARCH on ff02::c answered: $(head -n1 <<<"$out")"

# ---- 3. igdctl from the ULA: ff05::c
out=$(nsx "$NS_CLI" timeout 10 "$IGDCTL" --interface "$CLI_ULA" --timeout 3000 discover --first 2>&1) \
  || fail "igdctl discover over ff05::c failed: $out"
expect_contains "igdctl discover (ff05::c)" "$out" "LOCATION: $LOCATION6"
say "igdctl searched ff05::c from $CLI_ULA"

# ---- 4. the description over IPv6, then a SOAP call found by IPv6 discovery
desc=$(nsx "$NS_CLI" curl -g -fsS --max-time 3 "$LOCATION6") || fail "cannot fetch $LOCATION6"
expect_contains "description over IPv6" "$desc" "urn:schemas-upnp-org:device:InternetGatewayDevice:"
out=$(nsx "$NS_CLI" timeout 10 "$IGDCTL" --interface "$CLI_LL%$CLI_IF" --timeout 3000 status 2>&1) \
  || fail "igdctl status after IPv6 discovery failed: $out"
say "description and status over IPv6: ok"
say "PASS"
