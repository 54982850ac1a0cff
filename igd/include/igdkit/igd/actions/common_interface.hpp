#pragma once
// WANCommonInterfaceConfig :1 actions (digest §5.1).
#include "igdkit/igd/actions/field.hpp"
#include "igdkit/igd/actions/service.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

namespace igdkit::igd {

struct get_common_link_properties_response {
  std::string wan_access_type;  // "DSL", "POTS", "Cable", "Ethernet"
  std::uint32_t layer1_upstream_max_bit_rate = 0;
  std::uint32_t layer1_downstream_max_bit_rate = 0;
  std::string physical_link_status;  // "Up", "Down", ...

  using S = get_common_link_properties_response;
  static constexpr auto fields() {
    // Link up/down is the answer; access type and line rates are informational.
    return std::tuple{field{"NewWANAccessType", &S::wan_access_type, presence::optional},
                      field{"NewLayer1UpstreamMaxBitRate", &S::layer1_upstream_max_bit_rate, presence::optional},
                      field{"NewLayer1DownstreamMaxBitRate", &S::layer1_downstream_max_bit_rate, presence::optional},
                      field{"NewPhysicalLinkStatus", &S::physical_link_status}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct get_common_link_properties {
  static constexpr std::string_view name = "GetCommonLinkProperties";
  static constexpr action_availability availability = common_interface_v1;
  using request = no_arguments;
  using response = get_common_link_properties_response;
};

// The SCPD says ui4 (wrapping), but real routers (e.g. FRITZ!Box) report 64-bit totals, so the
// counters are parsed as 64-bit.
struct total_bytes_sent_response {
  std::uint64_t total_bytes_sent = 0;
  using S = total_bytes_sent_response;
  static constexpr auto fields() { return std::tuple{field{"NewTotalBytesSent", &S::total_bytes_sent}}; }
  friend bool operator==(const S&, const S&) = default;
};
struct total_bytes_received_response {
  std::uint64_t total_bytes_received = 0;
  using S = total_bytes_received_response;
  static constexpr auto fields() { return std::tuple{field{"NewTotalBytesReceived", &S::total_bytes_received}}; }
  friend bool operator==(const S&, const S&) = default;
};
struct total_packets_sent_response {
  std::uint64_t total_packets_sent = 0;
  using S = total_packets_sent_response;
  static constexpr auto fields() { return std::tuple{field{"NewTotalPacketsSent", &S::total_packets_sent}}; }
  friend bool operator==(const S&, const S&) = default;
};
struct total_packets_received_response {
  std::uint64_t total_packets_received = 0;
  using S = total_packets_received_response;
  static constexpr auto fields() {
    return std::tuple{field{"NewTotalPacketsReceived", &S::total_packets_received}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct get_total_bytes_sent {
  static constexpr std::string_view name = "GetTotalBytesSent";
  static constexpr action_availability availability = common_interface_v1;
  using request = no_arguments;
  using response = total_bytes_sent_response;
};
struct get_total_bytes_received {
  static constexpr std::string_view name = "GetTotalBytesReceived";
  static constexpr action_availability availability = common_interface_v1;
  using request = no_arguments;
  using response = total_bytes_received_response;
};
struct get_total_packets_sent {
  static constexpr std::string_view name = "GetTotalPacketsSent";
  static constexpr action_availability availability = common_interface_v1;
  using request = no_arguments;
  using response = total_packets_sent_response;
};
struct get_total_packets_received {
  static constexpr std::string_view name = "GetTotalPacketsReceived";
  static constexpr action_availability availability = common_interface_v1;
  using request = no_arguments;
  using response = total_packets_received_response;
};

// GetEnabledForInternet / GetMaximumActiveConnections (optional in the SCPD).
struct get_enabled_for_internet_response {
  bool enabled_for_internet = false;

  using S = get_enabled_for_internet_response;
  static constexpr auto fields() { return std::tuple{field{"NewEnabledForInternet", &S::enabled_for_internet}}; }
  friend bool operator==(const S&, const S&) = default;
};
struct get_enabled_for_internet {
  static constexpr std::string_view name = "GetEnabledForInternet";
  static constexpr action_availability availability = common_interface_v1;
  using request = no_arguments;
  using response = get_enabled_for_internet_response;
};

struct get_maximum_active_connections_response {
  std::uint16_t maximum_active_connections = 0;

  using S = get_maximum_active_connections_response;
  static constexpr auto fields() {
    return std::tuple{field{"NewMaximumActiveConnections", &S::maximum_active_connections}};
  }
  friend bool operator==(const S&, const S&) = default;
};
struct get_maximum_active_connections {
  static constexpr std::string_view name = "GetMaximumActiveConnections";
  static constexpr action_availability availability = common_interface_v1;
  using request = no_arguments;
  using response = get_maximum_active_connections_response;
};

}  // namespace igdkit::igd
