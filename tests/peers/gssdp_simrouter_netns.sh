#!/usr/bin/env bash
# GSSDP 1.6 (through python3-gi: gssdp_browse.py) finds simrouter by SSDP MULTICAST in the
# namespace lab: simrouter --multicast in the router namespace on 192.168.66.1, GSSDP in the LAN
# namespace on lan0. Every M-SEARCH goes to 239.255.255.250 inside the lab (an nft counter in the
# router namespace proves it arrived that way); nothing touches the machine's real interfaces.
# Per router configuration:
#   v2 / v1 default            the device and a lower-version / service type are found, with the
#                              router's LOCATION and UUID; stopping simrouter (byebye) makes GSSDP
#                              report them unavailable;
#   multicast-only-ssdp        found by multicast (the profile ignores unicast M-SEARCH);
#   igd1-ssdp-igd2-desc        InternetGatewayDevice:1 found, :2 unanswered (expected failure:
#                              the profile's point).
# usage: gssdp_simrouter_netns.sh SIMROUTER     exit 0 pass, 1 fail, 77 skipped
set -u
PEERS_NAME=gssdp-simrouter
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/netns_lab.sh"
SIMROUTER=${1:-}
need_binary simrouter "$SIMROUTER"
lab_preflight
"$PEERS_PY" -c 'import gi; gi.require_version("GSSDP", "1.6")' 2>/dev/null \
  || skip "GSSDP 1.6 introspection missing (Debian: python3-gi gir1.2-gssdp-1.6)"

lab_exit_trap simrouter.log simrouter
T_START=$(now_ms)
lab_up
IGD=urn:schemas-upnp-org:device:InternetGatewayDevice
WANIP=urn:schemas-upnp-org:service:WANIPConnection
ROOTDESC="http://$RTR_LAN_IP:5555/rootDesc.xml"
out='' RC=0
run() { local __v=$1; shift; local __out; __out=$("$@" 2>&1); RC=$?; printf -v "$__v" '%s' "$__out"; }

# counts the M-SEARCHes that reach the router by multicast
count_on() {
  nsx "$NS_RTR" nft delete table inet igdp_ssdp_count 2>/dev/null
  nsx "$NS_RTR" nft -f - <<NFT || fail "nft: cannot install the SSDP counter"
table inet igdp_ssdp_count {
  counter msearch_multicast { }
  chain in { type filter hook input priority 0; ip daddr 239.255.255.250 udp dport 1900 counter name msearch_multicast; }
}
NFT
}
multicast_count() { nsx "$NS_RTR" nft list counter inet igdp_ssdp_count msearch_multicast | sed -nE 's/.*packets ([0-9]+).*/\1/p'; }

SIM_NS_PID=
sim_up() { # VERSION [--profile P]
  local ver=$1; shift
  rm -f "$LAB_DIR/ready.json"
  lab_spawn "$NS_RTR" "$LAB_DIR/simrouter.log" "$SIMROUTER" --lan "$RTR_LAN_IP" --http-port 5555 --ssdp-port 1900 \
    --multicast --no-stun --igd-version "$ver" "$@" --ready-file "$LAB_DIR/ready.json"
  SIM_NS_PID=$LAB_SPAWNED
  _ready() { [ -s "$LAB_DIR/ready.json" ]; }
  wait_for 5 _ready || fail "simrouter did not write its ready file"
  SIM_UUID=$("$PEERS_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["uuid"])' "$LAB_DIR/ready.json")
  [ "$("$PEERS_PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["location"])' "$LAB_DIR/ready.json")" = "$ROOTDESC" ] \
    || fail "simrouter's LOCATION is not $ROOTDESC"
  # every UDN of the description (root device and embedded devices: services carry theirs in USN)
  local desc
  desc=$(nsx "$NS_LAN" curl -fsS --max-time 2 "$ROOTDESC") || fail "cannot fetch $ROOTDESC"
  SIM_UDNS=()
  mapfile -t SIM_UDNS < <(sed -nE 's#.*<UDN>uuid:([^<]+)</UDN>.*#\1#p' <<<"$desc")
  [ "${SIM_UDNS[0]:-}" = "$SIM_UUID" ] || fail "the description's first UDN is not the ready file's uuid $SIM_UUID"
  count_on
}
sim_down() {
  [ -n "$SIM_NS_PID" ] || return 0
  lab_stop "$SIM_NS_PID"; SIM_NS_PID=
}
gssdp() { # ARGS... : gssdp_browse.py in the LAN namespace; output in out, exit code in RC
  run out nsx "$NS_LAN" timeout 20 "$PEERS_PY" "$HERE/gssdp_browse.py" --interface "$LAN_IF" \
    --location "$ROOTDESC" "${SIM_UDNS[@]/#/--uuid=}" --timeout 10 "$@"
  printf '%s\n' "$out" >>"$LAB_DIR/gssdp.log"
}
found_usn() { # TARGET : the USN GSSDP reported for TARGET, with the router's UDNs written as <uuid>
  grep -F '"event": "available"' <<<"$out" | grep -F "\"target\": \"$1\"" | head -n1 \
    | "$PEERS_PY" -c 'import json,re,sys; u=json.loads(sys.stdin.read())["usn"]; print(re.sub("|".join(map(re.escape, sys.argv[1:])), "<uuid>", u))' "${SIM_UDNS[@]}"
}
# usn_ok TARGET : GSSDP's USN for TARGET names the router's UUID and TARGET's type at TARGET's version
# or a higher one (GSSDP hands a browser every answer or NOTIFY of a compatible version)
usn_ok() {
  local usn; usn=$(found_usn "$1")
  case $usn in
    "uuid:<uuid>::${1%:*}:"[0-9]) [ "${usn##*:}" -ge "${1##*:}" ] ;;
    *) false ;;
  esac || fail "USN for $1: '$usn' (expected uuid:<uuid>::${1%:*}:N, N >= ${1##*:})"
}
need_multicast() { # LABEL : at least one M-SEARCH reached the router by multicast; prints the count
  local n; n=$(multicast_count)
  [ "${n:-0}" -gt 0 ] || fail "$1: no M-SEARCH reached the router by multicast (counter ${n:-?}): GSSDP's search proves nothing"
  MCOUNT=$n
}

# ---- v2 and v1, spec-default: found, then byebye
for v in 2 1; do
  PEERS_NAME="gssdp-simrouter-v$v"
  sim_up "$v"
  if [ "$v" = 2 ]; then a="$IGD:2" b="$IGD:1"; else a="$IGD:1" b="$WANIP:1"; fi
  # the trigger stops simrouter (SIGTERM: it sends ssdp:byebye for every NT before it exits)
  gssdp --search "$a" --search "$b" --trigger "kill -TERM $SIM_NS_PID"
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "gssdp_browse.py exited $RC"; }
  need_multicast "v$v"
  usn_ok "$a"; usn_ok "$b"
  expect_match "byebye" "$out" '"event": "unavailable", .*"target": "'"$a"'"'
  _gone() { ! kill -0 "$SIM_NS_PID"; }
  wait_for 5 _gone || fail "simrouter still running after SIGTERM"
  sim_down
  record GSSDP "simrouter v$v default: multicast M-SEARCH, then byebye" pass \
    "found ${a#urn:schemas-upnp-org:} and ${b#urn:schemas-upnp-org:} at $ROOTDESC (USN: a UDN of its description) by multicast; SIGTERM -> byebye -> resource-unavailable"
done

# ---- multicast-only-ssdp: the quirk is harmless to a multicast-only control point
PEERS_NAME=gssdp-simrouter-multicast-only
sim_up 2 --profile multicast-only-ssdp
gssdp --search "$IGD:2"
[ $RC -eq 0 ] || { echo "$out" >&2; fail "gssdp_browse.py exited $RC"; }
need_multicast multicast-only-ssdp
usn_ok "$IGD:2"
sim_down
record GSSDP "simrouter v2 profile multicast-only-ssdp: multicast M-SEARCH" pass \
  "found InternetGatewayDevice:2 at $ROOTDESC: GSSDP searches by multicast only, which this profile answers"

# ---- igd1-ssdp-igd2-desc: an IGD:2 search is never answered (the profile's point)
PEERS_NAME=gssdp-simrouter-igd1-ssdp
sim_up 2 --profile igd1-ssdp-igd2-desc
gssdp --search "$IGD:1" --search-none "$IGD:2" --window 2.5
[ $RC -eq 0 ] || { echo "$out" >&2; fail "gssdp_browse.py exited $RC (InternetGatewayDevice:2 must stay unanswered, :1 must be found)"; }
need_multicast igd1-ssdp-igd2-desc
usn_ok "$IGD:1"
[ "$(found_usn "$IGD:1")" = "uuid:<uuid>::$IGD:1" ] || fail "igd1-ssdp-igd2-desc: USN $(found_usn "$IGD:1") names a :2 type"
run desc nsx "$NS_LAN" curl -fsS --max-time 2 "$ROOTDESC"
expect_contains "description" "$desc" "<deviceType>$IGD:2</deviceType>"
sim_down
record GSSDP "simrouter v2 profile igd1-ssdp-igd2-desc: multicast M-SEARCH" expected-fail \
  "a search for InternetGatewayDevice:2 gets no answer in 2.5 s (the router advertises and answers :1 types only, though its description is IGD:2); the same GSSDP client finds it as InternetGatewayDevice:1"

PEERS_NAME=gssdp-simrouter
say "PASS ($(( $(now_ms) - T_START )) ms total)"
