#pragma once
// WANIPv6FirewallControl :1 actions (digest §5.2). Argument names carry no "New" prefix, except
// NewLeaseTime in UpdatePinhole.
#include "igdkit/igd/actions/field.hpp"
#include "igdkit/igd/actions/service.hpp"
#include "igdkit/igd/actions/values.hpp"

#include <chrono>
#include <cstdint>
#include <string_view>
#include <tuple>

namespace igdkit::igd {

// IANA protocol numbers used by the firewall service (Protocol is ui2 there, not "TCP"/"UDP").
inline constexpr std::uint16_t pinhole_protocol_tcp = 6;
inline constexpr std::uint16_t pinhole_protocol_udp = 17;
inline constexpr std::uint16_t pinhole_protocol_udplite = 136;
inline constexpr std::uint16_t pinhole_protocol_any = 65535;

struct get_firewall_status_response {
  bool firewall_enabled = false;
  bool inbound_pinhole_allowed = false;

  using S = get_firewall_status_response;
  static constexpr auto fields() {
    return std::tuple{field{"FirewallEnabled", &S::firewall_enabled},
                      field{"InboundPinholeAllowed", &S::inbound_pinhole_allowed}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct get_firewall_status {
  static constexpr std::string_view name = "GetFirewallStatus";
  static constexpr action_availability availability = firewall_v1;
  using request = no_arguments;
  using response = get_firewall_status_response;
};

// The five-tuple shared by GetOutboundPinholeTimeout and AddPinhole.
struct pinhole_tuple {
  host_address remote_host;  // empty or "*" = any
  std::uint16_t remote_port = 0;  // 0 = any
  host_address internal_client;
  std::uint16_t internal_port = 0;
  std::uint16_t protocol = pinhole_protocol_tcp;  // IANA number; 65535 = any

  using S = pinhole_tuple;
  static constexpr auto fields() {
    return std::tuple{field{"RemoteHost", &S::remote_host}, field{"RemotePort", &S::remote_port},
                      field{"InternalClient", &S::internal_client}, field{"InternalPort", &S::internal_port},
                      field{"Protocol", &S::protocol}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct outbound_pinhole_timeout_response {
  std::chrono::seconds outbound_pinhole_timeout{0};
  using S = outbound_pinhole_timeout_response;
  static constexpr auto fields() {
    return std::tuple{field{"OutboundPinholeTimeout", &S::outbound_pinhole_timeout}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct get_outbound_pinhole_timeout {
  static constexpr std::string_view name = "GetOutboundPinholeTimeout";
  static constexpr action_availability availability = firewall_v1;
  using request = pinhole_tuple;
  using response = outbound_pinhole_timeout_response;
};

struct add_pinhole_request {
  host_address remote_host;
  std::uint16_t remote_port = 0;
  host_address internal_client;
  std::uint16_t internal_port = 0;
  std::uint16_t protocol = pinhole_protocol_tcp;
  std::chrono::seconds lease{3600};  // 1..86400 (the router enforces the range: 402)

  using S = add_pinhole_request;
  static constexpr auto fields() {
    return std::tuple{field{"RemoteHost", &S::remote_host}, field{"RemotePort", &S::remote_port},
                      field{"InternalClient", &S::internal_client}, field{"InternalPort", &S::internal_port},
                      field{"Protocol", &S::protocol}, field{"LeaseTime", &S::lease}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct pinhole_id {
  std::uint16_t unique_id = 0;
  using S = pinhole_id;
  static constexpr auto fields() { return std::tuple{field{"UniqueID", &S::unique_id}}; }
  friend bool operator==(const S&, const S&) = default;
};

struct add_pinhole {
  static constexpr std::string_view name = "AddPinhole";
  static constexpr action_availability availability = firewall_v1;
  using request = add_pinhole_request;
  using response = pinhole_id;
};

struct update_pinhole_request {
  std::uint16_t unique_id = 0;
  std::chrono::seconds lease{3600};

  using S = update_pinhole_request;
  static constexpr auto fields() {
    return std::tuple{field{"UniqueID", &S::unique_id}, field{"NewLeaseTime", &S::lease}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct update_pinhole {
  static constexpr std::string_view name = "UpdatePinhole";
  static constexpr action_availability availability = firewall_v1;
  using request = update_pinhole_request;
  using response = no_arguments;
};

struct delete_pinhole {
  static constexpr std::string_view name = "DeletePinhole";
  static constexpr action_availability availability = firewall_v1;
  using request = pinhole_id;
  using response = no_arguments;
};

struct pinhole_packets_response {
  std::uint32_t pinhole_packets = 0;
  using S = pinhole_packets_response;
  static constexpr auto fields() { return std::tuple{field{"PinholePackets", &S::pinhole_packets}}; }
  friend bool operator==(const S&, const S&) = default;
};

struct get_pinhole_packets {
  static constexpr std::string_view name = "GetPinholePackets";
  static constexpr action_availability availability = firewall_v1;
  using request = pinhole_id;
  using response = pinhole_packets_response;
};

struct check_pinhole_working_response {
  bool is_working = false;
  using S = check_pinhole_working_response;
  static constexpr auto fields() { return std::tuple{field{"IsWorking", &S::is_working}}; }
  friend bool operator==(const S&, const S&) = default;
};

struct check_pinhole_working {
  static constexpr std::string_view name = "CheckPinholeWorking";
  static constexpr action_availability availability = firewall_v1;
  using request = pinhole_id;
  using response = check_pinhole_working_response;
};

}  // namespace igdkit::igd
