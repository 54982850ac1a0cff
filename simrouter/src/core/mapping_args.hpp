#pragma once
// Turning the wire-typed arguments of the port-mapping actions into the table's typed values,
// with the fault each bad value earns.
#include "call.hpp"
#include "igdkit/igd/actions/port_listing.hpp"

#include <variant>

namespace igdkit::sim::detail {

using soap::upnp_errc;

// Unknown NewProtocol: 601 Argument Value Out of Range in v2 ([T]); v1 defines no code, so 402
// (or TCP under behaviour::unknown_protocol_is_tcp).
std::variant<protocol, upnp_errc> to_protocol(const call& c, const igd::wire_protocol& p);

// Empty or "*" = wildcard; otherwise an IPv4 literal (the simulator resolves no names) or 402.
// Always the wildcard under behaviour::ignore_remote_host.
std::variant<std::optional<boost::asio::ip::address_v4>, upnp_errc> to_remote_host(const call& c,
                                                                                 const igd::host_address& h);

std::variant<mapping_key, upnp_errc> to_key(const call& c, const igd::port_mapping_key& k);

// One validated AddPortMapping / AddAnyPortMapping request.
struct mapping_request {
  port_mapping mapping;  // expires_at unset
  std::uint32_t lease_seconds = 0;
};
// Checks shared by both add actions, in spec order: 402/601 argument values, 715 wildcard
// InternalClient, 732 (v2) / 402 (v1) InternalPort 0, v1-only 724/726/727 quirks.
// External port 0 is left to the caller (716 for AddPortMapping, "pick one" for AddAny).
std::variant<mapping_request, upnp_errc> to_mapping_request(const call& c, const igd::add_port_mapping_request& r);

igd::port_mapping_entry to_entry(const port_mapping& m, clock::time_point now);

}  // namespace igdkit::sim::detail

namespace igdkit::sim::detail {

// Stores the mapping (with its lease applied) unless another client holds the port (718/501)
// or a new entry would exceed the limits (728/501). Same key + same client overwrites.
std::optional<upnp_errc> place(const call& c, port_mapping m, std::optional<std::chrono::seconds> lease);

}  // namespace igdkit::sim::detail
