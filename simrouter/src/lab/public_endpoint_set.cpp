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
  const forward_stats* s = e.tcp ? &e.tcp->stats() : e.udp ? &e.udp->stats() : nullptr;
  if (s) {
    retired_inbound_ += s->bytes_inbound;
    retired_outbound_ += s->bytes_outbound;
  }
  if (e.tcp) e.tcp->stop();
  if (e.udp) e.udp->stop();
}

public_endpoint_set::changes public_endpoint_set::reconcile(const std::vector<public_route>& routes) {
  changes out;
  std::map<key, const public_route*> wanted;
  for (const auto& r : routes) wanted.emplace(key{r.proto, r.public_ip, r.public_port}, &r);

  for (auto it = entries_.begin(); it != entries_.end();) {
    const auto w = wanted.find(it->first);
    if (w != wanted.end() && *w->second == it->second.route) {
      it->second.route.target.description = w->second->target.description;
      ++it;
      continue;
    }
    retire(it->second);
    out.closed.push_back(it->second.route);
    it = entries_.erase(it);
  }
  for (const auto& [k, route] : wanted) {
    if (entries_.contains(k)) continue;
    std::string error;
    if (auto e = open(*route, error))
      out.opened.push_back(entries_.emplace(k, std::move(*e)).first->second.endpoint());
    else
      out.errors.push_back(std::move(error));
  }
  return out;
}

void public_endpoint_set::clear() {
  for (auto& [k, e] : entries_) retire(e);
  entries_.clear();
}

std::vector<public_endpoint> public_endpoint_set::list() const {
  std::vector<public_endpoint> out;
  out.reserve(entries_.size());
  for (const auto& [k, e] : entries_) out.push_back(e.endpoint());
  return out;
}

std::optional<public_endpoint> public_endpoint_set::find(protocol proto, const asio::ip::address_v4& ip,
                                                         std::uint16_t port) const {
  const auto it = entries_.find(key{proto, ip, port});
  if (it == entries_.end()) return std::nullopt;
  return it->second.endpoint();
}

std::uint64_t public_endpoint_set::bytes_inbound() const {
  auto total = retired_inbound_;
  for (const auto& [k, e] : entries_) total += e.tcp ? e.tcp->stats().bytes_inbound : e.udp->stats().bytes_inbound;
  return total;
}

std::uint64_t public_endpoint_set::bytes_outbound() const {
  auto total = retired_outbound_;
  for (const auto& [k, e] : entries_) total += e.tcp ? e.tcp->stats().bytes_outbound : e.udp->stats().bytes_outbound;
  return total;
}

}  // namespace igdkit::sim::detail
