#pragma once
// The connection services' optional timer actions (WANIPConnection/WANPPPConnection:1, digest
// §4.1), WANPPPConnection's link query (§5.3) and Layer3Forwarding:1 (§5.4). Same shape as
// port_mapping.hpp: one tag per action, one wire table per argument struct.
#include "igdkit/igd/actions/field.hpp"
#include "igdkit/igd/actions/service.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

namespace igdkit::igd {

// ---- Set/Get AutoDisconnectTime, IdleDisconnectTime, WarnDisconnectDelay (ui4 seconds) --------
// Each pair carries one argument named after the action minus its verb ("New" + the rest).
template <const char* Wire>
struct disconnect_timer {
  std::uint32_t seconds = 0;

  using S = disconnect_timer;
  static constexpr auto fields() { return std::tuple{field{std::string_view(Wire), &S::seconds}}; }
  friend bool operator==(const S&, const S&) = default;
};

inline constexpr char auto_disconnect_time_arg[] = "NewAutoDisconnectTime";
inline constexpr char idle_disconnect_time_arg[] = "NewIdleDisconnectTime";
inline constexpr char warn_disconnect_delay_arg[] = "NewWarnDisconnectDelay";

template <const char* SetName, const char* Wire>
struct set_disconnect_timer {
  static constexpr std::string_view name = SetName;
  static constexpr action_availability availability = port_mapping_v1;
  using request = disconnect_timer<Wire>;
  using response = no_arguments;
};

template <const char* GetName, const char* Wire>
struct get_disconnect_timer {
  static constexpr std::string_view name = GetName;
  static constexpr action_availability availability = port_mapping_v1;
  using request = no_arguments;
  using response = disconnect_timer<Wire>;
};

inline constexpr char set_auto_disconnect_time_name[] = "SetAutoDisconnectTime";
inline constexpr char get_auto_disconnect_time_name[] = "GetAutoDisconnectTime";
inline constexpr char set_idle_disconnect_time_name[] = "SetIdleDisconnectTime";
inline constexpr char get_idle_disconnect_time_name[] = "GetIdleDisconnectTime";
inline constexpr char set_warn_disconnect_delay_name[] = "SetWarnDisconnectDelay";
inline constexpr char get_warn_disconnect_delay_name[] = "GetWarnDisconnectDelay";

using set_auto_disconnect_time = set_disconnect_timer<set_auto_disconnect_time_name, auto_disconnect_time_arg>;
using get_auto_disconnect_time = get_disconnect_timer<get_auto_disconnect_time_name, auto_disconnect_time_arg>;
using set_idle_disconnect_time = set_disconnect_timer<set_idle_disconnect_time_name, idle_disconnect_time_arg>;
using get_idle_disconnect_time = get_disconnect_timer<get_idle_disconnect_time_name, idle_disconnect_time_arg>;
using set_warn_disconnect_delay = set_disconnect_timer<set_warn_disconnect_delay_name, warn_disconnect_delay_arg>;
using get_warn_disconnect_delay = get_disconnect_timer<get_warn_disconnect_delay_name, warn_disconnect_delay_arg>;

// ---- GetLinkLayerMaxBitRates (WANPPPConnection only) -------------------------------------------
struct get_link_layer_max_bit_rates_response {
  std::uint32_t upstream_max_bit_rate = 0;
  std::uint32_t downstream_max_bit_rate = 0;

  using S = get_link_layer_max_bit_rates_response;
  static constexpr auto fields() {
    return std::tuple{field{"NewUpstreamMaxBitRate", &S::upstream_max_bit_rate},
                      field{"NewDownstreamMaxBitRate", &S::downstream_max_bit_rate}};
  }
  friend bool operator==(const S&, const S&) = default;
};

struct get_link_layer_max_bit_rates {
  static constexpr std::string_view name = "GetLinkLayerMaxBitRates";
  static constexpr action_availability availability = ppp_only_v1;
  using request = no_arguments;
  using response = get_link_layer_max_bit_rates_response;
};

// ---- Layer3Forwarding:1 ----------------------------------------------------------------------
// "uuid:<device>:WANConnectionDevice:1,urn:upnp-org:serviceId:WANIPConn1"
struct default_connection_service_arguments {
  std::string connection_service;

  using S = default_connection_service_arguments;
  static constexpr auto fields() { return std::tuple{field{"NewDefaultConnectionService", &S::connection_service}}; }
  friend bool operator==(const S&, const S&) = default;
};

struct get_default_connection_service {
  static constexpr std::string_view name = "GetDefaultConnectionService";
  static constexpr action_availability availability = layer3_v1;
  using request = no_arguments;
  using response = default_connection_service_arguments;
};

struct set_default_connection_service {
  static constexpr std::string_view name = "SetDefaultConnectionService";
  static constexpr action_availability availability = layer3_v1;
  using request = default_connection_service_arguments;
  using response = no_arguments;
};

}  // namespace igdkit::igd
