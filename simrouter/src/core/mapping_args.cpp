#include "mapping_args.hpp"

#include "args.hpp"

namespace igdkit::sim::detail {

std::variant<protocol, upnp_errc> to_protocol(const call& c, const igd::wire_protocol& p) {
  auto v = c.quirks().protocol_case_sensitive ? p.strict() : p.lenient();
  if (v) return *v;
  if (c.quirks().unknown_protocol_is_tcp) return protocol::tcp;
  return c.v2() ? upnp_errc::argument_value_out_of_range : upnp_errc::invalid_args;
}

std::variant<std::optional<boost::asio::ip::address_v4>, upnp_errc> to_remote_host(const call& c,
                                                                                 const igd::host_address& h) {
  if (c.quirks().ignore_remote_host || is_wildcard_host(h.text())) return std::optional<boost::asio::ip::address_v4>{};
  auto a = parse_v4(h.text());
  if (!a) return upnp_errc::invalid_args;
  return std::optional<boost::asio::ip::address_v4>{*a};
}

std::variant<mapping_key, upnp_errc> to_key(const call& c, const igd::port_mapping_key& k) {
  auto remote = to_remote_host(c, k.remote_host);
  if (auto* e = std::get_if<upnp_errc>(&remote)) return *e;
  auto proto = to_protocol(c, k.protocol);
  if (auto* e = std::get_if<upnp_errc>(&proto)) return *e;
  // An entry is never stored under port 0, and miniupnpd answers 402 for it.
  if (k.external_port == 0) return upnp_errc::invalid_args;
  return mapping_key{std::get<0>(remote), k.external_port, std::get<protocol>(proto)};
}

std::variant<mapping_request, upnp_errc> to_mapping_request(const call& c, const igd::add_port_mapping_request& r) {
  auto remote = to_remote_host(c, r.remote_host);
  if (auto* e = std::get_if<upnp_errc>(&remote)) return *e;
  auto proto = to_protocol(c, r.protocol);
  if (auto* e = std::get_if<upnp_errc>(&proto)) return *e;
  if (r.description.size() > max_string_argument) return upnp_errc::string_argument_too_long;
  if (r.lease.count() < 0 || r.lease.count() > 0xFFFF'FFFFll) return upnp_errc::invalid_args;
  if (is_wildcard_host(r.internal_client.text())) return upnp_errc::wildcard_not_permitted_in_src_ip;
  auto client = parse_v4(r.internal_client.text());
  if (!client) return upnp_errc::invalid_args;
  if (r.internal_port == 0) return c.v2() ? upnp_errc::wildcard_not_permitted_in_int_port : upnp_errc::invalid_args;
  if (!c.v2()) {
    const auto& q = c.quirks();
    if (q.external_port_wildcard_only && r.external_port != 0) return upnp_errc::external_port_only_supports_wildcard;
    if (q.remote_host_wildcard_only && std::get<0>(remote)) return upnp_errc::remote_host_only_supports_wildcard;
    if (q.same_port_only && r.internal_port != r.external_port) return upnp_errc::same_port_values_required;
  }
  mapping_request out;
  out.mapping.key = mapping_key{std::get<0>(remote), r.external_port, std::get<protocol>(proto)};
  out.mapping.internal_port = r.internal_port;
  out.mapping.internal_client = *client;
  out.mapping.enabled = r.enabled;
  out.mapping.description = r.description;
  out.lease_seconds = static_cast<std::uint32_t>(r.lease.count());
  return out;
}

igd::port_mapping_entry to_entry(const port_mapping& m, clock::time_point now) {
  igd::port_mapping_entry e;
  if (m.key.remote_host) e.remote_host = igd::host_address(boost::asio::ip::address(*m.key.remote_host));
  e.external_port = m.key.external_port;
  e.protocol = igd::wire_protocol(m.key.proto);
  e.internal_port = m.internal_port;
  e.internal_client = igd::host_address(boost::asio::ip::address(m.internal_client));
  e.enabled = m.enabled;
  e.description = m.description;
  e.lease = remaining_lease(m, now);
  return e;
}

}  // namespace igdkit::sim::detail
