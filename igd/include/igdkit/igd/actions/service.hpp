#pragma once
// Which services define an action, and the SOAP service type string for (service, version).
// Kept independent of the description parser's service model so both can evolve separately.
#include "igdkit/igd/error.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace igdkit::igd {

enum class action_service : std::uint8_t {
  wan_ip_connection,            // WANIPConnection :1 / :2
  wan_ppp_connection,           // WANPPPConnection :1 (no v2 exists)
  wan_common_interface_config,  // WANCommonInterfaceConfig :1
  wan_ipv6_firewall_control,    // WANIPv6FirewallControl :1 (IGD:2)
  layer3_forwarding,            // Layer3Forwarding :1 (root device, optional)
};

struct service_version {
  action_service service = action_service::wan_ip_connection;
  unsigned version = 1;
  friend bool operator==(const service_version&, const service_version&) = default;
};

// "WANIPConnection", ...
std::string_view service_name(action_service s) noexcept;
// "urn:schemas-upnp-org:service:WANIPConnection:2"
std::string action_service_type(service_version sv);
// Inverse of action_service_type; nullopt for other services or a malformed version.
std::optional<service_version> parse_action_service_type(std::string_view service_type) noexcept;

// Where an action is defined: a set of services, from a minimum version on.
struct action_availability {
  std::uint8_t services = 0;  // bit (1 << action_service)
  unsigned min_version = 1;

  constexpr bool supports(service_version sv) const noexcept {
    return (services & (1u << static_cast<unsigned>(sv.service))) != 0 && sv.version >= min_version;
  }
  constexpr bool v2_only() const noexcept { return min_version >= 2; }
};

constexpr std::uint8_t service_bit(action_service s) noexcept {
  return static_cast<std::uint8_t>(1u << static_cast<unsigned>(s));
}

// WANIPConnection v1+ and WANPPPConnection v1.
inline constexpr action_availability port_mapping_v1{
    static_cast<std::uint8_t>(service_bit(action_service::wan_ip_connection) |
                              service_bit(action_service::wan_ppp_connection)),
    1};
// WANIPConnection v2 only.
inline constexpr action_availability port_mapping_v2{service_bit(action_service::wan_ip_connection), 2};
inline constexpr action_availability common_interface_v1{service_bit(action_service::wan_common_interface_config), 1};
inline constexpr action_availability firewall_v1{service_bit(action_service::wan_ipv6_firewall_control), 1};
inline constexpr action_availability ppp_only_v1{service_bit(action_service::wan_ppp_connection), 1};
inline constexpr action_availability layer3_v1{service_bit(action_service::layer3_forwarding), 1};

// {} if the action exists on that service, errc::not_supported_by_service otherwise.
inline std::error_code check_supported(action_availability a, service_version sv) noexcept {
  if (a.supports(sv)) return {};
  return errc::not_supported_by_service;
}

}  // namespace igdkit::igd
