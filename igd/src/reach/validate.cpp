#include "igdkit/igd/reach/validate.hpp"

#include "igdkit/stun/client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace igdkit::igd::reach {
namespace asio = boost::asio;

namespace {

std::string entry_text(const mapping_entry& e) {
  return std::string(igdkit::to_string(e.proto)) + " " + std::to_string(e.external_port) + " -> " +
         e.internal_client.to_string() + ":" + std::to_string(e.internal_port) +
         (e.lease.count() == 0 ? ", permanent" : ", lease " + std::to_string(e.lease.count()) + " s") +
         (e.enabled ? "" : ", disabled");
}

}  // namespace

asio::awaitable<validation_report> validate(client& c, validate_request request) {
  constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);
  validation_report out;
  auto [eec, entry] = co_await c.async_get_port_mapping(request.key, use_tuple);
  if (eec) {
    out.router_error = eec;
    out.router_evidence = "GetSpecificPortMappingEntry " + std::string(igdkit::to_string(request.key.proto)) + " " +
                          std::to_string(request.key.external_port) + ": " + std::error_code(eec).message();
  } else {
    out.entry = entry;
    out.router_has_mapping = entry.internal_client == request.internal_client &&
                             entry.internal_port == request.internal_port && entry.enabled;
    out.router_evidence = entry_text(entry);
    if (!out.router_has_mapping)
      out.router_evidence += " (expected " + request.internal_client.to_string() + ":" +
                             std::to_string(request.internal_port) + ", enabled)";
  }
  auto [iec, ip] = co_await c.async_external_ip(use_tuple);
  if (!iec && ip && ip->is_v4() && !ip->to_v4().is_unspecified()) out.external_ip = ip->to_v4();

  auto ex = co_await asio::this_coro::executor;
  if (request.stun_server) {
    stun::query_options so;
    so.local_address = request.local_address;
    so.timeout = request.probe_timeout;
    auto [sec, bound] = co_await stun::async_query(ex, *request.stun_server, so, use_tuple);
    if (sec)
      out.stun_error = sec;
    else if (bound.mapped.address().is_v4())
      out.stun_address = bound.mapped.address().to_v4();
  }
  if (!request.port_prober) co_return out;
  probe_target target{request.key.proto, out.external_ip, request.key.external_port, request.probe_timeout};
  if (request.port_prober->kind() == prober_kind::lab && !target.external_ip) {
    out.port_evidence = "the router reports no external address to probe";
    co_return out;
  }
  auto [pec, probed] = co_await async_probe(ex, *request.port_prober, target, use_tuple);
  if (pec) {
    out.prober_error = pec;
    out.port_evidence = "the prober gave no answer: " + std::error_code(pec).message();
    co_return out;
  }
  out.port_open = probed.reachable;
  out.port_evidence = probed.reason;
  out.observed_address = probed.observed_address;
  out.rtt_ms = probed.rtt_ms;
  out.banner = probed.banner;
  co_return out;
}

}  // namespace igdkit::igd::reach
