// WANIPv6FirewallControl:1 pinholes (digest §5.2; IGD:2 routers only).
// Authorization: in secure mode a pinhole may only be opened to, and changed by, the requester
// itself (606 otherwise), as miniupnpd does.
#include "args.hpp"
#include "call.hpp"

#include <variant>

namespace igdkit::sim::detail {
namespace {

using soap::upnp_errc;

bool owns(const call& c, const boost::asio::ip::address_v6& internal_client) {
  if (!c.model.config.secure_mode) return true;
  return c.ctx.client.is_v6() && c.ctx.client.to_v6() == internal_client;
}

// 702 for every action but GetFirewallStatus while the firewall is off.
std::optional<upnp_errc> firewall_gate(const call& c) {
  if (!c.model.config.firewall_enabled) return upnp_errc::firewall_disabled;
  return std::nullopt;
}

bool valid_lease(std::chrono::seconds s) { return s >= pinhole_min_lease && s <= pinhole_max_lease; }

soap::action_response get_firewall_status(call& c) {
  const auto& cfg = c.model.config;
  return reply<igd::get_firewall_status>(c, {cfg.firewall_enabled, cfg.inbound_pinhole_allowed});
}

soap::action_response get_outbound_pinhole_timeout(call& c) {
  if (auto e = firewall_gate(c)) return fault(c, *e);
  if (!decode<igd::get_outbound_pinhole_timeout>(c)) return fault(c, upnp_errc::invalid_args);
  return reply<igd::get_outbound_pinhole_timeout>(c, {c.model.config.outbound_pinhole_timeout});
}

soap::action_response add_pinhole(call& c) {
  if (auto e = firewall_gate(c)) return fault(c, *e);
  if (!c.model.config.inbound_pinhole_allowed) return fault(c, upnp_errc::inbound_pinhole_not_allowed);
  auto req = decode<igd::add_pinhole>(c);
  if (!req || !valid_lease(req->lease)) return fault(c, upnp_errc::invalid_args);
  pinhole_tuple t;
  if (!is_wildcard_host(req->remote_host.text())) {
    t.remote_host = parse_v6(req->remote_host.text());
    if (!t.remote_host) return fault(c, upnp_errc::invalid_args);
  }
  if (is_wildcard_host(req->internal_client.text())) return fault(c, upnp_errc::pinhole_wildcard_not_permitted_in_src_ip);
  auto client = parse_v6(req->internal_client.text());
  if (!client) return fault(c, upnp_errc::invalid_args);
  if (req->internal_port == 0) return fault(c, upnp_errc::internal_port_wildcarding_not_allowed);
  if (req->protocol == pinhole_protocol_wildcard) return fault(c, upnp_errc::protocol_wildcarding_not_allowed);
  if (req->protocol != 6 && req->protocol != 17 && req->protocol != 136)
    return fault(c, upnp_errc::protocol_not_supported);
  if (!owns(c, *client)) return fault(c, upnp_errc::action_not_authorized);
  t.remote_port = req->remote_port;
  t.internal_client = *client;
  t.internal_port = req->internal_port;
  t.protocol = req->protocol;
  auto added = c.model.pinholes.add(t, req->lease, c.ctx.now);
  if (!added) return fault(c, upnp_errc::pinhole_space_exhausted);
  return reply<igd::add_pinhole>(c, {added->id});
}

// Looks up the pinhole an action names, with the 704 / 606 answers shared by the id actions.
std::variant<const pinhole*, upnp_errc> owned_pinhole(call& c, std::uint16_t id) {
  const auto* p = c.model.pinholes.find(id, c.ctx.now);
  if (!p) return upnp_errc::no_such_pinhole;
  if (!owns(c, p->tuple.internal_client)) return upnp_errc::action_not_authorized;
  return p;
}

soap::action_response update_pinhole(call& c) {
  if (auto e = firewall_gate(c)) return fault(c, *e);
  auto req = decode<igd::update_pinhole>(c);
  if (!req || !valid_lease(req->lease)) return fault(c, upnp_errc::invalid_args);
  auto p = owned_pinhole(c, req->unique_id);
  if (auto* e = std::get_if<upnp_errc>(&p)) return fault(c, *e);
  c.model.pinholes.update(req->unique_id, req->lease, c.ctx.now);
  return ok(c);
}

soap::action_response delete_pinhole(call& c) {
  if (auto e = firewall_gate(c)) return fault(c, *e);
  auto req = decode<igd::delete_pinhole>(c);
  if (!req) return fault(c, upnp_errc::invalid_args);
  auto p = owned_pinhole(c, req->unique_id);
  if (auto* e = std::get_if<upnp_errc>(&p)) return fault(c, *e);
  c.model.pinholes.erase(req->unique_id, c.ctx.now);
  return ok(c);
}

soap::action_response get_pinhole_packets(call& c) {
  if (auto e = firewall_gate(c)) return fault(c, *e);
  auto req = decode<igd::get_pinhole_packets>(c);
  if (!req) return fault(c, upnp_errc::invalid_args);
  auto p = owned_pinhole(c, req->unique_id);
  if (auto* e = std::get_if<upnp_errc>(&p)) return fault(c, *e);
  return reply<igd::get_pinhole_packets>(c, {wire_ui4(std::get<const pinhole*>(p)->packets)});
}

soap::action_response check_pinhole_working(call& c) {
  if (auto e = firewall_gate(c)) return fault(c, *e);
  auto req = decode<igd::check_pinhole_working>(c);
  if (!req) return fault(c, upnp_errc::invalid_args);
  auto p = owned_pinhole(c, req->unique_id);
  if (auto* e = std::get_if<upnp_errc>(&p)) return fault(c, *e);
  if (std::get<const pinhole*>(p)->packets == 0) return fault(c, upnp_errc::no_traffic_received);
  return reply<igd::check_pinhole_working>(c, {true});
}

constexpr action_entry table[] = {
    {"GetFirewallStatus", igd_version::v1, &get_firewall_status},
    {"GetOutboundPinholeTimeout", igd_version::v1, &get_outbound_pinhole_timeout},
    {"AddPinhole", igd_version::v1, &add_pinhole},
    {"UpdatePinhole", igd_version::v1, &update_pinhole},
    {"DeletePinhole", igd_version::v1, &delete_pinhole},
    {"GetPinholePackets", igd_version::v1, &get_pinhole_packets},
    {"CheckPinholeWorking", igd_version::v1, &check_pinhole_working},
};

}  // namespace

std::span<const action_entry> firewall_actions() noexcept { return table; }

}  // namespace igdkit::sim::detail
