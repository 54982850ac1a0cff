#pragma once
// Errors reported by a router in a SOAP fault. The enum value is the wire errorCode, so any code
// a router sends (including ones not listed here) survives as std::error_code{code, upnp_category()}.
#include <string_view>
#include <system_error>

namespace igdkit::soap {

enum class upnp_errc : int {
  invalid_action = 401,
  invalid_args = 402,
  invalid_var = 404,
  action_failed = 501,
  argument_value_invalid = 600,
  argument_value_out_of_range = 601,
  optional_action_not_implemented = 602,
  out_of_memory = 603,
  human_intervention_required = 604,
  string_argument_too_long = 605,
  action_not_authorized = 606,
  // 701..709 as WANIPv6FirewallControl defines them (WAN*Connection reuses 703..711 for
  // connection-state errors; upnp_error_name() takes the service into account).
  pinhole_space_exhausted = 701,
  firewall_disabled = 702,
  inbound_pinhole_not_allowed = 703,
  no_such_pinhole = 704,
  protocol_not_supported = 705,
  internal_port_wildcarding_not_allowed = 706,
  protocol_wildcarding_not_allowed = 707,
  pinhole_wildcard_not_permitted_in_src_ip = 708,
  no_traffic_received = 709,
  specified_array_index_invalid = 713,
  no_such_entry_in_array = 714,
  wildcard_not_permitted_in_src_ip = 715,
  wildcard_not_permitted_in_ext_port = 716,
  conflict_in_mapping_entry = 718,
  same_port_values_required = 724,
  only_permanent_leases_supported = 725,
  remote_host_only_supports_wildcard = 726,
  external_port_only_supports_wildcard = 727,
  no_port_maps_available = 728,
  conflict_with_other_mechanisms = 729,
  port_mapping_not_found = 730,
  read_only = 731,
  wildcard_not_permitted_in_int_port = 732,
  inconsistent_parameters = 733,
  // WAN*Connection meanings of 703..711 (same values as the firewall names above) and the
  // remaining action-specific codes the IGD services define.
  inactive_connection_state_required = 703,
  connection_setup_failed = 704,
  connection_setup_in_progress = 705,
  connection_not_configured = 706,
  disconnect_in_progress = 707,
  invalid_layer2_address = 708,
  internet_access_disabled = 709,
  invalid_connection_type = 710,
  connection_already_terminated = 711,
  action_disallowed_when_auto_config_enabled = 719,
  invalid_device_uuid = 720,
  invalid_service_id = 721,
  invalid_conn_service_selection = 723,
};

// Which service's meaning to use for codes that two services define differently (703..711).
enum class error_context { port_mapping, firewall };

// Spec name of a code ("ConflictInMappingEntry"); empty for codes the specs do not name.
std::string_view upnp_error_name(int code, error_context context = error_context::port_mapping) noexcept;

const std::error_category& upnp_category() noexcept;

inline std::error_code make_error_code(upnp_errc e) noexcept { return {static_cast<int>(e), upnp_category()}; }
inline std::error_code make_upnp_error(int code) noexcept { return {code, upnp_category()}; }

}  // namespace igdkit::soap

template <>
struct std::is_error_code_enum<igdkit::soap::upnp_errc> : std::true_type {};
