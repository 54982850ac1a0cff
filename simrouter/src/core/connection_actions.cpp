// Connection-level actions shared by WANIPConnection and WANPPPConnection (digest §4.1, §5.3).
//
// RequestConnection / RequestTermination / ForceTermination: on a v2 router an unauthenticated
// control point may not change the WAN connection (IGD:2 access control), so they answer 606,
// which is also what miniupnpd does. On v1 they act on the simulated connection state.
#include "args.hpp"
#include "call.hpp"

#include "igdkit/igd/actions/connection_settings.hpp"
#include "mapping_args.hpp"

#include <algorithm>
#include <string>

namespace igdkit::sim::detail {
namespace {

std::string possible_types(const call& c) {
  return c.ctx.service == service_id::wan_ppp_connection ? "IP_Routed,PPPoE_Bridged" : "IP_Routed";
}

soap::action_response set_connection_type(call& c) {
  if (c.v2()) return fault(c, upnp_errc::read_only);
  const auto req = decode<igd::set_connection_type>(c);
  if (!req || req->connection_type.size() > max_string_argument) return fault(c, upnp_errc::invalid_args);
  const auto* type = &req->connection_type;
  if (c.model.connection.status != connection_status::disconnected &&
      c.model.connection.status != connection_status::unconfigured)
    return fault(c, upnp_errc::inactive_connection_state_required);
  const auto possible = possible_types(c);
  bool known = false;
  for (std::size_t pos = 0; pos <= possible.size();) {
    const auto comma = std::min(possible.find(',', pos), possible.size());
    known = known || possible.compare(pos, comma - pos, *type) == 0;
    pos = comma + 1;
  }
  if (!known) return fault(c, upnp_errc::argument_value_invalid);
  c.model.connection.connection_type = *type;
  return ok(c);
}

soap::action_response get_connection_type_info(call& c) {
  return reply<igd::get_connection_type_info>(c, {c.model.connection.connection_type, possible_types(c)});
}

soap::action_response request_connection(call& c) {
  if (c.v2()) return fault(c, upnp_errc::action_not_authorized);
  auto& conn = c.model.connection;
  if (conn.status == connection_status::disconnecting) return fault(c, upnp_errc::disconnect_in_progress);
  if (conn.connection_type != "IP_Routed") return fault(c, upnp_errc::invalid_connection_type);
  if (conn.status != connection_status::connected) {
    conn.status = connection_status::connected;
    conn.connected_since = c.ctx.now;
  }
  return ok(c);
}

soap::action_response terminate(call& c) {
  if (c.v2()) return fault(c, upnp_errc::action_not_authorized);
  auto& conn = c.model.connection;
  if (conn.status == connection_status::disconnected) return fault(c, upnp_errc::connection_already_terminated);
  conn.status = connection_status::disconnected;
  return ok(c);
}

soap::action_response get_status_info(call& c) {
  const auto link = link_status(c);
  const std::string status =
      link == connection_status::connected ? c.quirks().connected_status : std::string(to_string(link));
  const auto uptime = std::min(link_uptime(c), std::chrono::seconds{0xFFFF'FFFFll});
  return reply<igd::get_status_info>(c, {status, "ERROR_NONE", uptime});
}

soap::action_response get_nat_rsip_status(call& c) {
  return reply<igd::get_nat_rsip_status>(c, {false, c.model.config.nat_enabled});
}

// Empty when unknown (v2 §2.3.13) or while the connection is down; some firmware says 0.0.0.0.
soap::action_response get_external_ip_address(call& c) {
  const auto& ip = c.model.config.external_ip;
  igd::get_external_ip_address_response out;  // nullopt: sent as ""
  if (ip && link_status(c) == connection_status::connected)
    out.external_ip = *ip;
  else if (c.quirks().external_ip_zeros_when_unknown)
    out.external_ip = boost::asio::ip::address_v4::any();
  return reply<igd::get_external_ip_address>(c, out);
}

// The optional timer actions: each is one ui4 in connection_state.
template <class SetAction, std::uint32_t connection_state::*Member>
soap::action_response set_timer(call& c) {
  const auto req = decode<SetAction>(c);
  if (!req) return fault(c, upnp_errc::invalid_args);
  c.model.connection.*Member = req->seconds;
  return ok(c);
}

template <class GetAction, std::uint32_t connection_state::*Member>
soap::action_response get_timer(call& c) {
  return reply<GetAction>(c, {c.model.connection.*Member});
}

constexpr action_entry table[] = {
    {"SetConnectionType", igd_version::v1, &set_connection_type},
    {"GetConnectionTypeInfo", igd_version::v1, &get_connection_type_info},
    {"RequestConnection", igd_version::v1, &request_connection},
    {"RequestTermination", igd_version::v1, &terminate},
    {"ForceTermination", igd_version::v1, &terminate},
    {"GetStatusInfo", igd_version::v1, &get_status_info},
    {"GetNATRSIPStatus", igd_version::v1, &get_nat_rsip_status},
    {"GetExternalIPAddress", igd_version::v1, &get_external_ip_address},
    {"SetAutoDisconnectTime", igd_version::v1, &set_timer<igd::set_auto_disconnect_time, &connection_state::auto_disconnect_time>},
    {"GetAutoDisconnectTime", igd_version::v1, &get_timer<igd::get_auto_disconnect_time, &connection_state::auto_disconnect_time>},
    {"SetIdleDisconnectTime", igd_version::v1, &set_timer<igd::set_idle_disconnect_time, &connection_state::idle_disconnect_time>},
    {"GetIdleDisconnectTime", igd_version::v1, &get_timer<igd::get_idle_disconnect_time, &connection_state::idle_disconnect_time>},
    {"SetWarnDisconnectDelay", igd_version::v1, &set_timer<igd::set_warn_disconnect_delay, &connection_state::warn_disconnect_delay>},
    {"GetWarnDisconnectDelay", igd_version::v1, &get_timer<igd::get_warn_disconnect_delay, &connection_state::warn_disconnect_delay>},
};

}  // namespace

std::span<const action_entry> connection_actions() noexcept { return table; }

}  // namespace igdkit::sim::detail
