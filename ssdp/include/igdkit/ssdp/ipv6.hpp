#pragma once
// IPv6 specifics of SSDP shared by the searcher, the responder and simrouter: which group a
// source address searches, the HOST header (no zone), the admitted link-local sources of one
// interface, and finding the interface that holds an address.
#include "igdkit/ssdp/policy.hpp"

#include <boost/asio/ip/address_v6.hpp>
#include <boost/asio/ip/udp.hpp>

#include <optional>
#include <string>

namespace igdkit::ssdp {

// UDA 2.0 Annex A: ff02::c from a link-local source, ff05::c from a ULA/GUA one. The
// link-local group carries the source's scope id (the interface it must leave by).
boost::asio::ip::address_v6 multicast_group_v6(const boost::asio::ip::address_v6& source);

// HOST value for a destination: "a.b.c.d:port" or "[v6]:port". A zone ("%eth0") is local to
// the sender and means nothing to the receiver, so it is never written.
std::string host_header(const boost::asio::ip::udp::endpoint& destination);

// fe80::/10 on one interface: M-SEARCH to ff02::c comes from the searcher's link-local address
// (RFC 6724 picks a source of the destination's scope), so an IPv6 LAN must admit it, but only
// from the LAN link: the same address on another interface is another host.
ip_prefix link_local_sources(unsigned interface_index);

// The index of the interface holding `address` (its scope id when it has one), or nullopt when
// no local interface has it. Reads the system's interface list (getifaddrs).
std::optional<unsigned> interface_index_of(const boost::asio::ip::address_v6& address);

}  // namespace igdkit::ssdp
