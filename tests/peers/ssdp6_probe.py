#!/usr/bin/python3
"""Raw IPv6 SSDP probe for ssdp_ipv6_netns.sh, independent of igdkit's own sockets.

  ssdp6_probe.py search IFACE GROUP TIMEOUT_S
      Multicasts one M-SEARCH (ST upnp:rootdevice) to [GROUP%IFACE]:1900 and prints
      "answer SOURCE LOCATION" for every reply until TIMEOUT_S. Exit 0 if any came.
  ssdp6_probe.py observe IFACE GROUP TIMEOUT_S
      Joins GROUP on IFACE, binds [GROUP%IFACE]:1900 next to the device (SO_REUSEADDR),
      prints "ready", then "msearch SOURCE HOST-header USER-AGENT" for the first
      M-SEARCH that arrives on the group. Exit 0 if one came before TIMEOUT_S.

Only ever run inside the test's own network namespaces.
"""
import socket
import struct
import sys
import time

PORT = 1900


def headers(datagram):
    lines = datagram.decode("latin-1").split("\r\n")
    out = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            out[name.strip().upper()] = value.strip()
    return lines[0], out


def group_socket(iface, group):
    index = socket.if_nametoindex(iface)
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, index)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 2)
    return s, index


def search(iface, group, timeout):
    s, index = group_socket(iface, group)
    s.bind(("::", 0, 0, 0))
    request = ("M-SEARCH * HTTP/1.1\r\nHOST: [%s]:%d\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\n"
               "ST: upnp:rootdevice\r\nUSER-AGENT: probe/1 UPnP/1.1 ssdp6-probe/1\r\n\r\n"
               % (group.upper(), PORT))
    s.sendto(request.encode(), (group, PORT, 0, index))
    deadline = time.monotonic() + timeout
    answers = 0
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        s.settimeout(left)
        try:
            data, source = s.recvfrom(2048)
        except socket.timeout:
            break
        start, h = headers(data)
        if start.startswith("HTTP/1.1 200"):
            answers += 1
            print("answer %s %s" % (source[0], h.get("LOCATION", "-")), flush=True)
    return 0 if answers else 1


def observe(iface, group, timeout):
    s, index = group_socket(iface, group)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((group, PORT, 0, index))
    mreq = socket.inet_pton(socket.AF_INET6, group) + struct.pack("@I", index)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_JOIN_GROUP, mreq)
    print("ready", flush=True)
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return 1
        s.settimeout(left)
        try:
            data, source = s.recvfrom(2048)
        except socket.timeout:
            return 1
        start, h = headers(data)
        if start.startswith("M-SEARCH"):
            print("msearch %s %s %s" % (source[0], h.get("HOST", "-"), h.get("USER-AGENT", "-")), flush=True)
            return 0


def main(argv):
    if len(argv) != 5 or argv[1] not in ("search", "observe"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, iface, group, timeout = argv[1], argv[2], argv[3], float(argv[4])
    return (search if mode == "search" else observe)(iface, group, timeout)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
