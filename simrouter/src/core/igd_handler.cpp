#include "igdkit/sim/igd_handler.hpp"
#include "igdkit/address.hpp"

#include "call.hpp"

#include <array>

namespace igdkit::sim {

std::string_view to_string(connection_status s) noexcept {
  switch (s) {
    case connection_status::unconfigured: return "Unconfigured";
    case connection_status::connecting: return "Connecting";
    case connection_status::connected: return "Connected";
    case connection_status::pending_disconnect: return "PendingDisconnect";
    case connection_status::disconnecting: return "Disconnecting";
    case connection_status::disconnected: return "Disconnected";
  }
  return "Unconfigured";
}

std::chrono::seconds connection_state::uptime(clock::time_point now) const noexcept {
  if (now <= connected_since) return std::chrono::seconds{0};
  return std::chrono::floor<std::chrono::seconds>(now - connected_since);
}

router_model::router_model(router_config cfg, clock::time_point boot)
    : config(std::move(cfg)), pinholes(config.max_pinholes) {
  connection.status = config.initial_status;
  connection.connected_since = boot;
  connection.default_connection_service = config.default_connection_service;
}

namespace {

using detail::action_entry;

const action_entry* find_in(std::span<const action_entry> table, std::string_view name) {
  for (const auto& e : table)
    if (e.name == name) return &e;
  return nullptr;
}

// The action tables a service offers on this router, or none (a v1 router has no firewall).
std::array<std::span<const action_entry>, 3> tables_for(service_id s, igd_version v) {
  switch (s) {
    case service_id::wan_ip_connection:
      return {detail::port_mapping_actions(), detail::port_mapping_v2_actions(), detail::connection_actions()};
    case service_id::wan_ppp_connection:
      return {detail::port_mapping_actions(), detail::connection_actions(), detail::ppp_actions()};
    case service_id::wan_common_interface_config: return {detail::common_interface_actions(), {}, {}};
    case service_id::wan_ipv6_firewall_control:
      if (v == igd_version::v2) return {detail::firewall_actions(), {}, {}};
      return {};
    case service_id::layer3_forwarding: return {detail::layer3_actions(), {}, {}};
  }
  return {};
}

std::optional<boost::asio::ip::address_v4> as_v4(const boost::asio::ip::address& a) {
  const auto plain = unmapped(a);
  if (plain.is_v4()) return plain.to_v4();
  return std::nullopt;
}

}  // namespace

soap::action_response igd_handler::handle(const soap::action_request& request, const request_context& ctx) {
  // WANPPPConnection only exists as :1, so it keeps v1 semantics even on an IGD:2 router.
  const igd_version effective =
      ctx.service == service_id::wan_ppp_connection ? igd_version::v1 : model_.config.version;
  detail::call c{model_, request, ctx, effective, as_v4(ctx.client)};
  for (auto table : tables_for(ctx.service, model_.config.version)) {
    const auto* entry = find_in(table, request.action);
    if (!entry) continue;
    if (static_cast<int>(entry->min_version) > static_cast<int>(effective)) break;
    return entry->fn(c);
  }
  return detail::fault(c, soap::upnp_errc::invalid_action);
}

}  // namespace igdkit::sim
