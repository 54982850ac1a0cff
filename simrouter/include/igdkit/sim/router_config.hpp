#pragma once
// Static configuration of the simulated router: which IGD version it speaks, its WAN side,
// its limits and access policy, plus the behaviour quirks.
#include "igdkit/sim/behaviour.hpp"
#include "igdkit/sim/permission.hpp"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/network_v4.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace igdkit::sim {

enum class igd_version : std::uint8_t { v1 = 1, v2 = 2 };

enum class connection_status { unconfigured, connecting, connected, pending_disconnect, disconnecting, disconnected };
std::string_view to_string(connection_status s) noexcept;

struct link_properties {
  std::string wan_access_type = "Ethernet";  // DSL, POTS, Cable, Ethernet
  std::uint32_t upstream_max_bit_rate = 100'000'000;
  std::uint32_t downstream_max_bit_rate = 1'000'000'000;
  bool physical_link_up = true;
};

struct router_config {
  igd_version version = igd_version::v2;
  bool secure_mode = true;  // InternalClient must be the requester (miniupnpd default)
  std::optional<boost::asio::ip::address_v4> external_ip = boost::asio::ip::make_address_v4("203.0.113.7");
  connection_status initial_status = connection_status::connected;
  bool nat_enabled = true;
  // Limits. When full: v2 answers 728 NoPortMapsAvailable; v1 has no such code, so it answers
  // 501 Action Failed (what miniupnpd-based v1 firmware does on a backend failure).
  std::size_t max_mappings = 128;
  std::size_t max_mappings_per_client = 64;
  std::size_t max_pinholes = 64;
  boost::asio::ip::network_v4 lan = boost::asio::ip::make_network_v4("192.168.1.0/24");
  std::vector<permission_rule> permissions = default_permission_rules(lan);
  link_properties link;
  // WANIPv6FirewallControl (v2 only).
  bool firewall_enabled = true;
  bool inbound_pinhole_allowed = true;
  std::chrono::seconds outbound_pinhole_timeout{3600};
  std::string default_connection_service =
      "uuid:00000000-0000-0000-0000-000000000002:WANConnectionDevice:1,urn:upnp-org:serviceId:WANIPConn1";
  // Which WANDevice (document order) carries the live link; the connection services of the
  // others report Disconnected and no external address (firmware with a dead second WAN port).
  std::size_t live_wan_device = 0;
  behaviour quirks;
};

}  // namespace igdkit::sim
