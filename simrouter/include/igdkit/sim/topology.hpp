#pragma once
// The simulated network around the home router, as pure data and pure functions: which
// addresses exist, and where a packet sent from "the Internet" to a virtual public
// address:port ends up. No sockets: the lab turns the answers into loopback forwarders.
//
//   nat         Internet -> home router (WAN 203.0.113.10, public) -> LAN
//   no-nat      Internet -> home router (WAN 203.0.113.10, public, firewall only) -> LAN
//   cgnat       Internet -> carrier NAT (203.0.113.20) -> home router (WAN 100.64.0.10) -> LAN
//   double-nat  Internet -> upstream router (203.0.113.30) -> home router (WAN 192.168.1.10)
//               -> LAN; the upstream router may run its own IGD (upstream_upnp).
#include "igdkit/protocol.hpp"
#include "igdkit/sim/mapping.hpp"

#include <boost/asio/ip/address_v4.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace igdkit::sim {

enum class nat_mode { nat, cgnat, double_nat, no_nat };
std::string_view to_string(nat_mode m) noexcept;  // "nat", "cgnat", "double-nat", "no-nat"
std::optional<nat_mode> parse_nat_mode(std::string_view s) noexcept;

struct topology_config {
  nat_mode mode = nat_mode::nat;
  // The home router's WAN address: what GetExternalIPAddress reports.
  boost::asio::ip::address_v4 wan_ip = boost::asio::ip::make_address_v4("203.0.113.10");
  // The address the Internet sees: equal to wan_ip in nat/no-nat; the carrier's or the
  // upstream router's public address in cgnat/double-nat.
  boost::asio::ip::address_v4 public_ip = boost::asio::ip::make_address_v4("203.0.113.10");
  // double-nat only: the upstream router is an IGD too (a second simulated router).
  bool upstream_upnp = false;
  // Where Internet-side probes come from (TEST-NET-2); remote-host-restricted mappings must name it.
  boost::asio::ip::address_v4 internet_source = boost::asio::ip::make_address_v4("198.51.100.7");
};

// The documented addresses for a mode (see the table above).
topology_config default_topology(nat_mode mode);

// One hop of an inbound path, for diagnostics ("carrier NAT 203.0.113.20: no forwarding").
struct inbound_target {
  boost::asio::ip::address_v4 internal_client;  // the LAN service
  std::uint16_t internal_port = 0;
  std::string description;                      // the home mapping's description
};

struct inbound_trace {
  bool reachable = false;
  std::string reason;              // one sentence, always set
  std::vector<std::string> hops;   // "home router 203.0.113.10:8080 -> 127.0.0.1:8080", ...
  std::optional<inbound_target> target;  // set when reachable
};

// A router's live (unexpired) mappings on one external port and protocol. A trace asks for the
// ports on its path only, so with router_state::on_port it costs O(log n) whatever the table size.
using port_lookup = std::function<std::vector<port_mapping>(protocol, std::uint16_t external_port)>;
// A lookup over a fixed table, by scanning it (tests, small tables).
port_lookup scan_lookup(std::span<const port_mapping> table);

// Where does a `proto` packet from topology.internet_source to address:port end up? `home` and
// `upstream` look up the home and upstream routers' tables.
inbound_trace trace_inbound(const topology_config& topology, protocol proto, const boost::asio::ip::address_v4& address,
                            std::uint16_t port, const port_lookup& home, const port_lookup& upstream);
inbound_trace trace_inbound(const topology_config& topology, protocol proto, const boost::asio::ip::address_v4& address,
                            std::uint16_t port, std::span<const port_mapping> home,
                            std::span<const port_mapping> upstream);

// Every virtual public address:port reachable from the Internet right now, with its final LAN
// target: the set of loopback forwarders the lab must have.
struct public_route {
  protocol proto = protocol::tcp;
  boost::asio::ip::address_v4 public_ip;
  std::uint16_t public_port = 0;
  inbound_target target;
  friend bool operator==(const public_route& a, const public_route& b) {
    return a.proto == b.proto && a.public_ip == b.public_ip && a.public_port == b.public_port &&
           a.target.internal_client == b.target.internal_client && a.target.internal_port == b.target.internal_port;
  }
};
// The route of one public port, if a packet to public_ip:port reaches a LAN service.
std::optional<public_route> route_at(const topology_config& topology, protocol proto, std::uint16_t public_port,
                                     const port_lookup& home, const port_lookup& upstream);
std::vector<public_route> reachable_routes(const topology_config& topology, std::span<const port_mapping> home,
                                           std::span<const port_mapping> upstream);

}  // namespace igdkit::sim
