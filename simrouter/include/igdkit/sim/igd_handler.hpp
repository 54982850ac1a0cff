#pragma once
// The simulated router's pure SOAP action handler: action_request in, action_response out
// (out arguments, or a UPnP fault with the spec code and name). No sockets, no clocks: the
// transport passes the requester's address, `now`, and which service's control URL was hit.
//
// Version rules: the router's igd_version decides semantics (v2 lease clamping, 606/728..733)
// whatever URN version the request used; the response echoes the request's service_type.
// WANPPPConnection has no :2, so it always behaves as a v1 service, and v2-only actions on it
// (or on a v1 router) answer 401. WANIPv6FirewallControl exists only on a v2 router.
#include "igdkit/sim/router_model.hpp"
#include "igdkit/soap/action.hpp"

#include <boost/asio/ip/address.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace igdkit::sim {

enum class service_id {
  wan_ip_connection,
  wan_ppp_connection,
  wan_common_interface_config,
  wan_ipv6_firewall_control,
  layer3_forwarding,
};

struct request_context {
  boost::asio::ip::address client;  // requester (v4-mapped IPv6 is treated as IPv4)
  clock::time_point now{};
  service_id service = service_id::wan_ip_connection;
  std::size_t wan_device = 0;  // the WANDevice (document order) whose service was hit
};

class igd_handler {
 public:
  igd_handler(router_config cfg, clock::time_point boot) : model_(std::move(cfg), boot) {}

  soap::action_response handle(const soap::action_request& request, const request_context& ctx);

  // Inspection (tests, admin API) and direct access for the NAT simulation layer.
  std::vector<port_mapping> list_mappings(clock::time_point now) { return model_.mappings.list(now); }
  std::size_t mapping_count(clock::time_point now) { return model_.mappings.size(now); }
  std::uint32_t system_update_id() const noexcept { return model_.mappings.system_update_id(); }
  router_model& model() noexcept { return model_; }
  const router_model& model() const noexcept { return model_; }

 private:
  router_model model_;
};

}  // namespace igdkit::sim
