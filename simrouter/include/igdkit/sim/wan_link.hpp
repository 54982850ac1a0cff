#pragma once
// Mutable WAN-side state the connection services report: connection status and uptime base,
// the settable timers, and WANCommonInterfaceConfig traffic counters.
#include "igdkit/sim/mapping.hpp"
#include "igdkit/sim/router_config.hpp"

#include <chrono>
#include <cstdint>
#include <string>

namespace igdkit::sim {

struct connection_state {
  connection_status status = connection_status::connected;
  clock::time_point connected_since{};  // uptime base
  std::string connection_type = "IP_Routed";
  std::uint32_t auto_disconnect_time = 0;
  std::uint32_t idle_disconnect_time = 0;
  std::uint32_t warn_disconnect_delay = 0;
  std::string default_connection_service;  // Layer3Forwarding

  std::chrono::seconds uptime(clock::time_point now) const noexcept;
};

// 64-bit totals: real links pass 2^32 bytes quickly; the ui4 wire value wraps (see wire_ui4).
struct wan_counters {
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t packets_sent = 0;
  std::uint64_t packets_received = 0;

  void add_sent(std::uint64_t bytes, std::uint64_t packets) noexcept { bytes_sent += bytes; packets_sent += packets; }
  void add_received(std::uint64_t bytes, std::uint64_t packets) noexcept {
    bytes_received += bytes;
    packets_received += packets;
  }
};

// The ui4 a spec-exact router reports for a 64-bit counter: the low 32 bits (it wraps).
constexpr std::uint32_t wire_ui4(std::uint64_t v) noexcept { return static_cast<std::uint32_t>(v & 0xFFFF'FFFFu); }

}  // namespace igdkit::sim
