#include "public_endpoint_set.hpp"

namespace igdkit::sim::detail {

namespace asio = boost::asio;

public_endpoint public_endpoint_set::entry::endpoint() const {
  public_endpoint e;
  e.route = route;
  if (tcp) {
    const auto ep = tcp->local_endpoint();
    e.loopback_address = ep.address();
    e.loopback_port = ep.port();
  } else if (udp) {
    const auto ep = udp->local_endpoint();
    e.loopback_address = ep.address();
    e.loopback_port = ep.port();
  }
  return e;
}

const forward_stats& public_endpoint_set::entry::stats() const { return tcp ? tcp->stats() : udp->stats(); }

std::optional<public_endpoint_set::entry> public_endpoint_set::open(const public_route& route, std::string& error) {
  entry e{route, nullptr, nullptr};
  const asio::ip::address target_address{route.target.internal_client};
  std::error_code ec;
  if (route.proto == protocol::tcp) {
    tcp_forwarder_options o;
    o.listen = asio::ip::tcp::endpoint(settings_.loopback, 0);
    o.target = asio::ip::tcp::endpoint(target_address, route.target.internal_port);
    o.on_session = settings_.on_tcp_session;
    e.tcp = std::make_unique<tcp_forwarder>(ex_, std::move(o));
    ec = e.tcp->start();
  } else {
    udp_forwarder_options o;
    o.listen = asio::ip::udp::endpoint(settings_.loopback, 0);
    o.target = asio::ip::udp::endpoint(target_address, route.target.internal_port);
    o.idle_timeout = settings_.udp_idle_timeout;
    e.udp = std::make_unique<udp_forwarder>(ex_, std::move(o));
    ec = e.udp->start();
  }
  if (ec) {
    error = "cannot publish " + std::string(to_string(route.proto)) + " " + route.public_ip.to_string() + ":" +
            std::to_string(route.public_port) + " on loopback: " + ec.message();
    return std::nullopt;
  }
  return e;
}

void public_endpoint_set::retire(entry& e) {
  if (e.tcp) e.tcp->stop();
  if (e.udp) e.udp->stop();
  if (e.on_demand) --on_demand_;
}

void public_endpoint_set::update(port_key port, const std::optional<public_route>& route, changes& out) {
  auto it = entries_.find(port);
  if (it != entries_.end()) {
    if (route && *route == it->second.route) {
      it->second.route.target.description = route->target.description;
      return;
    }
    retire(it->second);
    out.closed.push_back(it->second.route);
    const bool was_on_demand = it->second.on_demand;
    entries_.erase(it);
    // A re-pointed on-demand endpoint was asked for: it stays published.
    if (route && was_on_demand) {
      ensure(*route, out);
      return;
    }
  }
  if (!route || entries_.size() - on_demand_ >= settings_.eager_budget) return;
  std::string error;
  if (auto e = open(*route, error))
    out.opened.push_back(entries_.emplace(port, std::move(*e)).first->second.endpoint());
  else
    out.errors.push_back(std::move(error));
}

// Closes the least recently used on-demand forwarder with no session in flight.
bool public_endpoint_set::make_room(changes& out) {
  auto victim = entries_.end();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (!it->second.on_demand || it->second.stats().sessions_active != 0) continue;
    if (victim == entries_.end() || it->second.last_used < victim->second.last_used) victim = it;
  }
  if (victim == entries_.end()) return false;
  retire(victim->second);
  out.closed.push_back(victim->second.route);
  entries_.erase(victim);
  return true;
}

std::optional<public_endpoint> public_endpoint_set::ensure(const public_route& route, changes& out) {
  const port_key port{route.proto, route.public_port};
  if (auto it = entries_.find(port); it != entries_.end() && it->second.route == route) {
    it->second.last_used = ++use_counter_;
    return it->second.endpoint();
  }
  update(port, std::nullopt, out);  // a stale route on this port
  if (on_demand_ >= settings_.on_demand_limit && !make_room(out)) {
    out.errors.push_back("cannot publish " + std::string(to_string(route.proto)) + " " + route.public_ip.to_string() +
                         ":" + std::to_string(route.public_port) + ": " + std::to_string(on_demand_) +
                         " on-demand endpoints are open, all carrying sessions");
    return std::nullopt;
  }
  std::string error;
  auto e = open(route, error);
  if (!e) {
    out.errors.push_back(std::move(error));
    return std::nullopt;
  }
  e->on_demand = true;
  e->last_used = ++use_counter_;
  ++on_demand_;
  auto endpoint = entries_.emplace(port, std::move(*e)).first->second.endpoint();
  out.opened.push_back(endpoint);
  return endpoint;
}

void public_endpoint_set::close_idle(changes& out) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    auto& e = it->second;
    const auto& s = e.stats();
    const bool idle = s.sessions_active == 0 && s.sessions_total == e.sessions_seen;
    e.sessions_seen = s.sessions_total;
    if (!e.on_demand || !idle) {
      ++it;
      continue;
    }
    retire(e);
    out.closed.push_back(e.route);
    it = entries_.erase(it);
  }
}

void public_endpoint_set::clear() {
  for (auto& [k, e] : entries_) retire(e);
  entries_.clear();
}

std::vector<public_endpoint_set::port_key> public_endpoint_set::open_ports() const {
  std::vector<port_key> out;
  out.reserve(entries_.size());
  for (const auto& [k, e] : entries_) out.push_back(k);
  return out;
}

std::vector<public_endpoint> public_endpoint_set::list() const {
  std::vector<public_endpoint> out;
  out.reserve(entries_.size());
  for (const auto& [k, e] : entries_) out.push_back(e.endpoint());
  return out;
}

std::optional<public_endpoint> public_endpoint_set::find(protocol proto, const asio::ip::address_v4& ip,
                                                         std::uint16_t port) const {
  const auto it = entries_.find(port_key{proto, port});
  if (it == entries_.end() || it->second.route.public_ip != ip) return std::nullopt;
  return it->second.endpoint();
}

}  // namespace igdkit::sim::detail
