#pragma once
// One profile's knobs: each is unset (the profile does not care) or a value to write onto
// router_options. for_each_knob is the one list of knobs and their names, shared by merging and
// describing; apply_settings says where each lands in router_options.
#include "igdkit/sim/profiles.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace igdkit::sim::detail {

// Every knob has an initializer, so rows name only what they set (designated initializers).
struct profile_settings {
  std::optional<igd_version> version{};
  std::optional<std::size_t> max_mappings{};
  // behaviour
  std::optional<lease_policy> lease{};
  std::optional<conflict_code> conflict{};
  std::optional<bool> same_port_only{};
  std::optional<bool> protocol_case_sensitive{};
  std::optional<bool> unknown_protocol_is_tcp{};
  std::optional<bool> ignore_remote_host{};
  std::optional<bool> foreign_client_is_718{};
  std::optional<bool> delete_missing_succeeds{};
  std::optional<bool> empty_list_is_730{};
  std::optional<std::string_view> connected_status{};
  std::optional<bool> external_ip_zeros_when_unknown{};
  std::optional<std::chrono::seconds> connect_delay{};
  // device tree
  std::optional<wan_connection_kind> wan_connection{};
  std::optional<std::size_t> wan_devices{};
  std::optional<std::string_view> url_base{};
  // HTTP / SOAP
  std::optional<std::string_view> envelope_prefix{};
  std::optional<bool> fault_xml_declaration{};
  std::optional<bool> fault_code_camel_case{};
  std::optional<bool> fault_string{};
  std::optional<bool> chunked{};
  // SSDP
  std::optional<bool> ssdp_answer_unicast{};
  std::optional<ssdp::st_matching> ssdp_st_matching{};
  std::optional<unsigned> ssdp_max_type_version{};
  std::optional<bool> ssdp_advertise_wanppp{};
  // GENA
  std::optional<bool> eventing{};
  std::optional<bool> initial_event{};
  std::optional<std::string_view> event_content_type{};
  // lifecycle
  std::optional<bool> reboot_forgets{};
};

// Calls f(name, s.knob...) for every knob, the same member of each settings object side by side.
template <class F, class... Settings>
void for_each_knob(F&& f, Settings&... s) {
  f("igd_version", s.version...);
  f("max_mappings", s.max_mappings...);
  f("lease_policy", s.lease...);
  f("conflict_code", s.conflict...);
  f("same_port_only", s.same_port_only...);
  f("protocol_case_sensitive", s.protocol_case_sensitive...);
  f("unknown_protocol_is_tcp", s.unknown_protocol_is_tcp...);
  f("ignore_remote_host", s.ignore_remote_host...);
  f("foreign_client_is_718", s.foreign_client_is_718...);
  f("delete_missing_succeeds", s.delete_missing_succeeds...);
  f("empty_list_is_730", s.empty_list_is_730...);
  f("connected_status", s.connected_status...);
  f("external_ip_zeros_when_unknown", s.external_ip_zeros_when_unknown...);
  f("connect_delay", s.connect_delay...);
  f("wan_connection", s.wan_connection...);
  f("wan_devices", s.wan_devices...);
  f("url_base", s.url_base...);
  f("envelope_prefix", s.envelope_prefix...);
  f("fault_xml_declaration", s.fault_xml_declaration...);
  f("fault_code_camel_case", s.fault_code_camel_case...);
  f("fault_string", s.fault_string...);
  f("chunked", s.chunked...);
  f("ssdp_answer_unicast", s.ssdp_answer_unicast...);
  f("ssdp_st_matching", s.ssdp_st_matching...);
  f("ssdp_max_type_version", s.ssdp_max_type_version...);
  f("ssdp_advertise_wanppp", s.ssdp_advertise_wanppp...);
  f("eventing", s.eventing...);
  f("initial_event", s.initial_event...);
  f("event_content_type", s.event_content_type...);
  f("reboot_forgets", s.reboot_forgets...);
}

struct profile {
  profile_info info;
  profile_settings settings;
};

std::span<const profile> profile_table();
const profile* find_profile(std::string_view name) noexcept;

// A knob's value as --list-profiles and conflict messages print it.
std::string knob_text(igd_version v);
std::string knob_text(std::size_t v);
std::string knob_text(unsigned v);
std::string knob_text(bool v);
std::string knob_text(lease_policy v);
std::string knob_text(conflict_code v);
std::string knob_text(std::string_view v);
std::string knob_text(std::chrono::seconds v);
std::string knob_text(wan_connection_kind v);
std::string knob_text(ssdp::st_matching v);

// Writes every set knob onto `options`.
void apply_settings(const profile_settings& s, router_options& options);

}  // namespace igdkit::sim::detail
