#!/usr/bin/env bash
# igdctl watch end to end against a simrouter process on 127.0.0.1: the initial events, a WAN IP
# change (POST /wan-ip), a mapping added by another control point, a reboot (POST /reboot) noticed
# and subscribed again, the link going down (the wan_link_down fault), unsubscribe on SIGTERM;
# and a router without eventing (profile no-eventing) reported, not waited on. Loopback only.
set -u
IGDCTL=$1 SIMROUTER=$2
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
WORK=$(mktemp -d)
. "$HERE/lib.sh"
WATCH_PID=""
cleanup() {
  for p in $WATCH_PID $ROUTER_PID; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT
post() { /usr/bin/python3 - "${ADMIN%/}$1" "$2" <<'PY'
import sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=sys.argv[2].encode(), method="POST",
                             headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=5).read()
PY
}
# seen PYTHON-CONDITION: some JSON line e of watch.out satisfies it
seen() { /usr/bin/python3 - "$WORK/watch.out" "$1" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
sys.exit(0 if any(eval(sys.argv[2], {}, {"e": e}) for e in lines) else 1)
PY
}
state() { echo "e['event']=='state' and e['service'].startswith('$1') and e['variables'].get('$2')=='$3'"; }

start_router --admin-port 0
"$IGDCTL" --url "$LOCATION" --json watch --check-interval 1 >"$WORK/watch.out" 2>"$WORK/watch.err" &
WATCH_PID=$!
wait_for 10 seen "$(state WANIPConnection ExternalIPAddress 203.0.113.10) and e['initial']" ||
  fail "no initial event with the external address: $(cat "$WORK/watch.out" "$WORK/watch.err")"
wait_for 5 seen "$(state WANCommonInterfaceConfig PhysicalLinkStatus Up)" || fail "no WANCommonInterfaceConfig initial event"

post /wan-ip '{"ip": "203.0.113.55"}'
wait_for 5 seen "$(state WANIPConnection ExternalIPAddress 203.0.113.55)" || fail "WAN IP change not evented"

"$IGDCTL" --url "$LOCATION" add --external-port 40100 --internal-port 40100 --protocol TCP \
  --internal-client 127.0.0.1 --description watch >/dev/null || fail "add failed"
wait_for 5 seen "$(state WANIPConnection PortMappingNumberOfEntries 1)" || fail "mapping change not evented"

# A reboot shows as uptime going backwards: first let the router have been up for a while.
uptime_at_least() { [ "$("$IGDCTL" --url "$LOCATION" --json status | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["uptime_s"])')" -ge "$1" ]; }
wait_for 10 uptime_at_least 2 || fail "uptime never reached 2 s"
post /reboot '{}'
wait_for 10 seen "e['event']=='gateway_rebooted'" || fail "reboot not reported"
wait_for 10 seen "e['event']=='state' and e['initial'] and e['seq']==0 and e['service'].startswith('WANIPConnection') and e['variables'].get('PortMappingNumberOfEntries')=='1'" ||
  fail "no fresh initial event after the reboot"

post /faults '{"wan_link_down": true}'
wait_for 5 seen "$(state WANIPConnection ConnectionStatus Disconnected)" || fail "link down not evented"
wait_for 5 seen "$(state WANCommonInterfaceConfig PhysicalLinkStatus Down)" || fail "PhysicalLinkStatus Down not evented"

kill -TERM "$WATCH_PID"; wait "$WATCH_PID"; RC=$?; WATCH_PID=""
[ "$RC" -eq 0 ] || fail "watch exited $RC on SIGTERM"
seen "e['event']=='stopped'" || fail "no stopped line"
subs=$(/usr/bin/python3 -c 'import json,sys,urllib.request; print(len(json.load(urllib.request.urlopen(sys.argv[1]+"state"))["home"]["subscriptions"]))' "$ADMIN")
[ "$subs" = "0" ] || fail "simrouter still holds $subs subscriptions after watch stopped"
grep -q '"missed"' "$WORK/watch.out" && fail "a SEQ gap was reported: $(grep missed "$WORK/watch.out")"

# A router without GENA: watch says so and ends (exit 3), it does not hang.
start_router --profile no-eventing
timeout 10 "$IGDCTL" --url "$LOCATION" watch --check-interval 0 >"$WORK/watch.out" 2>&1; RC=$?
[ "$RC" -eq 3 ] || fail "no-eventing: exit $RC, expected 3: $(cat "$WORK/watch.out")"
grep -q "does not event" "$WORK/watch.out" || fail "no-eventing: no clear message: $(cat "$WORK/watch.out")"

[ "$FAILS" -eq 0 ] && echo "igdctl watch: all checks passed"
exit $(( FAILS > 0 ))
