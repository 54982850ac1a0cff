// WANIPConnection:1 / WANPPPConnection:1 port-mapping actions (digest §4.3, §4.4).
#include "mapping_args.hpp"
#include "policy.hpp"

namespace igdkit::sim::detail {

std::optional<upnp_errc> place(const call& c, port_mapping m, std::optional<std::chrono::seconds> lease) {
  auto& table = c.model.mappings;
  const auto now = c.ctx.now;
  const auto same_port = table.on_port(m.key.external_port, m.key.proto, now);
  if (conflicts(same_port, m.internal_client)) return conflict_error(c.quirks());
  if (!table.find(m.key, now) &&
      over_capacity(c.model.config, table.size(now), table.count_for(m.internal_client, now)))
    return table_full_error(c.version);
  m.expires_at = lease ? std::optional{now + *lease} : std::nullopt;
  table.upsert(std::move(m), now);
  return std::nullopt;
}

namespace {

soap::action_response add_port_mapping(call& c) {
  auto req = decode<igd::add_port_mapping>(c);
  if (!req) return fault(c, upnp_errc::invalid_args);
  auto parsed = to_mapping_request(c, *req);
  if (auto* e = std::get_if<upnp_errc>(&parsed)) return fault(c, *e);
  auto& r = std::get<mapping_request>(parsed);
  // v1 lets a device refuse the wildcard port and v2 forbids it for this action; no simulated
  // firmware maps "all ports", so 716 in both (as miniupnpd).
  if (r.mapping.key.external_port == 0) return fault(c, upnp_errc::wildcard_not_permitted_in_ext_port);
  const auto lease = decide_lease(c.version, c.quirks(), r.lease_seconds);
  if (lease.error) return fault(c, *lease.error);
  if (auto e = authorize_add(c.version, c.model.config, c.client_v4, r.mapping.internal_client,
                             r.mapping.key.external_port, r.mapping.internal_port))
    return fault(c, *e);
  if (auto e = place(c, std::move(r.mapping), lease.duration)) return fault(c, *e);
  return ok(c);
}

soap::action_response delete_port_mapping(call& c) {
  auto req = decode<igd::delete_port_mapping>(c);
  if (!req) return fault(c, upnp_errc::invalid_args);
  auto key = to_key(c, *req);
  if (auto* e = std::get_if<upnp_errc>(&key)) return fault(c, *e);
  const auto* m = c.model.mappings.find(std::get<mapping_key>(key), c.ctx.now);
  if (!m) {
    if (c.quirks().delete_missing_succeeds) return ok(c);
    return fault(c, upnp_errc::no_such_entry_in_array);
  }
  // Secure mode hides other hosts' mappings from deletion: 714 in v1, 606 in v2 (miniupnpd).
  if (!may_manage(c.model.config, c.client_v4, m->internal_client))
    return fault(c, c.v2() ? upnp_errc::action_not_authorized : upnp_errc::no_such_entry_in_array);
  c.model.mappings.erase(std::get<mapping_key>(key), c.ctx.now);
  return ok(c);
}

// Reads are not restricted: every client may look up or enumerate the whole table, as
// miniupnpd allows and clients rely on to find a free port.
soap::action_response get_specific_port_mapping_entry(call& c) {
  auto req = decode<igd::get_specific_port_mapping_entry>(c);
  if (!req) return fault(c, upnp_errc::invalid_args);
  auto key = to_key(c, *req);
  if (auto* e = std::get_if<upnp_errc>(&key)) return fault(c, *e);
  const auto* m = c.model.mappings.find(std::get<mapping_key>(key), c.ctx.now);
  if (!m) return fault(c, upnp_errc::no_such_entry_in_array);
  const auto e = to_entry(*m, c.ctx.now);
  return reply<igd::get_specific_port_mapping_entry>(
      c, {e.internal_port, e.internal_client, e.enabled, e.description, e.lease});
}

soap::action_response get_generic_port_mapping_entry(call& c) {
  auto req = decode<igd::get_generic_port_mapping_entry>(c);
  if (!req) return fault(c, upnp_errc::invalid_args);
  const auto* m = c.model.mappings.at_index(req->index, c.ctx.now);
  if (!m) return fault(c, upnp_errc::specified_array_index_invalid);
  const auto e = to_entry(*m, c.ctx.now);
  return reply<igd::get_generic_port_mapping_entry>(
      c, {e.remote_host, e.external_port, e.protocol, e.internal_port, e.internal_client, e.enabled, e.description,
          e.lease});
}

constexpr action_entry table[] = {
    {"AddPortMapping", igd_version::v1, &add_port_mapping},
    {"DeletePortMapping", igd_version::v1, &delete_port_mapping},
    {"GetSpecificPortMappingEntry", igd_version::v1, &get_specific_port_mapping_entry},
    {"GetGenericPortMappingEntry", igd_version::v1, &get_generic_port_mapping_entry},
};

}  // namespace

std::span<const action_entry> port_mapping_actions() noexcept { return table; }

}  // namespace igdkit::sim::detail
