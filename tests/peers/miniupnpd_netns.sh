#!/usr/bin/env bash
# A UPnP client against real miniupnpd 2.3.1 in a throwaway three-namespace lab
# (LAN host / router with nftables + miniupnpd / WAN host), ending in a real
# TCP connection from the WAN namespace through the mapping to a listener in
# the LAN namespace.
#
# The same sequence runs against miniupnpd's IGD:2 description and then with force_igd_desc_v1=yes
# (IGD:1); each run is a record for the interoperability matrix (lib.sh: record).
# usage: miniupnpd_netns.sh upnpc            # validates the lab itself with upnpc -u
#        miniupnpd_netns.sh igdctl PATH      # igdkit's igdctl --url
# exit 0 pass, 1 fail, 77 skipped (no root / ip / nft / miniupnpd / netns).
set -u
PEERS_NAME="miniupnpd-${1:-?}"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
. "$HERE/netns_lab.sh"

client=${1:-}
case $client in
  upnpc)  command -v upnpc >/dev/null 2>&1 || skip "upnpc not installed (Debian: miniupnpc)" ;;
  igdctl) IGDCTL=${2:-}; need_binary igdctl "$IGDCTL" ;;
  *) echo "usage: $0 upnpc | igdctl PATH" >&2; exit 2 ;;
esac
lab_preflight

lab_exit_trap miniupnpd.log miniupnpd

T_START=$(now_ms)
lab_up
lab_start_miniupnpd
say "lab up, miniupnpd at $LAB_ROOTDESC ($(( $(now_ms) - T_START )) ms)"

IPORT=8080
EPORT=18080
OTHER_CLIENT=192.168.66.99

# ---- client adapters: each prints the client's output, returns its exit code
c_status() {
  case $client in
    upnpc)  nsx "$NS_LAN" timeout 10 upnpc -u "$LAB_ROOTDESC" -s ;;
    igdctl) nsx "$NS_LAN" timeout 10 "$IGDCTL" --url "$LAB_ROOTDESC" --timeout 3000 status ;;
  esac
}
c_add() { # client iport eport
  case $client in
    upnpc)  nsx "$NS_LAN" timeout 10 upnpc -u "$LAB_ROOTDESC" -e "igdkit peers" -a "$1" "$2" "$3" TCP ;;
    igdctl) nsx "$NS_LAN" timeout 10 "$IGDCTL" --url "$LAB_ROOTDESC" --timeout 3000 add \
              --internal-client "$1" --internal-port "$2" --external-port "$3" --protocol TCP \
              --lease 3600 --description "igdkit peers" ;;
  esac
}
c_delete() { # eport
  case $client in
    upnpc)  nsx "$NS_LAN" timeout 10 upnpc -u "$LAB_ROOTDESC" -d "$1" TCP ;;
    igdctl) nsx "$NS_LAN" timeout 10 "$IGDCTL" --url "$LAB_ROOTDESC" --timeout 3000 delete \
              --external-port "$1" --protocol TCP ;;
  esac
}
c_list() {
  case $client in
    upnpc)  nsx "$NS_LAN" timeout 10 upnpc -u "$LAB_ROOTDESC" -l ;;
    igdctl) nsx "$NS_LAN" timeout 10 "$IGDCTL" --url "$LAB_ROOTDESC" --timeout 3000 list ;;
  esac
}
# the listing line for EPORT->LAN_IP:IPORT in the client's output format
mapping_re() { # eport iport client
  case $client in
    upnpc)  echo "^ *[0-9]+ TCP +$1->$3:$2 " ;;
    igdctl) echo "^$1 +TCP +${3//./\\.}:$2 " ;;
  esac
}

run() { # run VAR CMD... : capture combined output in VAR, return code in RC
  local __v=$1; shift
  local __out
  __out=$("$@" 2>&1); RC=$?
  printf -v "$__v" '%s' "$__out"
}

# ---- a listener in the LAN namespace that answers with a per-run token
TOKEN="igdkit-peers-$$-$RANDOM"
mkdir -p "$LAB_DIR/www"
printf '%s\n' "$TOKEN" >"$LAB_DIR/www/token"
lab_spawn "$NS_LAN" "$LAB_DIR/http.log" "$PEERS_PY" -m http.server --bind "$LAN_IP" --directory "$LAB_DIR/www" "$IPORT"
_listener_up() { nsx "$NS_LAN" curl -fsS --max-time 1 "http://$LAN_IP:$IPORT/token" | grep -qxF "$TOKEN"; }
wait_for 5 _listener_up || { cat "$LAB_DIR/http.log" >&2; fail "LAN listener did not come up"; }
# the WAN side's view: GET http://<router WAN>:EPORT/token
wan_fetch() { nsx "$NS_WAN" curl -sS --max-time 3 "http://$WAN_RTR_IP:$1/token"; }

# ---- igdctl only: expose + validate, with igdctl probe-server on the WAN host connecting back
# through miniupnpd's kernel NAT (the LAN host's request leaves masqueraded as the router's WAN
# address, which is what the probe-server probes).
PROBE_PORT=18999
PROBE_PID=
igdctl_expose_validate() { # LABEL
  if [ -z "$PROBE_PID" ]; then
    lab_spawn "$NS_WAN" "$LAB_DIR/probe-server.log" "$IGDCTL" probe-server --listen "$WAN_HOST_IP:$PROBE_PORT"
    PROBE_PID=$!
    _probe_up() { grep -q "listening" "$LAB_DIR/probe-server.log"; }
    wait_for 5 _probe_up || { cat "$LAB_DIR/probe-server.log" >&2; fail "probe-server did not come up"; }
  fi
  local xport=$((EPORT + 50)) t0 t1
  t0=$(now_ms)
  run out nsx "$NS_LAN" timeout 20 "$IGDCTL" --url "$LAB_ROOTDESC" expose "$IPORT:$xport/tcp" --until-validated \
    --prober "http://$WAN_HOST_IP:$PROBE_PORT"
  t1=$(now_ms)
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "$1: expose --until-validated exited $RC"; }
  expect_match "$1: expose" "$out" "^${WAN_RTR_IP//./\\.}:$xport -> ${LAN_IP//./\\.}:$IPORT TCP  reachable"
  expect_contains "$1: expose" "$out" "stopped: 1 removed, 0 left"
  run out c_list
  expect_no_match "$1: list after expose" "$out" "^$xport "
  say "$1: expose + validate through miniupnpd's NAT: reachable, removed at exit ($(( t1 - t0 )) ms)"
}

# ---- igdctl only: the rest of the command set against the real router
igdx() { nsx "$NS_LAN" timeout 10 "$IGDCTL" --url "$LAB_ROOTDESC" --timeout 3000 "$@"; }
igdctl_sweep() { # LABEL ; expects EPORT -> LAN_IP:IPORT to be mapped
  run out igdx external-ip
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "external-ip exited $RC"; }
  [ "$out" = "$WAN_RTR_IP" ] || fail "external-ip printed '$out', expected $WAN_RTR_IP"
  run out igdx get --external-port "$EPORT" --protocol TCP
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "get exited $RC"; }
  expect_match get "$out" "^TCP $EPORT -> ${LAN_IP//./\\.}:$IPORT enabled=1 lease=[0-9]+ s description=\"igdkit peers\"$"
  run out igdx stats
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "stats exited $RC"; }
  expect_match stats "$out" "^bytes received: +[0-9]+$"
  run out igdx --json list
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "list --json exited $RC"; }
  printf '%s' "$out" | "$PEERS_PY" -c 'import json,sys; e=[m for m in json.load(sys.stdin) if m["external_port"]==int(sys.argv[1])]; sys.exit(0 if e and e[0]["internal_client"]==sys.argv[2] and e[0]["internal_port"]==int(sys.argv[3]) else 1)' "$EPORT" "$LAN_IP" "$IPORT" \
    || { echo "$out" >&2; fail "list --json lacks $EPORT -> $LAN_IP:$IPORT"; }
  say "sweep: external-ip, get, stats, list --json agree with the mapping"
  [ "$1" = igd2 ] || return 0
  local free=$((EPORT + 50))
  run out igdx add-any --internal-client "$LAN_IP" --internal-port "$IPORT" --external-port "$free" --protocol TCP --lease 600 --description sweep
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "add-any exited $RC"; }
  expect_match add-any "$out" "^mapped TCP external port $free -> ${LAN_IP//./\\.}:$IPORT "
  run out igdx delete-range --start "$((free - 5))" --end "$((free + 5))" --protocol TCP
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "delete-range exited $RC"; }
  run out c_list
  expect_no_match "list after delete-range" "$out" "$(mapping_re "$free" "$IPORT" "$LAN_IP")"
  expect_match "list after delete-range" "$out" "$(mapping_re "$EPORT" "$IPORT" "$LAN_IP")"
  say "sweep (IGD:2): add-any granted $free, delete-range removed only it"
}

scenario() { # DESC_LABEL : the whole client sequence against the running miniupnpd
  local label=$1
  PEERS_NAME="miniupnpd-$client-$label"
  run out wan_fetch "$EPORT"
  [ $RC -ne 0 ] || fail "WAN -> $WAN_RTR_IP:$EPORT reachable before any mapping: $out"
  say "before mapping: WAN -> $WAN_RTR_IP:$EPORT fails as expected (curl rc=$RC)"

  # ---- status: connected, external address = router's WAN address
  run out c_status
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "status exited $RC"; }
  expect_contains status "$out" "$WAN_RTR_IP"
  expect_match status "$out" "[Cc]onnected"
  case $client in
    upnpc)  expect_match status "$out" "^Connection Type : IP_Routed$"
            expect_match status "$out" "^Status : Connected," ;;
    igdctl) expect_match status "$out" "^status: +Connected"
            expect_match status "$out" "^external: +${WAN_RTR_IP//./\\.}$" ;;
  esac
  say "status: external IP $WAN_RTR_IP, Connected"

  # ---- add (timed)
  t0=$(now_us); run out c_add "$LAN_IP" "$IPORT" "$EPORT"; t1=$(now_us)
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "add exited $RC"; }
  T_ADD_US=$(( t1 - t0 ))
  case $client in
    upnpc)  expect_contains add "$out" "external $WAN_RTR_IP:$EPORT TCP is redirected to internal $LAN_IP:$IPORT" ;;
    igdctl) expect_match add "$out" "^mapped TCP external port $EPORT -> ${LAN_IP//./\\.}:$IPORT \\(lease [0-9]+ s\\)$" ;;
  esac

  # ---- list: mapping present
  run out c_list
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "list exited $RC"; }
  expect_match "list after add" "$out" "$(mapping_re "$EPORT" "$IPORT" "$LAN_IP")"
  expect_contains "list after add" "$out" "igdkit peers"
  say "add + list: $EPORT/TCP -> $LAN_IP:$IPORT present"
  [ "$client" != igdctl ] || igdctl_sweep "$label"
  [ "$client" != igdctl ] || igdctl_expose_validate "$label"

  # ---- real TCP through the router: WAN ns -> router WAN:EPORT -> LAN listener
  run out wan_fetch "$EPORT"
  [ $RC -eq 0 ] || fail "WAN -> $WAN_RTR_IP:$EPORT failed with the mapping in place (curl rc=$RC): $out"
  [ "$out" = "$TOKEN" ] || fail "WAN fetch returned '$out', expected the LAN listener's token '$TOKEN'"
  grep -q "\"GET /token HTTP/1.1\" 200" "$LAB_DIR/http.log" || fail "LAN listener log shows no GET /token"
  say "forwarding: WAN ns fetched the LAN listener's token through $WAN_RTR_IP:$EPORT"

  # ---- secure mode: mapping for another LAN address is refused (718)
  run out c_add "$OTHER_CLIENT" "$IPORT" $((EPORT + 1))
  case $client in
    upnpc)  expect_contains "add for other client" "$out" "failed with code 718" ;;
    igdctl) [ $RC -eq 3 ] || { echo "$out" >&2; fail "add for other client: exit $RC, expected 3 (router error)"; }
            expect_contains "add for other client" "$out" "718" ;;
  esac
  say "secure mode: add for $OTHER_CLIENT refused with 718"

  # ---- delete (timed), list: gone, connection now fails
  t0=$(now_us); run out c_delete "$EPORT"; t1=$(now_us)
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "delete exited $RC"; }
  T_DEL_US=$(( t1 - t0 ))
  run out c_list
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "list exited $RC"; }
  expect_no_match "list after delete" "$out" "$(mapping_re "$EPORT" "$IPORT" "$LAN_IP")"
  run out wan_fetch "$EPORT"
  [ $RC -ne 0 ] || fail "WAN -> $WAN_RTR_IP:$EPORT still reachable after delete: $out"
  say "delete + list: mapping gone, WAN -> $WAN_RTR_IP:$EPORT fails again (curl rc=$RC)"

  # ---- timings: N more add/delete pairs, each command timed on its own.
  # Times are wall clock of "ip netns exec NS <client> ..." (process start,
  # description fetch, SOAP call); the ip-netns-exec overhead is measured apart.
  N=${PEERS_TIMING_ROUNDS:-5}
  adds=("$T_ADD_US") dels=("$T_DEL_US") base=()
  for i in $(seq "$N"); do
    p=$((EPORT + 100 + i))
    t0=$(now_us); nsx "$NS_LAN" true; t1=$(now_us); base+=($((t1 - t0)))
    t0=$(now_us); run out c_add "$LAN_IP" "$IPORT" "$p"; t1=$(now_us)
    [ $RC -eq 0 ] || { echo "$out" >&2; fail "timing add $p exited $RC"; }
    adds+=($((t1 - t0)))
    t0=$(now_us); run out c_delete "$p"; t1=$(now_us)
    [ $RC -eq 0 ] || { echo "$out" >&2; fail "timing delete $p exited $RC"; }
    dels+=($((t1 - t0)))
  done
  stats() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1; s+=$1} END {printf "n=%d min=%.1f median=%.1f mean=%.1f max=%.1f ms", NR, v[1]/1000, v[int((NR+1)/2)]/1000, s/NR/1000, v[NR]/1000}'; }
  say "TIMING $client add    (first $(awk "BEGIN{printf \"%.1f\", $T_ADD_US/1000}") ms): $(stats "${adds[@]}")"
  say "TIMING $client delete (first $(awk "BEGIN{printf \"%.1f\", $T_DEL_US/1000}") ms): $(stats "${dels[@]}")"
  say "TIMING ip netns exec true overhead: $(stats "${base[@]}")"

  run out c_list
  expect_no_match "final list" "$out" "->$LAN_IP:$IPORT|$((EPORT + 101))"
}

# Discovery where multicast never arrives (filtered Wi-Fi, IGMP snooping gone wrong): the LAN
# host drops its own M-SEARCH to 239.255.255.250, and igdctl must still find the router through
# the unicast M-SEARCH it sends to its default gateway (answered at once: no MX wait).
discover_without_multicast() {
  PEERS_NAME="miniupnpd-$client-unicast-gateway"
  nsx "$NS_LAN" nft -f - <<NFT || fail "nft: cannot drop multicast"
table inet igdp_no_multicast {
  chain out { type filter hook output priority 0; ip daddr 239.255.255.250 udp dport 1900 counter drop; }
}
NFT
  local t0; t0=$(now_ms)
  run out nsx "$NS_LAN" timeout 10 "$IGDCTL" --timeout 3000 discover --first
  local took=$(( $(now_ms) - t0 ))
  local dropped; dropped=$(nsx "$NS_LAN" nft list table inet igdp_no_multicast | grep -o 'packets [0-9]*' | head -1)
  nsx "$NS_LAN" nft delete table inet igdp_no_multicast
  [ $RC -eq 0 ] || { echo "$out" >&2; fail "discover with multicast dropped exited $RC"; }
  expect_contains "discover via the gateway" "$out" "$LAB_ROOTDESC"
  [ "$dropped" != "packets 0" ] || fail "no multicast M-SEARCH was sent (and dropped): the test proves nothing"
  say "discover with multicast dropped ($dropped): found $LAB_ROOTDESC through the gateway in $took ms"
}
[ "$client" != igdctl ] || discover_without_multicast

# the matrix record for one scenario run (it only gets here when every check above held)
scenario_record() { # LABEL
  local what
  case $client in
    upnpc)  what="upnpc -s/-a/-l/-d" ;;
    igdctl) what="status, add, list, get/stats/external-ip$( [ "$1" = igd2 ] && echo ', add-any + delete-range'), expose --until-validated through probe-server on the WAN host" ;;
  esac
  record "$client" "miniupnpd 2.3.1 $2 (netns, nftables): add/list/delete + WAN->LAN TCP" pass \
    "$what; with the mapping a TCP connection from the WAN namespace to $WAN_RTR_IP:$EPORT reached the LAN listener (token matched), refused before and after; 718 for another client"
}
# ---- igdctl only: the conformance suite (`igdctl conformance`) against this miniupnpd. Exit 0 (no
# "must" check failed) or 5 (one did) are results; the report goes to the records directory, where
# scripts/interop_matrix.py lists every failing check with its explanation
# (docs/interop-explanations.json) and fails on one that has none.
conformance_run() { # LABEL CONFIG IGD_VERSION
  local label=$1 config=$2 ver=$3 report opts=() t0
  if ! "$IGDCTL" conformance --help >/dev/null 2>&1; then
    say "conformance: this igdctl has no conformance command; not run"
    return 0
  fi
  PEERS_NAME="miniupnpd-igdctl-conformance-$label"
  report=$(conformance_report_path "$label")
  [ -n "$report" ] || report="$LAB_DIR/$label.conformance.json"
  rm -f "$report"
  # the JSON report's file: `--json conformance --json-file F` or `conformance --json F`
  if "$IGDCTL" conformance --help 2>&1 | grep -q -- '--json-file'; then opts=(--json conformance --json-file "$report")
  else opts=(conformance --json "$report"); fi
  t0=$(now_ms)
  # the WAN side is checked from the WAN namespace (conformance_wan_run): from the LAN host the
  # router's WAN address is still reached through its LAN interface
  run out nsx "$NS_LAN" timeout 120 "$IGDCTL" --url "$LAB_ROOTDESC" "${opts[@]}" --igd-version "$ver"
  printf '%s\n' "$out" >"$LAB_DIR/conformance-$label.out"
  case $RC in
    0|5) ;;
    *) echo "$out" >&2; fail "igdctl conformance exited $RC (0: conformant, 5: a must check failed)" ;;
  esac
  [ -s "$report" ] || fail "igdctl conformance wrote no JSON report"
  local summary
  summary=$("$PEERS_PY" - "$report" "$LAB_ROOTDESC" "$ver" "$RC" <<'PY'
import json, sys
path, location, ver, rc = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
r = json.load(open(path))
t, c, checks = r["target"], r["counts"], r["checks"]
def need(cond, what):
    if not cond:
        print(f"conformance report: {what}", file=sys.stderr)
        sys.exit(1)
need(t["location"] == location, f"target.location {t['location']!r}, expected {location!r}")
need(t["igd_version"] == ver, f"target.igd_version {t['igd_version']!r}, expected {ver}")
need(len(checks) > 0, "no checks")
for k in ("pass", "fail", "skip"):
    need(c[k] == sum(1 for x in checks if x["verdict"] == k), f"counts.{k} {c[k]} disagrees with the checks")
must = sum(1 for x in checks if x["verdict"] == "fail" and x["severity"] == "must")
need(c["must_failed"] == must, f"counts.must_failed {c['must_failed']}, {must} must checks failed")
need((rc == 5) == (must > 0), f"exit {rc} with {must} failed must checks")
for x in checks:
    need(x["verdict"] in ("pass", "fail", "skip") and x["id"] and x["severity"] in ("must", "should", "quirk"),
         f"malformed check {x.get('id')!r}")
print(f"{c['pass']} pass, {c['fail']} fail ({c['must_failed']} must), {c['skip']} skip")
PY
) || fail "igdctl conformance: the JSON report does not hold together ($report)"
  say "conformance: $summary ($(( $(now_ms) - t0 )) ms)"
  local result=pass
  [ $RC -eq 0 ] || result=expected-fail
  RECORD_EXTRA="{\"report\": \"$label\", \"target\": \"miniupnpd\"}" \
    record "igdctl conformance" "miniupnpd 2.3.1 $config (netns, nftables): conformance suite" "$result" \
    "$summary; each failing check is listed below with its explanation"
}

# ---- igdctl only: `igdctl conformance --wan-side` from the WAN namespace, aimed at the router's
# WAN address: no SSDP answer, no description and no control there (exit 0, the three checks pass).
conformance_wan_run() {
  local report="$LAB_DIR/wan.conformance.json" wan_url="http://$WAN_RTR_IP:${LAB_ROOTDESC##*:}"
  "$IGDCTL" conformance --help 2>&1 | grep -q -- '--wan-side' || return 0
  PEERS_NAME="miniupnpd-igdctl-conformance-wan"
  run out nsx "$NS_WAN" timeout 60 "$IGDCTL" --url "$wan_url" --unicast "$WAN_RTR_IP:1900" --json conformance \
    --json-file "$report" --wan-side --ssdp-window 1000
  [ "$RC" -eq 0 ] || fail "igdctl conformance --wan-side exited $RC: $out"
  "$PEERS_PY" - "$report" <<'PY' || fail "igdctl conformance --wan-side: the WAN-side checks did not all pass ($report)"
import json, sys
r = json.load(open(sys.argv[1]))
ran = {c["id"]: c["verdict"] for c in r["checks"] if c["verdict"] != "skip"}
want = {"security.wan-ssdp-silent", "security.wan-description-closed", "security.wan-control-closed"}
assert ran == {i: "pass" for i in want}, ran
PY
  record "igdctl conformance" "miniupnpd 2.3.1 IGD:2 (netns, nftables): conformance from the WAN side" pass \
    "from the WAN namespace to $WAN_RTR_IP: no answer to M-SEARCH, no description, no control (security.wan-*)"
}

if [ "$client" = igdctl ]; then
  record igdctl "miniupnpd 2.3.1 IGD:2 (netns, nftables): discover with multicast dropped" pass \
    "igdctl discover --first found $LAB_ROOTDESC through the unicast M-SEARCH to the default gateway"
fi

scenario igd2
scenario_record igd2 IGD:2
[ "$client" != igdctl ] || conformance_run igd2 IGD:2 2
[ "$client" != igdctl ] || conformance_wan_run
# same sequence against the IGD:1 description (force_igd_desc_v1=yes): WANIPConnection:1 clients
lab_stop "$MINIUPNPD_PID"
LAB_MINIUPNPD_CONF=force_igd_desc_v1=yes lab_start_miniupnpd
run out nsx "$NS_LAN" curl -fsS --max-time 2 "$LAB_ROOTDESC"
expect_contains "IGD:1 rootDesc" "$out" "urn:schemas-upnp-org:device:InternetGatewayDevice:1" "urn:schemas-upnp-org:service:WANIPConnection:1"
expect_not_contains "IGD:1 rootDesc" "$out" "WANIPConnection:2"
EPORT=19080
scenario igd1
scenario_record igd1 force_igd_desc_v1=yes
[ "$client" != igdctl ] || conformance_run igd1 force_igd_desc_v1=yes 1
PEERS_NAME="miniupnpd-$client"
say "PASS ($(( $(now_ms) - T_START )) ms total)"
