#include "igdkit/sim/topology.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace igdkit::sim {

namespace ip = boost::asio::ip;

std::string_view to_string(nat_mode m) noexcept {
  switch (m) {
    case nat_mode::nat: return "nat";
    case nat_mode::cgnat: return "cgnat";
    case nat_mode::double_nat: return "double-nat";
    case nat_mode::no_nat: return "no-nat";
  }
  return "nat";
}

std::optional<nat_mode> parse_nat_mode(std::string_view s) noexcept {
  for (auto m : {nat_mode::nat, nat_mode::cgnat, nat_mode::double_nat, nat_mode::no_nat})
    if (s == to_string(m)) return m;
  return std::nullopt;
}

topology_config default_topology(nat_mode mode) {
  topology_config t;
  t.mode = mode;
  switch (mode) {
    case nat_mode::nat:
    case nat_mode::no_nat:
      t.wan_ip = t.public_ip = ip::make_address_v4("203.0.113.10");
      break;
    case nat_mode::cgnat:
      t.wan_ip = ip::make_address_v4("100.64.0.10");  // RFC 6598 shared address space
      t.public_ip = ip::make_address_v4("203.0.113.20");
      break;
    case nat_mode::double_nat:
      t.wan_ip = ip::make_address_v4("192.168.1.10");
      t.public_ip = ip::make_address_v4("203.0.113.30");
      break;
  }
  return t;
}

namespace {

std::string endpoint_text(const ip::address_v4& a, std::uint16_t port) { return a.to_string() + ":" + std::to_string(port); }

std::string service_text(protocol proto, std::uint16_t port) {
  return std::string(to_string(proto)) + " port " + std::to_string(port);
}

// The mapping a packet from `source` to external `port` hits: enabled, and either for any remote
// host or for exactly this one. A restricted mapping for another host is reported separately.
struct mapping_lookup {
  const port_mapping* hit = nullptr;
  const port_mapping* restricted_elsewhere = nullptr;
};

// The hit points into `on_port`, which must outlive the result.
mapping_lookup lookup(const std::vector<port_mapping>& on_port, const ip::address_v4& source) {
  mapping_lookup out;
  for (const auto& m : on_port) {
    if (!m.enabled) continue;
    if (!m.key.remote_host || *m.key.remote_host == source) {
      // A mapping for this exact source wins over a wildcard one (the more specific rule).
      if (!out.hit || (m.key.remote_host && !out.hit->key.remote_host)) out.hit = &m;
    } else {
      out.restricted_elsewhere = &m;
    }
  }
  return out;
}

inbound_trace unreachable(std::vector<std::string> hops, std::string reason) {
  return inbound_trace{false, std::move(reason), std::move(hops), std::nullopt};
}

// The last stage, common to every mode: the home router's own table.
inbound_trace through_home(const topology_config& t, protocol proto, std::uint16_t port, const port_lookup& home,
                           std::vector<std::string> hops) {
  const auto wan = endpoint_text(t.wan_ip, port);
  const auto on_port = home(proto, port);
  const auto found = lookup(on_port, t.internet_source);
  if (!found.hit) {
    if (found.restricted_elsewhere)
      return unreachable(std::move(hops), "the home router's mapping for " + service_text(proto, port) +
                                              " only admits remote host " +
                                              found.restricted_elsewhere->key.remote_host->to_string());
    const bool firewall_only = t.mode == nat_mode::no_nat;
    hops.push_back("home router " + wan + ": " + (firewall_only ? "blocked by the firewall" : "no port mapping"));
    return unreachable(std::move(hops), firewall_only
                                            ? "the home router's firewall blocks " + service_text(proto, port) +
                                                  " (no port mapping opens it)"
                                            : "no port mapping for " + service_text(proto, port) + " on the home router " +
                                                  t.wan_ip.to_string());
  }
  const auto& m = *found.hit;
  hops.push_back("home router " + wan + " -> " + endpoint_text(m.internal_client, m.internal_port));
  inbound_trace out;
  out.reachable = true;
  out.hops = std::move(hops);
  out.target = inbound_target{m.internal_client, m.internal_port, m.description};
  out.reason = "forwarded to " + endpoint_text(m.internal_client, m.internal_port);
  return out;
}

inbound_trace through_carrier_nat(const topology_config& t, protocol proto, std::uint16_t port,
                                  const port_lookup& home) {
  std::vector<std::string> hops{"carrier NAT " + endpoint_text(t.public_ip, port) + ": no forwarding"};
  // The seed scenario: the home router happily accepted a mapping that nobody can reach.
  if (lookup(home(proto, port), t.internet_source).hit)
    return unreachable(std::move(hops), "carrier-grade NAT: the home router maps " + service_text(proto, port) +
                                            " on its WAN address " + t.wan_ip.to_string() +
                                            ", but the carrier NAT " + t.public_ip.to_string() +
                                            " has no forwarding to it");
  return unreachable(std::move(hops), "carrier-grade NAT " + t.public_ip.to_string() + " has no forwarding for " +
                                          service_text(proto, port));
}

inbound_trace through_upstream(const topology_config& t, protocol proto, std::uint16_t port, const port_lookup& home,
                               const port_lookup& upstream) {
  const auto pub = endpoint_text(t.public_ip, port);
  const auto upstream_on_port = t.upstream_upnp ? upstream(proto, port) : std::vector<port_mapping>{};
  const auto found = lookup(upstream_on_port, t.internet_source);
  if (!found.hit) {
    std::vector<std::string> hops{"upstream router " + pub + ": no port mapping"};
    const bool home_has_it = lookup(home(proto, port), t.internet_source).hit != nullptr;
    std::string reason = "double NAT: the upstream router " + t.public_ip.to_string() + " has no mapping for " +
                         service_text(proto, port);
    if (!t.upstream_upnp) reason += " (it does not run UPnP)";
    if (home_has_it) reason += "; the home router's own mapping on " + t.wan_ip.to_string() + " is not reachable";
    return unreachable(std::move(hops), std::move(reason));
  }
  const auto& up = *found.hit;
  if (up.internal_client != t.wan_ip)
    return unreachable({"upstream router " + pub + " -> " + endpoint_text(up.internal_client, up.internal_port)},
                       "double NAT: the upstream mapping forwards to " + up.internal_client.to_string() +
                           ", not to the home router " + t.wan_ip.to_string());
  std::vector<std::string> hops{"upstream router " + pub + " -> " + endpoint_text(up.internal_client, up.internal_port)};
  return through_home(t, proto, up.internal_port, home, std::move(hops));
}

}  // namespace

port_lookup scan_lookup(std::span<const port_mapping> table) {
  return [table](protocol proto, std::uint16_t port) {
    std::vector<port_mapping> out;
    for (const auto& m : table)
      if (m.key.proto == proto && m.key.external_port == port) out.push_back(m);
    return out;
  };
}

inbound_trace trace_inbound(const topology_config& topology, protocol proto, const ip::address_v4& address,
                            std::uint16_t port, std::span<const port_mapping> home,
                            std::span<const port_mapping> upstream) {
  return trace_inbound(topology, proto, address, port, scan_lookup(home), scan_lookup(upstream));
}

inbound_trace trace_inbound(const topology_config& topology, protocol proto, const ip::address_v4& address,
                            std::uint16_t port, const port_lookup& home, const port_lookup& upstream) {
  const bool behind_another_nat = topology.mode == nat_mode::cgnat || topology.mode == nat_mode::double_nat;
  if (address == topology.public_ip) {
    switch (topology.mode) {
      case nat_mode::nat:
      case nat_mode::no_nat: return through_home(topology, proto, port, home, {});
      case nat_mode::cgnat: return through_carrier_nat(topology, proto, port, home);
      case nat_mode::double_nat: return through_upstream(topology, proto, port, home, upstream);
    }
  }
  if (behind_another_nat && address == topology.wan_ip) {
    const auto kind = topology.mode == nat_mode::cgnat ? "a shared (RFC 6598) address behind the carrier NAT"
                                                       : "a private address behind the upstream router";
    return unreachable({}, topology.wan_ip.to_string() + " is " + kind + "; it is not routable from the Internet");
  }
  return unreachable({}, address.to_string() + " is not an address of this network (its public address is " +
                             topology.public_ip.to_string() + ")");
}

std::vector<public_route> reachable_routes(const topology_config& t, std::span<const port_mapping> home,
                                           std::span<const port_mapping> upstream) {
  // Candidate ports are those of the Internet-facing table; the trace decides the rest.
  const auto facing = t.mode == nat_mode::double_nat ? upstream : home;
  std::set<std::pair<protocol, std::uint16_t>> candidates;
  if (t.mode != nat_mode::cgnat)
    for (const auto& m : facing) candidates.emplace(m.key.proto, m.key.external_port);
  std::vector<public_route> out;
  const auto home_lookup = scan_lookup(home), upstream_lookup = scan_lookup(upstream);
  for (const auto& [proto, port] : candidates)
    if (auto route = route_at(t, proto, port, home_lookup, upstream_lookup)) out.push_back(std::move(*route));
  return out;
}

std::optional<public_route> route_at(const topology_config& t, protocol proto, std::uint16_t public_port,
                                     const port_lookup& home, const port_lookup& upstream) {
  auto trace = trace_inbound(t, proto, t.public_ip, public_port, home, upstream);
  if (!trace.reachable) return std::nullopt;
  return public_route{proto, t.public_ip, public_port, std::move(*trace.target)};
}

}  // namespace igdkit::sim
