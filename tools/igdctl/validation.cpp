#include "validation.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/json/serialize.hpp>

#include <iomanip>
#include <iostream>
#include <sstream>

namespace igdctl {
namespace asio = boost::asio;
namespace reach = igd::reach;

std::optional<std::string> check_validation_options(const validation_options& o) {
  if (!o.prober.empty() && !reach::prober::parse(o.prober))
    return "--prober must be lab:http://HOST:PORT (the simrouter admin API) or http://HOST:PORT (a probe-server)";
  if (!o.stun.empty() && !parse_host_port(o.stun)) return "--stun must be HOST:PORT with a numeric host";
  return std::nullopt;
}

asio::awaitable<reach::validation_report> validate_mapping(igd::gateway g, igd::keeper::mapping_up up,
                                                           validation_options o) {
  auto ex = co_await asio::this_coro::executor;
  igd::client c(ex, igdkit::soap::http_options{std::chrono::milliseconds(2000)});
  c.use(std::move(g));
  reach::validate_request r;
  r.key = {up.external_port, up.proto};
  r.internal_client = up.internal_client;
  r.internal_port = up.internal_port;
  if (!o.prober.empty()) r.port_prober = *reach::prober::parse(o.prober);
  if (!o.stun.empty()) r.stun_server = parse_host_port(o.stun);
  co_return co_await reach::validate(c, r);
}

namespace {

std::string endpoint_line(const igd::keeper::mapping_up& up) {
  return (up.external_ip ? up.external_ip->to_string() : std::string("?")) + ":" + std::to_string(up.external_port) +
         " -> " + up.internal_client.to_string() + ":" + std::to_string(up.internal_port) + " " +
         std::string(igdkit::to_string(up.proto));
}

}  // namespace

void print_report(const context& ctx, const igd::keeper::mapping_up& up, const reach::validation_report& r) {
  if (ctx.global.json) {
    boost::json::object o{{"event", "validated"},
                          {"set", up.id.set},
                          {"label", up.id.label},
                          {"router_has_mapping", r.router_has_mapping},
                          {"router_evidence", r.router_evidence},
                          {"port_open", r.port_open ? boost::json::value(*r.port_open) : boost::json::value(nullptr)},
                          {"port_evidence", r.port_evidence},
                          {"observed_address", r.observed_address ? boost::json::value(r.observed_address->to_string())
                                                                  : boost::json::value(nullptr)},
                          {"stun_address", r.stun_address ? boost::json::value(r.stun_address->to_string())
                                                          : boost::json::value(nullptr)},
                          {"passed", r.passed()}};
    std::cout << boost::json::serialize(o) << std::endl;
    return;
  }
  std::ostringstream line;
  line << endpoint_line(up) << "  ";
  if (r.passed()) {
    line << "reachable";
    if (r.rtt_ms) line << " (" << std::fixed << std::setprecision(1) << *r.rtt_ms << " ms)";
  } else if (!r.router_has_mapping) {
    line << "NOT on the router: " << r.router_evidence;
  } else if (!r.port_open) {
    line << "on the router; port-open check not run" << (r.port_evidence.empty() ? "" : ": " + r.port_evidence);
  } else {
    line << "on the router, but NOT reachable from outside: " << r.port_evidence;
  }
  std::cout << line.str() << std::endl;
}

}  // namespace igdctl
