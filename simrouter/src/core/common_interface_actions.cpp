// WANCommonInterfaceConfig:1 (digest §5.1). Totals are 64-bit; the SCPD type is ui4, so a
// spec-exact router reports the low 32 bits (behaviour::full_width_counters reports them whole,
// as firmware that overflows ui4 does).
#include "mapping_args.hpp"

namespace igdkit::sim::detail {
namespace {

std::uint64_t on_wire(const call& c, std::uint64_t v) {
  return c.quirks().full_width_counters ? v : wire_ui4(v);
}

soap::action_response get_common_link_properties(call& c) {
  const auto& l = c.model.config.link;
  return reply<igd::get_common_link_properties>(
      c, {l.wan_access_type, l.upstream_max_bit_rate, l.downstream_max_bit_rate, l.physical_link_up ? "Up" : "Down"});
}

soap::action_response get_total_bytes_sent(call& c) {
  return reply<igd::get_total_bytes_sent>(c, {on_wire(c, c.model.counters.bytes_sent)});
}
soap::action_response get_total_bytes_received(call& c) {
  return reply<igd::get_total_bytes_received>(c, {on_wire(c, c.model.counters.bytes_received)});
}
soap::action_response get_total_packets_sent(call& c) {
  return reply<igd::get_total_packets_sent>(c, {on_wire(c, c.model.counters.packets_sent)});
}
soap::action_response get_total_packets_received(call& c) {
  return reply<igd::get_total_packets_received>(c, {on_wire(c, c.model.counters.packets_received)});
}

soap::action_response get_enabled_for_internet(call& c) {
  return reply<igd::get_enabled_for_internet>(c, {link_status(c) == connection_status::connected});
}

soap::action_response get_maximum_active_connections(call& c) {
  return reply<igd::get_maximum_active_connections>(c, {1});
}

constexpr action_entry table[] = {
    {"GetCommonLinkProperties", igd_version::v1, &get_common_link_properties},
    {"GetTotalBytesSent", igd_version::v1, &get_total_bytes_sent},
    {"GetTotalBytesReceived", igd_version::v1, &get_total_bytes_received},
    {"GetTotalPacketsSent", igd_version::v1, &get_total_packets_sent},
    {"GetTotalPacketsReceived", igd_version::v1, &get_total_packets_received},
    {"GetEnabledForInternet", igd_version::v1, &get_enabled_for_internet},
    {"GetMaximumActiveConnections", igd_version::v1, &get_maximum_active_connections},
};

}  // namespace

std::span<const action_entry> common_interface_actions() noexcept { return table; }

}  // namespace igdkit::sim::detail
