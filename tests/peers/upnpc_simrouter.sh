#!/usr/bin/env bash
# upnpc (miniupnpc 2.2.4, the reference C client) against simrouter on loopback.
# usage: upnpc_simrouter.sh SIMROUTER_BIN IGD_VERSION(1|2)
# Only "upnpc -u <loopback URL>" is used: no SSDP, nothing leaves 127.0.0.1.
# exit 0 pass, 1 fail, 77 skipped (upnpc not installed).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
SIM=${1:-}; VER=${2:-2}
PEERS_NAME="upnpc-simrouter-v$VER"
command -v upnpc >/dev/null 2>&1 || skip "upnpc not installed (Debian: miniupnpc)"
case $VER in 1|2) ;; *) fail "IGD version must be 1 or 2" ;; esac

WORK=$(mktemp -d /tmp/igdkit-peers-upnpc.XXXXXX)
on_exit() {
  local rc=$?
  sim_stop
  if [ $rc -ne 0 ] && [ $rc -ne "$PEERS_SKIP" ]; then
    echo "---- simrouter stdout/stderr ----" >&2; cat "$WORK"/simrouter.out "$WORK"/simrouter.err >&2 2>/dev/null
  fi
  rm -rf "$WORK"
  exit $rc
}
trap on_exit EXIT
trap 'exit 1' INT TERM

T0=$(now_ms)
sim_start "$SIM" "$VER" "$WORK"
say "simrouter v$VER at $SIM_LOCATION"

# U ARGS... : upnpc -u LOCATION ARGS, output in OUT, exit code in RC (bounded)
U() { OUT=$(timeout 10 upnpc -u "$SIM_LOCATION" "$@" 2>&1); RC=$?; }

IPORT=8080 EPORT=18080

# ---- -s: found the IGD, connection type, status, external IP
U -s
[ $RC -eq 0 ] || { echo "$OUT" >&2; fail "upnpc -s exited $RC"; }
expect_match "-s" "$OUT" "^Found valid IGD : http://127\.0\.0\.1:[0-9]+/"
expect_match "-s" "$OUT" "^Local LAN ip address : 127\.0\.0\.1$"
expect_match "-s" "$OUT" "^Connection Type : IP_Routed$"
expect_match "-s" "$OUT" "^Status : Connected, uptime=[0-9]+s, LastConnectionError : ERROR_NONE$"
expect_match "-s" "$OUT" "^ExternalIPAddress = ([0-9]{1,3}\.){3}[0-9]{1,3}$"
EXT_IP=$(sed -n 's/^ExternalIPAddress = //p' <<<"$OUT" | head -n1)
say "-s: Connected, IP_Routed, external IP $EXT_IP"

# ---- -a: add, upnpc reads the entry back with GetSpecificPortMappingEntry
U -e "igdkit-peers" -a 127.0.0.1 "$IPORT" "$EPORT" TCP 3600
[ $RC -eq 0 ] || { echo "$OUT" >&2; fail "upnpc -a exited $RC"; }
expect_contains "-a" "$OUT" "external $EXT_IP:$EPORT TCP is redirected to internal 127.0.0.1:$IPORT (duration="
expect_no_match "-a" "$OUT" "failed with code"
say "-a: $EPORT/TCP -> 127.0.0.1:$IPORT added and read back"

# ---- -l: GetGenericPortMappingEntry listing
U -l
[ $RC -eq 0 ] || { echo "$OUT" >&2; fail "upnpc -l exited $RC"; }
expect_match "-l after add" "$OUT" "^ *0 TCP +$EPORT->127\.0\.0\.1:$IPORT +'igdkit-peers' '' [0-9]+$"
expect_match "-l after add" "$OUT" "GetGenericPortMappingEntry\(\) returned 713 \(SpecifiedArrayIndexInvalid\)"
lease=$(sed -nE "s/^ *0 TCP +$EPORT->127\.0\.0\.1:$IPORT +'igdkit-peers' '' ([0-9]+)$/\1/p" <<<"$OUT")
{ [ "$lease" -gt 0 ] && [ "$lease" -le 3600 ]; } || fail "-l: lease $lease not in (0, 3600]"
say "-l: index 0 = $EPORT->127.0.0.1:$IPORT lease ${lease}s, index 1 -> 713"

# ---- -L: GetListOfPortMappings (IGD:2 only)
U -L
if [ "$VER" = 2 ]; then
  [ $RC -eq 0 ] || { echo "$OUT" >&2; fail "upnpc -L exited $RC"; }
  expect_match "-L" "$OUT" "^ *0 TCP +$EPORT->127\.0\.0\.1:$IPORT +'igdkit-peers' '' [0-9]+$"
  # upnpc pages on (next start port = last listed + 1) until an error; the
  # spec-default simrouter ends the walk with 730 PortMappingNotFound (upnpc
  # has no name for it: "UnknownError"). Any other code is a failure.
  codes=$(sed -nE 's/^GetListOfPortMappings\(\) returned (-?[0-9]+).*/\1/p' <<<"$OUT" | sort -u | tr '\n' ' ')
  case $codes in ""|"730 ") ;; *) echo "$OUT" >&2; fail "-L: GetListOfPortMappings error code(s) $codes" ;; esac
  n=$(grep -cE "^ *[0-9]+ (TCP|UDP) +[0-9]+->" <<<"$OUT")
  [ "$n" -eq 1 ] || fail "-L listed $n entries, expected exactly 1"
  say "-L: GetListOfPortMappings lists exactly $EPORT->127.0.0.1:$IPORT (walk ends with 730)"
else
  # a v1 WANIPConnection has no such action: the router answers 401 Invalid Action
  expect_match "-L on v1" "$OUT" "GetListOfPortMappings\(\) returned 401"
  say "-L: v1 router answers 401 Invalid Action"
fi

# ---- -d then -l: gone
U -d "$EPORT" TCP
[ $RC -eq 0 ] || { echo "$OUT" >&2; fail "upnpc -d exited $RC"; }
expect_contains "-d" "$OUT" "UPNP_DeletePortMapping() returned : 0"
U -l
[ $RC -eq 0 ] || { echo "$OUT" >&2; fail "upnpc -l exited $RC"; }
expect_no_match "-l after delete" "$OUT" "^ *[0-9]+ TCP +$EPORT->"
expect_match "-l after delete" "$OUT" "GetGenericPortMappingEntry\(\) returned 713"
say "-d + -l: mapping gone, index 0 -> 713"

# ---- deleting it again: no such entry (714), unlike miniupnpd's silent 200
U -d "$EPORT" TCP
expect_contains "-d missing" "$OUT" "UPNP_DeletePortMapping() failed with code : 714"
say "-d of a missing entry: 714"

# ---- secure mode: another internal client is refused (v1 718, v2 606)
U -a 127.0.0.2 "$IPORT" $((EPORT + 1)) TCP
if [ "$VER" = 2 ]; then
  expect_match "-a other client" "$OUT" "failed with code 606 \(Action not authorized\)"
else
  expect_match "-a other client" "$OUT" "failed with code 718 \(ConflictInMappingEntry\)"
fi
say "-a for 127.0.0.2 refused ($( [ "$VER" = 2 ] && echo 606 || echo 718))"

# ---- -n: AddAnyPortMapping (IGD:2 only); upnpc prints the reserved port
U -e "igdkit-any" -n 127.0.0.1 "$IPORT" "$EPORT" TCP 600
if [ "$VER" = 2 ]; then
  [ $RC -eq 0 ] || { echo "$OUT" >&2; fail "upnpc -n exited $RC"; }
  expect_no_match "-n" "$OUT" "failed with code"
  expect_match "-n" "$OUT" "^external $EXT_IP:[0-9]+ TCP is redirected to internal 127\.0\.0\.1:$IPORT \(duration=[0-9]+\)$"
  reserved=$(sed -nE "s/^external $EXT_IP:([0-9]+) TCP is redirected.*/\1/p" <<<"$OUT")
  [ "$reserved" = "$EPORT" ] || fail "-n: free port $EPORT requested, router reserved $reserved"
  U -l
  expect_match "-l after -n" "$OUT" "^ *0 TCP +$reserved->127\.0\.0\.1:$IPORT +'igdkit-any' "
  # requesting external port 0 lets the router pick (simrouter starts at the internal port)
  U -e "igdkit-any0" -n 127.0.0.1 $((IPORT + 1)) 0 TCP 600
  [ $RC -eq 0 ] || { echo "$OUT" >&2; fail "upnpc -n (port 0) exited $RC"; }
  expect_match "-n port 0" "$OUT" "^external $EXT_IP:[0-9]+ TCP is redirected to internal 127\.0\.0\.1:$((IPORT + 1)) "
  r0=$(sed -nE "s/^external $EXT_IP:([0-9]+) TCP is redirected.*/\1/p" <<<"$OUT")
  { [ "$r0" -ge 1 ] && [ "$r0" -le 65535 ] && [ "$r0" != "$reserved" ]; } || fail "-n port 0: reserved '$r0'"
  U -L
  expect_match "-L after -n" "$OUT" "^ *[0-9]+ TCP +$reserved->127\.0\.0\.1:$IPORT "
  expect_match "-L after -n" "$OUT" "^ *[0-9]+ TCP +$r0->127\.0\.0\.1:$((IPORT + 1)) "
  say "-n: AddAnyPortMapping reserved $reserved (requested $EPORT) and $r0 (requested 0); -L lists both"
else
  expect_match "-n on v1" "$OUT" "failed with code 401"
  say "-n: v1 router answers 401"
fi

# ---- timing: upnpc -u ... -a / -d (each includes the description fetch)
adds=() dels=()
for i in 1 2 3 4 5; do
  p=$((EPORT + 200 + i))
  t0=$(now_us); U -a 127.0.0.1 "$IPORT" "$p" TCP 600; t1=$(now_us)
  [ $RC -eq 0 ] || { echo "$OUT" >&2; fail "timing -a $p exited $RC"; }
  adds+=($((t1 - t0)))
  t0=$(now_us); U -d "$p" TCP; t1=$(now_us)
  expect_contains "timing -d" "$OUT" "returned : 0"
  dels+=($((t1 - t0)))
done
med() { printf '%s\n' "$@" | sort -n | awk '{v[NR]=$1} END {printf "%.1f ms (min %.1f, max %.1f)", v[int((NR+1)/2)]/1000, v[1]/1000, v[NR]/1000}'; }
say "TIMING upnpc -a median $(med "${adds[@]}"); -d median $(med "${dels[@]}")"

# ---- simrouter still alive and ends on SIGTERM
kill -0 "$SIM_PID" 2>/dev/null || fail "simrouter died during the test"
kill -TERM "$SIM_PID"
_sim_gone() { ! kill -0 "$SIM_PID"; }
wait_for 5 _sim_gone || fail "simrouter did not exit within 5 s of SIGTERM"
wait "$SIM_PID"; st=$?; SIM_PID=
# simrouter catches SIGTERM, says byebye and exits 0. 143 (128 + SIGTERM) would mean the
# signal killed it before or instead of its handler, so it is a failure, not a clean shutdown.
[ $st -eq 0 ] || fail "simrouter exit status $st after SIGTERM (expected 0: a clean shutdown)"
say "PASS ($(( $(now_ms) - T0 )) ms total)"
