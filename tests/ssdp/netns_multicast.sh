#!/usr/bin/env bash
# Real SSDP multicast between two throwaway network namespaces joined by a veth pair.
# Nothing touches the host's interfaces; the namespaces are always deleted.
# Exit 77 = skipped (no root / no ip / namespaces unavailable).
set -u
tool="$1"
skip=77
command -v ip >/dev/null 2>&1 || { echo "SKIP: 'ip' not found"; exit $skip; }
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root to create network namespaces"; exit $skip; }

dev="igdssdp-d-$$"; cp="igdssdp-c-$$"
veth_d="vssdpd$$"; veth_c="vssdpc$$"
cleanup() {
  [ -n "${responder_pid:-}" ] && kill "$responder_pid" 2>/dev/null
  ip netns del "$dev" 2>/dev/null
  ip netns del "$cp" 2>/dev/null
}
trap cleanup EXIT

ip netns add "$dev" 2>/dev/null || { echo "SKIP: cannot create network namespaces"; exit $skip; }
ip netns add "$cp" || exit 1
ip link add "${veth_d:0:15}" type veth peer name "${veth_c:0:15}" || { echo "SKIP: cannot create veth"; exit $skip; }
ip link set "${veth_d:0:15}" netns "$dev" && ip link set "${veth_c:0:15}" netns "$cp" || exit 1
for ns in "$dev" "$cp"; do
  if [ "$ns" = "$dev" ]; then v="${veth_d:0:15}"; a=10.77.0.1; else v="${veth_c:0:15}"; a=10.77.0.2; fi
  ip -n "$ns" link set lo up
  ip -n "$ns" addr add "$a/24" dev "$v"
  ip -n "$ns" link set "$v" multicast on
  ip -n "$ns" link set "$v" up
  ip -n "$ns" route add 224.0.0.0/4 dev "$v"
done

ip netns exec "$dev" "$tool" respond 10.77.0.1 10 > /tmp/igdssdp-resp-$$.log 2>&1 &
responder_pid=$!
for _ in $(seq 50); do grep -q ready /tmp/igdssdp-resp-$$.log 2>/dev/null && break; sleep 0.1; done
grep -q ready /tmp/igdssdp-resp-$$.log || { echo "responder did not start:"; cat /tmp/igdssdp-resp-$$.log; rm -f /tmp/igdssdp-resp-$$.log; exit 1; }
rm -f /tmp/igdssdp-resp-$$.log

ip netns exec "$cp" "$tool" search 10.77.0.2 3000
rc=$?
[ $rc -eq 0 ] && echo "PASS: multicast discovery across namespaces" || echo "FAIL: searcher exit $rc"
exit $rc
