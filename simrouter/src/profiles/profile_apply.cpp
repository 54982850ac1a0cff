// Combining profiles (knob by knob, a disagreement is a conflict) and writing the result onto
// router_options.
#include "profile_settings.hpp"

#include <map>

namespace igdkit::sim {
namespace {

class profile_category_impl : public std::error_category {
 public:
  const char* name() const noexcept override { return "igdkit.sim.profile"; }
  std::string message(int ev) const override {
    switch (static_cast<profile_errc>(ev)) {
      case profile_errc::unknown_profile: return "unknown profile";
      case profile_errc::conflicting_profiles: return "profiles set the same knob to different values";
    }
    return "unknown profile error";
  }
};

}  // namespace

const std::error_category& profile_category() noexcept {
  static const profile_category_impl category;
  return category;
}

std::error_code make_error_code(profile_errc e) noexcept { return {static_cast<int>(e), profile_category()}; }

namespace detail {

void apply_settings(const profile_settings& s, router_options& o) {
  const auto set = [](const auto& knob, auto& target) {
    if (knob) target = *knob;
  };
  set(s.version, o.config.version);
  set(s.max_mappings, o.config.max_mappings);
  auto& q = o.config.quirks;
  set(s.lease, q.lease);
  set(s.conflict, q.conflict);
  set(s.same_port_only, q.same_port_only);
  set(s.protocol_case_sensitive, q.protocol_case_sensitive);
  set(s.unknown_protocol_is_tcp, q.unknown_protocol_is_tcp);
  set(s.ignore_remote_host, q.ignore_remote_host);
  set(s.foreign_client_is_718, q.foreign_client_is_718);
  set(s.delete_missing_succeeds, q.delete_missing_succeeds);
  set(s.empty_list_is_730, q.empty_list_is_730);
  set(s.connected_status, q.connected_status);
  set(s.external_ip_zeros_when_unknown, q.external_ip_zeros_when_unknown);
  set(s.connect_delay, q.connect_delay);
  set(s.wan_connection, o.layout.connection);
  set(s.wan_devices, o.layout.wan_devices);
  if (s.url_base) o.layout.url_base = std::string(*s.url_base);
  set(s.envelope_prefix, o.http.envelope.prefix);
  set(s.fault_xml_declaration, o.http.fault_xml_declaration);
  set(s.fault_code_camel_case, o.http.envelope.fault_code_camel_case);
  set(s.fault_string, o.http.envelope.fault_string);
  set(s.chunked, o.http.chunked);
  set(s.ssdp_answer_unicast, o.discovery_quirks.answer_unicast);
  set(s.ssdp_st_matching, o.discovery_quirks.matching);
  if (s.ssdp_max_type_version) o.discovery_quirks.max_type_version = *s.ssdp_max_type_version;
  set(s.ssdp_advertise_wanppp, o.discovery_quirks.advertise_wanppp);
  set(s.eventing, o.http.eventing);
  set(s.initial_event, o.events.initial_event);
  if (s.event_content_type) o.events.content_type = std::string(*s.event_content_type);
  set(s.reboot_forgets, o.reboot_forgets);
}

}  // namespace detail

profile_outcome apply_profiles(std::span<const std::string> names, router_options& options) {
  detail::profile_settings merged;
  std::map<std::string_view, std::string_view> set_by;  // knob -> the profile that set it first
  for (const auto& name : names) {
    const auto* p = detail::find_profile(name);
    if (!p) return {profile_errc::unknown_profile, "unknown profile '" + name + "' (see --list-profiles)"};
    std::string conflict;
    detail::for_each_knob(
        [&](std::string_view knob, auto& into, const auto& from) {
          if (!from || !conflict.empty()) return;
          if (into && *into != *from) {
            conflict = "profiles '" + std::string(set_by[knob]) + "' and '" + name + "' conflict on " +
                       std::string(knob) + " (" + detail::knob_text(*into) + " vs " + detail::knob_text(*from) + ")";
            return;
          }
          if (!into) set_by[knob] = p->info.name;
          into = from;
        },
        merged, p->settings);
    if (!conflict.empty()) return {profile_errc::conflicting_profiles, std::move(conflict)};
  }
  detail::apply_settings(merged, options);
  return {};
}

}  // namespace igdkit::sim
