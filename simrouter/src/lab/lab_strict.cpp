// --strict in the lab: the home router's observer seams (router_options::on_request after each
// HTTP answer, ssdp_observer before each datagram is judged) run the pure checks of
// igdkit/sim/strict and record what they find. Nothing here touches a request or an answer.
#include "lab_impl.hpp"

#include "igdkit/address.hpp"
#include "igdkit/sim/ssdp_setup.hpp"
#include "igdkit/sim/strict/http_checks.hpp"
#include "igdkit/sim/strict/ssdp_checks.hpp"

namespace igdkit::sim {

namespace asio = boost::asio;

void lab::impl::observe_strictly(router_options& o) {
  violations = std::make_unique<strict::violation_log>(options.strict_capacity);
  auto user_observer = o.on_request;
  o.on_request = [this, user_observer](const asio::ip::address& peer, const http_request& req, const http_response& res) {
    check_http_strictly(peer, req);
    if (user_observer) user_observer(peer, req, res);
  };
  o.ssdp_observer = [this](std::string_view datagram, const asio::ip::udp::endpoint& from, bool multicast) {
    check_ssdp_strictly(datagram, from, multicast);
  };
}

void lab::impl::record_findings(const std::string& client, std::vector<strict::finding> found) {
  const auto now = std::chrono::system_clock::now();
  for (auto& f : found) {
    const auto& v = violations->record(now, client, std::move(f));
    add_log("strict", client, std::string(v.broken->id) + ": " + v.message);
    if (options.on_violation) options.on_violation(v);
  }
}

void lab::impl::check_http_strictly(const asio::ip::address& peer, const http_request& req) {
  if (!violations || !home) return;
  // The Host values naming the router: each listener's address and port.
  std::vector<std::string> hosts{host_port(home->http_endpoint())};
  if (const auto url6 = home->description_url6()) hosts.push_back(std::string(url6->encoded_host_and_port()));
  record_findings(peer.to_string(), strict::check_http_request(req, home->layout(), hosts));
}

void lab::impl::check_ssdp_strictly(std::string_view datagram, const asio::ip::udp::endpoint& from, bool multicast) {
  if (!violations || !home) return;
  if (!strict_devices) strict_devices = advertised_set(home->layout(), options.router.discovery_quirks);
  strict::search_context ctx;
  ctx.devices = &*strict_devices;
  ctx.matching = options.router.discovery_quirks.matching;
  ctx.multicast = multicast;
  // The socket it arrived on; an IPv6 search names the IPv6 responder.
  ctx.unicast_host = host_port(from.address().is_v6() && home->ssdp_endpoint6().port() != 0 ? home->ssdp_endpoint6()
                                                                                            : home->ssdp_endpoint());
  record_findings(host_port(from), strict::check_search_datagram(datagram, ctx));
}

}  // namespace igdkit::sim
