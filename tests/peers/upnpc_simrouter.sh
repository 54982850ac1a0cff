#!/usr/bin/env bash
# upnpc (miniupnpc 2.2.4, the reference C client) against simrouter on loopback.
# usage: upnpc_simrouter.sh SIMROUTER_BIN IGD_VERSION(1|2) [PROFILE... | all]
#   no profile: the whole command set against the spec-default router;
#   PROFILE...: status/add/list/delete against one simrouter per firmware profile ("all": every
#   profile `simrouter --list-profiles` shows that runs at this IGD version). Where upnpc fails
#   because of the profile's quirk, that is checked exactly and recorded as an expected failure.
# Only "upnpc -u <loopback URL>" is used: no SSDP, nothing leaves 127.0.0.1.
# Each outcome is a record for the interoperability matrix (lib.sh: record).
# exit 0 pass, 1 fail, 77 skipped (upnpc not installed).
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
SIM=${1:-}; VER=${2:-2}; shift 2 2>/dev/null
PROFILES=("$@")
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
# U ARGS... : upnpc -u LOCATION ARGS, output in OUT, exit code in RC (bounded)
U() { OUT=$(timeout 10 upnpc -u "$SIM_LOCATION" "$@" 2>&1); RC=$?; }

# ---- profile sweep: one simrouter per profile, status/add/list/delete ----------------------
# upnpc_profile_xfail PROFILE : the quirk upnpc genuinely fails on, if any: XF_STEP (status|add),
# XF_RE (the line upnpc must print), XF_WHY, XF_RETRY (add: what works instead), XF_STOP (nothing
# after the step can work). An expected failure that does not happen fails the test.
upnpc_profile_xfail() {
  XF_STEP= XF_RE= XF_WHY= XF_RETRY= XF_STOP=
  case $1 in
    permanent-lease-only)
      XF_STEP=add XF_RE='failed with code 725 \(OnlyPermanentLeasesSupported\)' XF_RETRY=lease0
      XF_WHY="upnpc sends the lease it is given and does not retry with 0 on 725; with lease 0 add/list/delete pass" ;;
    lease-402)
      XF_STEP=add XF_RE='failed with code 402 \(Invalid Args\)' XF_RETRY=lease0
      XF_WHY="upnpc does not retry a 402 with lease 0 (nothing says the lease was the bad argument); with lease 0 add/list/delete pass" ;;
    same-port-only)
      XF_STEP=add XF_RE='failed with code 724 \(SamePortValuesRequired\)' XF_RETRY=sameport
      XF_WHY="upnpc maps the ports it is given and does not retry with external = internal on 724; with equal ports add/list/delete pass" ;;
    two-wan-devices)
      XF_STEP=status XF_RE='^Status : Disconnected, '
      XF_WHY="upnpc -u takes the first WANDevice's connection (Disconnected, empty ExternalIPAddress) and never tries the second, live one; add/list/delete work on the shared table but print an empty external address" ;;
    bogus-urlbase)
      XF_STEP=status XF_RE='GetExternalIPAddress failed' XF_STOP=1
      XF_WHY="upnpc resolves the control URL against <URLBase>http://0.0.0.0:80/ instead of LOCATION, so every SOAP call goes to a port nothing serves" ;;
  esac
}

upnpc_profile_checks() { # PROFILE ; in a subshell: writes "RESULT<TAB>DETAIL" to $WORK/outcome
  local p=$1 iport=8080 eport=18080 lease=3600 evidence='' line
  upnpc_profile_xfail "$p"
  PEERS_NAME="upnpc-simrouter-v$VER-$p"
  rm -f "$WORK/outcome"
  ev_line() { grep -E -m1 -- "$1" <<<"$OUT" | sed -E 's/uptime=[0-9]+s/uptime=Ns/; s/[[:space:]]+$//'; }

  local boot=''
  if [ "$p" = external-ip-zero ]; then
    boot="Connecting with 0.0.0.0 at boot, then "
    # the first 2 s after boot: Connecting with 0.0.0.0; poll until the link is up
    U -s
    expect_match "-s at boot" "$OUT" "^Status : Connecting, "
    expect_match "-s at boot" "$OUT" "^ExternalIPAddress = 0\.0\.0\.0$"
    _connected() { U -s; grep -qE "^Status : Connected, " <<<"$OUT"; }
    wait_for 6 _connected || fail "-s: not Connected within 6 s of boot"
  fi

  U -s
  [ $RC -eq 0 ] || { echo "$OUT" >&2; fail "upnpc -s exited $RC"; }
  if [ "$XF_STEP" = status ]; then
    expect_match "-s (expected failure)" "$OUT" "$XF_RE"
    evidence="$XF_WHY; upnpc -s printed: $(ev_line "$XF_RE")"
    if [ -n "$XF_STOP" ]; then
      U -e igdkit-profile -a 127.0.0.1 $iport $eport TCP $lease
      expect_match "-a (expected failure)" "$OUT" "failed with code -3 \(Miniupnpc HTTP error\)"
      evidence="$evidence; -a: $(ev_line 'failed with code')"
      printf 'expected-fail\t%s\n' "$evidence" >"$WORK/outcome"
      return 0
    fi
  else
    expect_match "-s" "$OUT" "^Found valid IGD : http://127\.0\.0\.1:[0-9]+/"
    expect_match "-s" "$OUT" "^Status : (Connected|Up), "
    expect_match "-s" "$OUT" "^ExternalIPAddress = 203\.0\.113\.10$"
  fi
  local status_word; status_word=$(sed -nE 's/^Status : ([A-Za-z]+), .*/\1/p' <<<"$OUT" | head -n1)

  U -e igdkit-profile -a 127.0.0.1 $iport $eport TCP $lease
  if [ "$XF_STEP" = add ]; then
    expect_match "-a (expected failure)" "$OUT" "$XF_RE"
    evidence="$XF_WHY; upnpc -a printed: $(ev_line "$XF_RE")"
    case $XF_RETRY in
      lease0) lease=0 ;;
      sameport) eport=$iport ;;
    esac
    U -e igdkit-profile -a 127.0.0.1 $iport $eport TCP $lease
  fi
  [ $RC -eq 0 ] || { echo "$OUT" >&2; fail "upnpc -a exited $RC"; }
  expect_no_match "-a" "$OUT" "failed with code"
  expect_match "-a" "$OUT" "TCP is redirected to internal 127\.0\.0\.1:$iport \(duration=[0-9]+\)$"

  U -l
  expect_match "-l after add" "$OUT" "^ *0 TCP +$eport->127\.0\.0\.1:$iport +'igdkit-profile' '' [0-9]+$"
  if [ "$VER" = 2 ] && [ "$p" != wanppp-only ]; then
    U -L
    expect_match "-L after add" "$OUT" "^ *0 TCP +$eport->127\.0\.0\.1:$iport +'igdkit-profile' '' [0-9]+$"
  fi
  U -d $eport TCP
  expect_contains "-d" "$OUT" "UPNP_DeletePortMapping() returned : 0"
  U -l
  expect_no_match "-l after delete" "$OUT" "^ *[0-9]+ TCP +$eport->"
  if [ -n "$evidence" ]; then
    printf 'expected-fail\t%s\n' "$evidence" >"$WORK/outcome"
  else
    printf 'pass\t%s\n' "$boot-s $status_word with 203.0.113.10, -a (lease $lease) read back, -l$( [ "$VER" = 2 ] && echo ' and -L') list it, -d removes it" >"$WORK/outcome"
  fi
}

profile_sweep() {
  local p rc failed=0 result detail
  [ "${PROFILES[0]}" != all ] || mapfile -t PROFILES < <(sim_profiles "$SIM" "$VER")
  [ ${#PROFILES[@]} -gt 0 ] || fail "no profiles to sweep"
  for p in "${PROFILES[@]}"; do
    sim_start "$SIM" "$VER" "$WORK" --profile "$p" --no-stun
    ( upnpc_profile_checks "$p" ) >"$WORK/profile.log" 2>&1
    rc=$?
    cat "$WORK/profile.log"
    if [ $rc -eq 0 ] && [ -s "$WORK/outcome" ]; then
      IFS=$'\t' read -r result detail <"$WORK/outcome"
    else
      result=fail detail=$(grep -m1 'FAIL:' "$WORK/profile.log" | sed 's/^\[[^]]*\] FAIL: //')
      failed=$((failed + 1))
    fi
    record upnpc "simrouter v$VER profile $p: status/add/list/delete" "$result" "$detail"
    sim_stop
  done
  PEERS_NAME="upnpc-simrouter-v$VER"
  [ $failed -eq 0 ] || fail "$failed of ${#PROFILES[@]} profiles failed (records above)"
  say "PASS: ${#PROFILES[@]} profiles ($(( $(now_ms) - T0 )) ms total)"
}

if [ ${#PROFILES[@]} -gt 0 ]; then
  profile_sweep
  exit 0
fi

sim_start "$SIM" "$VER" "$WORK"
say "simrouter v$VER at $SIM_LOCATION"

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
if [ "$VER" = 2 ]; then
  record upnpc "simrouter v2 default: full command set" pass "-s -a -l -L -d -n: lists, reads back, 714 on a missing delete, 606 for another client, AddAnyPortMapping"
else
  record upnpc "simrouter v1 default: full command set" pass "-s -a -l -d: lists, reads back, 714 on a missing delete, 718 for another client; -L/-n answered 401"
fi
say "PASS ($(( $(now_ms) - T0 )) ms total)"
