# shellcheck shell=bash
# netns_lab.sh - throwaway three-namespace router lab for the peers tests.
# Sourced by the test scripts (needs lib.sh first); it is not a daemon manager.
#
#   NS_LAN  lan0    192.168.66.10/24 ==veth== rtr-lan 192.168.66.1/24  NS_RTR
#   NS_RTR  rtr-wan 11.66.0.1/24     ==veth== wan0    11.66.0.2/24     NS_WAN
#
# NS_RTR forwards (ip_forward=1 only there), runs an nftables ruleset with the
# chains miniupnpd fills in, and miniupnpd itself. The WAN block is a
# public-looking one because miniupnpd 2.3.1 refuses to forward when its WAN
# address is private/reserved; it exists only on the two veth ends inside the
# lab. Both veth pairs are created directly inside the namespaces: nothing is
# ever added to the host namespace, so no packet (SSDP multicast included)
# can reach a real interface.
#
# Usage:
#   . lib.sh; . netns_lab.sh
#   lab_preflight            # exit 77 when root/ip/nft/miniupnpd/netns are missing
#   trap lab_down EXIT
#   lab_up                   # namespaces, links, addresses, routes, nftables
#   lab_start_miniupnpd [miniupnpd args...]   # sets LAB_ROOTDESC; LAB_MINIUPNPD_CONF (lines) is
#                                             # appended to the rendered config, e.g. force_igd_desc_v1=yes
#   lab_spawn NS LOGFILE CMD...   # background process in NS, PID recorded for lab_down
#   lab_stop PID             # end one of those early
#   nsx NS CMD...
#   lab_delay_notify on|off  # hold back every TCP connection the router opens to the LAN by 1 s
#   lab_down                 # ends recorded PIDs, deletes namespaces and /etc/netns files

LAB_ID=${LAB_ID:-$$}
NS_LAN=igdp-lan-$LAB_ID
NS_RTR=igdp-rtr-$LAB_ID
NS_WAN=igdp-wan-$LAB_ID
LAN_IF=lan0 RTR_LAN_IF=rtr-lan RTR_WAN_IF=rtr-wan WAN_IF=wan0
LAN_IP=192.168.66.10 RTR_LAN_IP=192.168.66.1 LAN_NET=192.168.66.0/24
WAN_RTR_IP=11.66.0.1 WAN_HOST_IP=11.66.0.2
MINIUPNPD_HTTP_PORT=${MINIUPNPD_HTTP_PORT:-5555}
MINIUPNPD_BIN=${MINIUPNPD_BIN:-/usr/sbin/miniupnpd}
LAB_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_DIR=
LAB_PIDS=()
LAB_NAMESPACES=()
LAB_ROOTDESC=

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# GUPnP 1.6 answers 200 to a NOTIFY that arrives before it has read the
# SUBSCRIBE response and then drops it (server_handler: priv->sid == NULL);
# miniupnpd connects back at once, so the initial event races the response
# and is lost most of the time. Dropping the first SYN of each connection the
# router opens towards the LAN host makes Linux retransmit it after its 1 s
# initial RTO: every NOTIFY then arrives after the response, deterministically,
# with the connection and its bytes unchanged.
lab_delay_notify() { # on|off
  if [ "$1" = on ]; then
    nsx "$NS_RTR" nft -f - <<NFT || fail "nft: cannot install the NOTIFY delay"
table inet igdp_notify_delay {
  set syn_seen { type inet_service; flags timeout; timeout 30s; }
  chain out {
    type filter hook output priority 0;
    ip daddr $LAN_IP tcp flags & (syn | ack) == syn tcp sport @syn_seen accept
    ip daddr $LAN_IP tcp flags & (syn | ack) == syn add @syn_seen { tcp sport } drop
  }
}
NFT
  else
    nsx "$NS_RTR" nft delete table inet igdp_notify_delay 2>/dev/null || true
  fi
}

lab_preflight() {
  [ "$(id -u)" -eq 0 ] || skip "needs root to create network namespaces"
  command -v ip >/dev/null 2>&1 || skip "'ip' (iproute2) not found"
  command -v nft >/dev/null 2>&1 || skip "'nft' (nftables) not found"
  [ -x "$MINIUPNPD_BIN" ] || skip "$MINIUPNPD_BIN not installed (Debian: miniupnpd-nftables)"
  "$MINIUPNPD_BIN" --version 2>&1 | grep -q nftables || skip "$MINIUPNPD_BIN is not the nftables build"
  command -v curl >/dev/null 2>&1 || skip "'curl' not found"
  [ -x "$PEERS_PY" ] || skip "$PEERS_PY not found (listener)"
}

_lab_ns_add() {
  ip netns add "$1" 2>"$LAB_DIR/netns.err" || { cat "$LAB_DIR/netns.err" >&2; skip "cannot create network namespace $1"; }
  LAB_NAMESPACES+=("$1")
  # ip netns exec bind-mounts /etc/netns/NS/* over /etc/*: local resolver only
  mkdir -p "/etc/netns/$1"
  printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"/etc/netns/$1/resolv.conf"
  printf '127.0.0.1\tlocalhost\n%s\tlan-host\n%s\trouter\n%s\trouter-wan\n%s\twan-host\n' \
    "$LAN_IP" "$RTR_LAN_IP" "$WAN_RTR_IP" "$WAN_HOST_IP" >"/etc/netns/$1/hosts"
  nsx "$1" ip link set lo up
  nsx "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

lab_up() {
  LAB_DIR=$(mktemp -d /tmp/igdkit-peers.XXXXXX)
  local ns
  for ns in "$NS_LAN" "$NS_RTR" "$NS_WAN"; do _lab_ns_add "$ns"; done
  ip link add "$LAN_IF" netns "$NS_LAN" type veth peer name "$RTR_LAN_IF" netns "$NS_RTR" \
    || skip "cannot create veth pair inside the namespaces"
  ip link add "$RTR_WAN_IF" netns "$NS_RTR" type veth peer name "$WAN_IF" netns "$NS_WAN" \
    || fail "cannot create WAN veth pair"
  nsx "$NS_LAN" ip addr add "$LAN_IP/24" dev "$LAN_IF"
  nsx "$NS_RTR" ip addr add "$RTR_LAN_IP/24" dev "$RTR_LAN_IF"
  nsx "$NS_RTR" ip addr add "$WAN_RTR_IP/24" dev "$RTR_WAN_IF"
  nsx "$NS_WAN" ip addr add "$WAN_HOST_IP/24" dev "$WAN_IF"
  nsx "$NS_LAN" ip link set "$LAN_IF" multicast on up
  nsx "$NS_RTR" ip link set "$RTR_LAN_IF" multicast on up
  nsx "$NS_RTR" ip link set "$RTR_WAN_IF" up
  nsx "$NS_WAN" ip link set "$WAN_IF" up
  # LAN host: default via the router; multicast pinned to the LAN veth on both ends
  nsx "$NS_LAN" ip route add default via "$RTR_LAN_IP" dev "$LAN_IF"
  nsx "$NS_LAN" ip route add 224.0.0.0/4 dev "$LAN_IF"
  nsx "$NS_RTR" ip route add 224.0.0.0/4 dev "$RTR_LAN_IF"
  # router: "upstream" is the WAN host, which stays inside the lab
  nsx "$NS_RTR" ip route add default via "$WAN_HOST_IP" dev "$RTR_WAN_IF"
  nsx "$NS_RTR" sysctl -qw net.ipv4.ip_forward=1
  # nftables skeleton: forward policy drop + the chains miniupnpd manages
  cat >"$LAB_DIR/ruleset.nft" <<NFT
table inet igdkit {
  chain forward {
    type filter hook forward priority 0; policy drop;
    jump miniupnpd
    ct state established,related accept
    iifname "$RTR_LAN_IF" oifname "$RTR_WAN_IF" accept
  }
  chain miniupnpd {
  }
  chain prerouting {
    type nat hook prerouting priority -100; policy accept;
    jump prerouting_miniupnpd
  }
  chain postrouting {
    type nat hook postrouting priority 100; policy accept;
    jump postrouting_miniupnpd
    oifname "$RTR_WAN_IF" masquerade
  }
  chain prerouting_miniupnpd {
  }
  chain postrouting_miniupnpd {
  }
}
NFT
  nsx "$NS_RTR" nft -f "$LAB_DIR/ruleset.nft" 2>"$LAB_DIR/nft.err" \
    || { cat "$LAB_DIR/nft.err" >&2; skip "nftables unavailable in the router namespace"; }
}

# lab_spawn NS LOGFILE CMD... : start CMD in NS in the background, record its PID
# (ip netns exec execs in place, so $! is the command itself)
lab_spawn() {
  local ns=$1 log=$2; shift 2
  ip netns exec "$ns" "$@" >"$log" 2>&1 &
  LAB_SPAWNED=$!
  LAB_PIDS+=("$LAB_SPAWNED")
}

# lab_stop PID : end a process started by lab_spawn and forget its PID (no
# stale PID is ever signalled later)
lab_stop() {
  local pid=$1 keep=() p
  stop_pid "$pid"
  for p in "${LAB_PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  LAB_PIDS=("${keep[@]}")
}

_lab_http_up() { nsx "$NS_LAN" curl -fsS --max-time 1 -o /dev/null "$LAB_ROOTDESC"; }

# lab_start_miniupnpd [extra miniupnpd args] : render config, start in NS_RTR
lab_start_miniupnpd() {
  sed -e "s#@WAN_IF@#$RTR_WAN_IF#" -e "s#@LAN_IF@#$RTR_LAN_IF#" \
      -e "s#@HTTP_PORT@#$MINIUPNPD_HTTP_PORT#" -e "s#@LAN_NET@#$LAN_NET#" \
      -e "s#@LEASE_FILE@#$LAB_DIR/miniupnpd.leases#" \
      -e "s#@UUID@#6a1e0000-1dd2-4000-8000-0000$(printf '%08x' "$LAB_ID")#" \
      "$LAB_HERE/miniupnpd.conf.in" >"$LAB_DIR/miniupnpd.conf"
  [ -z "${LAB_MINIUPNPD_CONF:-}" ] || printf '%s\n' "$LAB_MINIUPNPD_CONF" >>"$LAB_DIR/miniupnpd.conf"
  # -d: foreground with debug log; -P keeps the pid file out of /run
  lab_spawn "$NS_RTR" "$LAB_DIR/miniupnpd.log" \
    "$MINIUPNPD_BIN" -d -f "$LAB_DIR/miniupnpd.conf" -P "$LAB_DIR/miniupnpd.pid" "$@"
  MINIUPNPD_PID=$LAB_SPAWNED
  LAB_ROOTDESC="http://$RTR_LAN_IP:$MINIUPNPD_HTTP_PORT/rootDesc.xml"
  if ! wait_for 5 _lab_http_up; then
    cat "$LAB_DIR/miniupnpd.log" >&2
    fail "miniupnpd did not serve $LAB_ROOTDESC within 5 s"
  fi
}

lab_down() {
  local pid ns left
  for pid in "${LAB_PIDS[@]}"; do stop_pid "$pid"; done
  LAB_PIDS=()
  for ns in "${LAB_NAMESPACES[@]}"; do
    left=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ')
    [ -n "$left" ] && echo "warning: processes still in $ns: $left (not ours to kill)" >&2
    ip netns del "$ns" 2>/dev/null
    rm -rf "/etc/netns/$ns"
  done
  LAB_NAMESPACES=()
  rmdir /etc/netns 2>/dev/null || true
  [ -n "$LAB_DIR" ] && [ -z "${LAB_KEEP:-}" ] && rm -rf "$LAB_DIR"
  return 0
}

# lab_exit_trap LOG_NAME DAEMON : on exit, a failure shows the last 40 lines of $LAB_DIR/LOG_NAME,
# then the lab is removed whatever happened; SIGINT/SIGTERM end the script as a failure.
lab_exit_trap() {
  LAB_FAILURE_LOG=$1 LAB_FAILURE_DAEMON=$2
  trap _lab_on_exit EXIT
  trap 'exit 1' INT TERM
}
_lab_on_exit() {
  local rc=$?
  if [ $rc -ne 0 ] && [ $rc -ne "$PEERS_SKIP" ] && [ -n "$LAB_DIR" ] && [ -f "$LAB_DIR/$LAB_FAILURE_LOG" ]; then
    echo "---- $LAB_FAILURE_DAEMON log (last 40 lines) ----" >&2
    tail -n 40 "$LAB_DIR/$LAB_FAILURE_LOG" >&2
  fi
  lab_down
  exit $rc
}
