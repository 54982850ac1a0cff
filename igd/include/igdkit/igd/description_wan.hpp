#pragma once
// Finding the WAN connection services of an IGD description (digest §2.1 hierarchy:
// InternetGatewayDevice → WANDevice → WANConnectionDevice → WANIP/WANPPPConnection).
#include "igdkit/igd/description.hpp"

#include <optional>
#include <string>
#include <vector>

namespace igdkit::igd {

// One WANIPConnection or WANPPPConnection (any version, upnp or dslforum), with the devices it
// sits in and the sibling services a client needs. Values are copies, so a wan_connection stays
// valid independently of the description it came from.
struct wan_connection {
  service connection;
  std::string connection_device_udn;  // the device holding the service (WANConnectionDevice)
  std::string connection_device_type;
  std::string wan_device_udn;         // its parent (WANDevice); empty if the service is in the root
  std::string wan_device_type;
  // Looked up in the connection device first, then in each ancestor (the WANDevice normally).
  std::optional<service> common_interface_config;
  std::optional<service> ipv6_firewall;
};

// Every WAN connection service, in document order (depth first), across all WAN devices.
std::vector<wan_connection> find_wan_connections(const description& desc);

// True when the tree has a WANCommonInterfaceConfig or a WAN connection service anywhere
// (miniupnpc's notion of an IGD, widened to tolerate routers that omit WANCommonIFC).
bool is_igd(const description& desc) noexcept;

// find_wan_connections with the failures named: errc::not_an_igd when is_igd() is false,
// errc::no_wan_connection_service when it is an IGD without any connection service.
result<std::vector<wan_connection>> require_wan_connections(const description& desc);

}  // namespace igdkit::igd
