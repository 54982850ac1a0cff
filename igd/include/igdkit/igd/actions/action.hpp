#pragma once
// Generic glue between an action tag (port_mapping.hpp, common_interface.hpp, firewall.hpp) and
// the SOAP contracts: the client builds requests and reads responses, the router reads requests
// and builds responses, all through the same tables.
#include "igdkit/igd/actions/common_interface.hpp"
#include "igdkit/igd/actions/connection_settings.hpp"
#include "igdkit/igd/actions/field.hpp"
#include "igdkit/igd/actions/firewall.hpp"
#include "igdkit/igd/actions/port_mapping.hpp"
#include "igdkit/igd/actions/service.hpp"
#include "igdkit/result.hpp"
#include "igdkit/soap/action.hpp"
#include "igdkit/soap/upnp_error.hpp"

#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

namespace igdkit::igd {

template <class A>
concept action_tag = requires {
  { A::name } -> std::convertible_to<std::string_view>;
  { A::availability } -> std::convertible_to<action_availability>;
  requires argument_struct<typename A::request>;
  requires argument_struct<typename A::response>;
};

// Client side: a typed request for service `sv`. Refuses locally with
// errc::not_supported_by_service if the action does not exist there (e.g. v2-only on v1).
template <action_tag A>
result<soap::action_request> make_action_request(service_version sv, const typename A::request& request,
                                                 argument_diagnostic* diag = nullptr) {
  if (auto ec = check_supported(A::availability, sv)) return ec;
  auto args = encode_arguments(request, diag);
  if (!args) return args.error();
  return soap::action_request{action_service_type(sv), std::string(A::name), std::move(*args)};
}

// Router side: typed in-arguments of a request already routed to A.
template <action_tag A>
result<typename A::request> decode_action_request(const soap::action_request& request,
                                                  argument_diagnostic* diag = nullptr) {
  return decode_arguments<typename A::request>(request.arguments, diag);
}

// Router side: a success response echoing the request's service type.
template <action_tag A>
result<soap::action_response> make_action_response(std::string_view service_type, const typename A::response& response,
                                                   argument_diagnostic* diag = nullptr) {
  auto args = encode_arguments(response, diag);
  if (!args) return args.error();
  return soap::action_response{std::string(service_type), std::string(A::name), std::move(*args), std::nullopt};
}

// Client side: typed out-arguments, decoded tolerantly (field.hpp): only the outputs the table
// marks required can fail the call; what was let pass is listed in diag->notes. A fault becomes
// its UPnP code in soap::upnp_category() (read response.fault first for its errorDescription).
template <action_tag A>
result<typename A::response> decode_action_response(const soap::action_response& response,
                                                    argument_diagnostic* diag = nullptr) {
  if (response.fault) return soap::make_upnp_error(response.fault->code);
  return decode_arguments<typename A::response>(response.arguments, decode_mode::tolerant, diag);
}

// Every action in the table, for routers that dispatch on the wire name.
using all_actions = std::tuple<
    // WANIPConnection / WANPPPConnection
    add_port_mapping, add_any_port_mapping, delete_port_mapping, delete_port_mapping_range,
    get_specific_port_mapping_entry, get_generic_port_mapping_entry, get_list_of_port_mappings,
    get_external_ip_address, get_status_info, get_connection_type_info, set_connection_type,
    request_connection, request_termination, force_termination, get_nat_rsip_status,
    set_auto_disconnect_time, get_auto_disconnect_time, set_idle_disconnect_time, get_idle_disconnect_time,
    set_warn_disconnect_delay, get_warn_disconnect_delay,
    // WANPPPConnection only
    get_link_layer_max_bit_rates,
    // WANCommonInterfaceConfig
    get_common_link_properties, get_total_bytes_sent, get_total_bytes_received, get_total_packets_sent,
    get_total_packets_received, get_enabled_for_internet, get_maximum_active_connections,
    // Layer3Forwarding
    get_default_connection_service, set_default_connection_service,
    // WANIPv6FirewallControl
    get_firewall_status, get_outbound_pinhole_timeout, add_pinhole, update_pinhole, delete_pinhole,
    get_pinhole_packets, check_pinhole_working>;

// Calls f(std::type_identity<A>{}) for the action whose wire name is `name` (exact match);
// returns false if no action has that name (the router answers 401).
template <class F>
bool visit_action(std::string_view name, F&& f) {
  return std::apply(
      [&](auto... tags) {
        return ((decltype(tags)::name == name ? (f(std::type_identity<decltype(tags)>{}), true) : false) || ...);
      },
      all_actions{});
}

// Availability by wire name, for callers that only have the name.
std::optional<action_availability> find_action_availability(std::string_view name) noexcept;

}  // namespace igdkit::igd
