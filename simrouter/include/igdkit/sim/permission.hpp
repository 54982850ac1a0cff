#pragma once
// miniupnpd-style permission rules: "allow|deny ext_ports int_prefix int_ports", first match
// wins, no match allows (as miniupnpd does; the default list ends with an explicit deny-all).
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/network_v4.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace igdkit::sim {

struct port_range {
  std::uint16_t first = 0;
  std::uint16_t last = 65535;
  constexpr bool contains(std::uint16_t p) const noexcept { return p >= first && p <= last; }
  friend bool operator==(const port_range&, const port_range&) = default;
};

enum class permission_action { allow, deny };

struct permission_rule {
  permission_action action = permission_action::allow;
  port_range external_ports;
  boost::asio::ip::network_v4 internal_network;  // 0.0.0.0/0 matches every client
  port_range internal_ports;
};

// allow 1024-65535 <lan> 1024-65535, then deny 0-65535 0.0.0.0/0 0-65535.
std::vector<permission_rule> default_permission_rules(const boost::asio::ip::network_v4& lan);

bool is_permitted(std::span<const permission_rule> rules, std::uint16_t external_port,
                  const boost::asio::ip::address_v4& internal_client, std::uint16_t internal_port) noexcept;

}  // namespace igdkit::sim
