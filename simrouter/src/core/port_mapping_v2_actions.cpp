// WANIPConnection:2-only actions: AddAnyPortMapping, DeletePortMappingRange, GetListOfPortMappings.
#include "igdkit/igd/actions/port_listing.hpp"

#include "mapping_args.hpp"
#include "policy.hpp"

#include <algorithm>
#include <limits>

namespace igdkit::sim::detail {
namespace {

// The requested port first, then alternately below and above it (p, p-1, p+1, p-2, ...),
// like miniupnpd. Port 0 starts from the internal port: deterministic, and the most useful
// guess for clients that want symmetric ports.
template <class F>
std::optional<std::uint16_t> search_ports(std::uint16_t start, F&& usable) {
  if (usable(start)) return start;
  for (int d = 1; d <= 65535; ++d) {
    const int lo = start - d;
    const int hi = start + d;
    if (lo < 1 && hi > 65535) break;
    if (lo >= 1 && usable(static_cast<std::uint16_t>(lo))) return static_cast<std::uint16_t>(lo);
    if (hi <= 65535 && usable(static_cast<std::uint16_t>(hi))) return static_cast<std::uint16_t>(hi);
  }
  return std::nullopt;
}

soap::action_response add_any_port_mapping(call& c) {
  auto req = decode<igd::add_any_port_mapping>(c);
  if (!req) return fault(c, upnp_errc::invalid_args);
  auto parsed = to_mapping_request(c, *req);
  if (auto* e = std::get_if<upnp_errc>(&parsed)) return fault(c, *e);
  auto& r = std::get<mapping_request>(parsed);
  const auto lease = decide_lease(c.version, c.quirks(), r.lease_seconds);
  if (lease.error) return fault(c, *lease.error);
  const auto& cfg = c.model.config;
  if (cfg.secure_mode && (!c.client_v4 || *c.client_v4 != r.mapping.internal_client))
    return fault(c, upnp_errc::action_not_authorized);

  bool any_permitted = false;
  const auto start = r.mapping.key.external_port != 0 ? r.mapping.key.external_port : r.mapping.internal_port;
  auto port = search_ports(start, [&](std::uint16_t p) {
    if (!is_permitted(cfg.permissions, p, r.mapping.internal_client, r.mapping.internal_port)) return false;
    any_permitted = true;
    return !conflicts(c.model.mappings.on_port(p, r.mapping.key.proto, c.ctx.now), r.mapping.internal_client);
  });
  if (!port) return fault(c, any_permitted ? upnp_errc::no_port_maps_available : upnp_errc::action_not_authorized);
  r.mapping.key.external_port = *port;
  if (auto e = place(c, std::move(r.mapping), lease.duration)) return fault(c, *e);
  return reply<igd::add_any_port_mapping>(c, {*port});
}

// Entries in [start, end] for `proto` the caller may see (mine_only: only its own; for_delete:
// all it is allowed to manage), in port order, at most `limit` of them.
std::vector<port_mapping> in_range(const call& c, std::uint16_t start, std::uint16_t end, protocol proto,
                                   bool mine_only, bool for_delete,
                                   std::size_t limit = std::numeric_limits<std::size_t>::max()) {
  std::vector<port_mapping> out;
  c.model.mappings.for_each_in_range(start, end, proto, c.ctx.now, [&](const port_mapping& m) {
    const bool mine = c.client_v4 && *c.client_v4 == m.internal_client;
    if (mine_only && !mine) return true;
    if (for_delete && !may_manage(c.model.config, c.client_v4, m.internal_client)) return true;
    out.push_back(m);
    return out.size() < limit;
  });
  return out;
}

soap::action_response delete_port_mapping_range(call& c) {
  auto req = decode<igd::delete_port_mapping_range>(c);
  if (!req) return fault(c, upnp_errc::invalid_args);
  auto proto = to_protocol(c, req->protocol);
  if (auto* e = std::get_if<upnp_errc>(&proto)) return fault(c, *e);
  if (req->start_port > req->end_port) return fault(c, upnp_errc::inconsistent_parameters);
  const auto victims = in_range(c, req->start_port, req->end_port, std::get<protocol>(proto), !req->manage, true);
  if (victims.empty()) return fault(c, upnp_errc::port_mapping_not_found);
  // All checks are done before the first erase, so the operation is all-or-nothing.
  for (const auto& m : victims) c.model.mappings.erase(m.key, c.ctx.now);
  return ok(c);
}

soap::action_response get_list_of_port_mappings(call& c) {
  auto req = decode<igd::get_list_of_port_mappings>(c);
  if (!req) return fault(c, upnp_errc::invalid_args);
  auto proto = to_protocol(c, req->protocol);
  if (auto* e = std::get_if<upnp_errc>(&proto)) return fault(c, *e);
  if (req->start_port > req->end_port) return fault(c, upnp_errc::inconsistent_parameters);
  std::size_t cap = req->number_of_ports == 0 ? igd::max_port_listing_entries : req->number_of_ports;
  cap = std::min(cap, igd::max_port_listing_entries);
  const auto found = in_range(c, req->start_port, req->end_port, std::get<protocol>(proto), !req->manage, false, cap);
  if (found.empty() && c.quirks().empty_list_is_730) return fault(c, upnp_errc::port_mapping_not_found);
  std::vector<igd::port_mapping_entry> entries;
  entries.reserve(found.size());
  for (const auto& m : found) entries.push_back(to_entry(m, c.ctx.now));
  auto xml = igd::build_port_listing(entries);
  if (!xml) return fault(c, upnp_errc::action_failed);
  return reply<igd::get_list_of_port_mappings>(c, {std::move(*xml)});
}

constexpr action_entry table[] = {
    {"AddAnyPortMapping", igd_version::v2, &add_any_port_mapping},
    {"DeletePortMappingRange", igd_version::v2, &delete_port_mapping_range},
    {"GetListOfPortMappings", igd_version::v2, &get_list_of_port_mappings},
};

}  // namespace

std::span<const action_entry> port_mapping_v2_actions() noexcept { return table; }

}  // namespace igdkit::sim::detail
