#pragma once
// One IPv4 port mapping as the simulated router stores it. Identity is (remote host, external
// port, protocol) per WANIPConnection §2.2.20; everything else may be overwritten by its owner.
#include "igdkit/protocol.hpp"

#include <boost/asio/ip/address_v4.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace igdkit::sim {

using clock = std::chrono::steady_clock;

struct mapping_key {
  std::optional<boost::asio::ip::address_v4> remote_host;  // nullopt = wildcard (any remote host)
  std::uint16_t external_port = 0;
  protocol proto = protocol::tcp;
  friend bool operator==(const mapping_key&, const mapping_key&) = default;
};

struct port_mapping {
  mapping_key key;
  std::uint16_t internal_port = 0;
  boost::asio::ip::address_v4 internal_client;
  bool enabled = true;
  std::string description;
  std::optional<clock::time_point> expires_at;  // nullopt = permanent (v1 lease 0, or static config)
  friend bool operator==(const port_mapping&, const port_mapping&) = default;
};

// Whole seconds left, rounded up so a live lease never reads as 0 (which means "permanent");
// 0 for permanent mappings.
std::chrono::seconds remaining_lease(const port_mapping& m, clock::time_point now) noexcept;

// A mapping is gone at the instant its lease runs out (remaining would be 0).
constexpr bool is_expired(const port_mapping& m, clock::time_point now) noexcept {
  return m.expires_at && *m.expires_at <= now;
}

}  // namespace igdkit::sim
