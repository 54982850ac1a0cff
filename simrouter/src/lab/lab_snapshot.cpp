// What the lab reports about itself: reachable routes, mapping views, router snapshots.
#include "lab_impl.hpp"

#include "igdkit/address.hpp"
#include "igdkit/sim/ssdp_setup.hpp"

namespace igdkit::sim {

port_lookup lab::impl::home_lookup() {
  return [this](protocol proto, std::uint16_t port) {
    return home->handler().model().mappings.on_port(port, proto, options.router.now());
  };
}

port_lookup lab::impl::upstream_lookup() {
  return [this](protocol proto, std::uint16_t port) {
    if (!upstream) return std::vector<port_mapping>{};
    return upstream->handler().model().mappings.on_port(port, proto, options.router.now());
  };
}

std::optional<public_route> lab::impl::route_of(detail::public_endpoint_set::port_key port) {
  return route_at(options.topology, port.first, port.second, home_lookup(), upstream_lookup());
}

router_snapshot lab::impl::snapshot_of(router& r, bool is_upstream) {
  const auto now = options.router.now();
  const auto& t = options.topology;
  router_snapshot out;
  out.location = std::string(r.description_url().buffer());
  out.ssdp = host_port(r.ssdp_endpoint());
  const auto& model = r.handler().model();
  out.version = model.config.version;
  out.external_ip = model.config.external_ip;
  out.connection_status = std::string(to_string(model.connection.status));
  out.boot_id = r.boot_id();
  out.system_update_id = r.handler().system_update_id();
  const auto services = all_services(r.layout());
  for (const auto& sub : r.events().subscriptions(r.options().now())) {
    out.subscriptions.push_back({sub.sid, sub.topic < services.size() ? services[sub.topic]->event_path : std::string(),
                                 sub.callbacks.empty() ? std::string() : std::string(sub.callbacks.front().buffer()),
                                 sub.remaining, sub.next_seq, sub.failures});
  }
  for (const auto& m : r.mappings()) {
    // The public port a home mapping is reached on: its own in nat/no-nat/cgnat; in double-nat
    // the upstream port forwarded to it (if any).
    std::uint16_t public_port = m.key.external_port;
    if (!is_upstream && t.mode == nat_mode::double_nat && upstream)
      for (const auto& u : upstream->handler().model().mappings.forwarding_to(t.wan_ip, m.key.external_port,
                                                                              m.key.proto, now))
        public_port = u.key.external_port;
    auto trace = trace_inbound(t, m.key.proto, t.public_ip, public_port, home_lookup(), upstream_lookup());
    mapping_view v;
    v.mapping = m;
    v.remaining = remaining_lease(m, now);
    v.reachable = trace.reachable;
    v.reason = std::move(trace.reason);
    if (v.reachable) v.endpoint = published.find(m.key.proto, t.public_ip, public_port);
    out.mappings.push_back(std::move(v));
  }
  return out;
}

lab_snapshot lab::impl::snapshot() {
  lab_snapshot s;
  s.mode = options.topology.mode;
  s.profiles = options.profiles;
  s.wan_ip = options.topology.wan_ip;
  s.public_ip = options.topology.public_ip;
  s.home = snapshot_of(*home, false);
  if (upstream) s.upstream = snapshot_of(*upstream, true);
  s.public_endpoints = published.list();
  s.faults = faults.current();
  if (admin) {
    const auto ep = admin->local_endpoint();
    s.admin = "http://" + ep.address().to_string() + ":" + std::to_string(ep.port()) + "/";
  }
  if (stun) s.stun = host_port(owner->stun_endpoint());
  return s;
}

}  // namespace igdkit::sim
