#pragma once
// The IGD's evented state variables, typed: what one event (or a re-read by action) said about
// the WAN connection, the link, the firewall and the default route. Only the variables present
// in the event are set; a value that does not parse is left unset and named in `notes`.
#include "igdkit/gena/propertyset.hpp"

#include <boost/asio/ip/address_v4.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace igdkit::igd::eventing {

struct wan_variables {
  // ExternalIPAddress: set when it is a usable address; external_ip_unknown when the router
  // evented "" or 0.0.0.0 (connection down, or not known yet).
  std::optional<boost::asio::ip::address_v4> external_ip;
  bool external_ip_unknown = false;
  std::optional<std::string> connection_status;  // "Connected", "Disconnected", ...
  std::optional<std::string> possible_connection_types;
  std::optional<std::uint32_t> port_mapping_entries;  // PortMappingNumberOfEntries
  std::optional<std::uint32_t> system_update_id;      // IGD:2
  std::optional<std::string> physical_link_status;    // "Up", "Down", ...
  std::optional<bool> enabled_for_internet;
  std::optional<std::uint32_t> active_connections;    // NumberOfActiveConnections
  std::optional<bool> firewall_enabled;
  std::optional<bool> inbound_pinhole_allowed;
  std::optional<std::string> default_connection_service;
  std::vector<std::string> notes;  // "PortMappingNumberOfEntries: 'many' is not a number"

  bool connected() const { return connection_status && *connection_status == "Connected"; }
};

wan_variables decode_variables(std::span<const gena::property> properties);

}  // namespace igdkit::igd::eventing
