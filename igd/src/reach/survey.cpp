#include "igdkit/igd/reach/survey.hpp"

#include "igdkit/stun/client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace igdkit::igd::reach {
namespace asio = boost::asio;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

external_ip_observation observe_ip(const boost::system::error_code& ec, const std::optional<asio::ip::address>& ip) {
  if (ec) return external_ip_observation::not_answered();
  if (!ip) return external_ip_observation::from_text("");
  return external_ip_observation::from_text(ip->to_string());
}

std::string endpoint_text(const asio::ip::udp::endpoint& e) { return e.address().to_string() + ":" + std::to_string(e.port()); }

}  // namespace

device_identity identity_of(const gateway& g) {
  return {g.desc.root.friendly_name, g.desc.root.manufacturer, g.desc.root.model_name, std::string(g.location.buffer())};
}

asio::awaitable<observations> survey(client& c, std::size_t gateways_answered, survey_request request) {
  auto ex = co_await asio::this_coro::executor;
  observations obs;
  obs.igd.answered = c.current() ? std::max<std::size_t>(gateways_answered, 1) : 0;
  if (c.current()) {
    obs.igd.chosen = identity_of(*c.current());
    auto [sec, status] = co_await c.async_invoke<get_status_info>({}, use_tuple);
    if (!sec) obs.igd.connection_status = status.connection_status;
    auto [iec, ip] = co_await c.async_external_ip(use_tuple);
    obs.igd.external_ip = observe_ip(iec, ip);
    if (request.read_table) {
      auto [lec, table] = co_await c.async_list_mappings(list_options{}, use_tuple);
      if (!lec) obs.router_mappings = std::move(table);
    }
  }

  if (request.stun_server) {
    stun::query_options so;
    so.local_address = request.local_address;
    so.timeout = request.probe_timeout;
    auto [sec, bound] = co_await stun::async_query(ex, *request.stun_server, so, use_tuple);
    if (!sec && bound.mapped.address().is_v4())
      obs.public_address = public_address_observation{bound.mapped.address().to_v4(),
                                                      "STUN " + endpoint_text(*request.stun_server)};
  }

  if (request.upstream) {
    client up(ex);
    auto [oec, g] = co_await up.async_open(*request.upstream, use_tuple);
    if (!oec) {
      upstream_observation u;
      u.identity = identity_of(g);
      auto [iec, ip] = co_await up.async_external_ip(use_tuple);
      u.external_ip = observe_ip(iec, ip);
      obs.upstream = std::move(u);
    }
  }

  for (const auto& wanted : request.mappings) {
    mapping_observation m;
    m.wanted = wanted;
    if (c.current()) {
      auto [gec, entry] = co_await c.async_get_port_mapping({wanted.external_port, wanted.proto}, use_tuple);
      if (!gec) {
        m.lookup = router_lookup::found;
        m.router_entry = entry;
      } else if (std::error_code(gec) == upnp_errc::no_such_entry_in_array) {
        m.lookup = router_lookup::missing;
      }
    }
    if (request.port_prober) {
      probe_target target{wanted.proto, obs.igd.external_ip.address, wanted.external_port, request.probe_timeout};
      if (request.port_prober->kind() == prober_kind::lab && obs.public_address)
        target.external_ip = obs.public_address->address;  // the lab probes what the Internet sees
      if (request.port_prober->kind() == prober_kind::lab && !target.external_ip) {
        m.probe_reason = "no external address to probe";
      } else {
        auto [pec, probed] = co_await async_probe(ex, *request.port_prober, target, use_tuple);
        if (pec) {
          m.probe_reason = "the prober gave no answer: " + std::error_code(pec).message();
        } else {
          m.probe = probed.reachable ? probe_result::reachable : probe_result::not_reachable;
          m.probe_reason = probed.reason;
          if (probed.observed_address && !obs.public_address)
            obs.public_address = public_address_observation{*probed.observed_address,
                                                            "probe-server " + std::string(request.port_prober->base_url().buffer())};
        }
      }
    }
    obs.mappings.push_back(std::move(m));
  }
  co_return obs;
}

}  // namespace igdkit::igd::reach
