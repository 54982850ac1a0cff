#pragma once
// The IPv4 default gateways of this host, for a unicast M-SEARCH to the router itself (UDA 1.1
// §1.3.3: no MX, so it answers at once instead of after a random delay of up to MX seconds, and
// it works where multicast is filtered). Parsing is pure; only default_gateways() reads the
// kernel's table (/proc/net/route; empty elsewhere or when unreadable).
#include <boost/asio/ip/address_v4.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace igdkit::ssdp {

struct default_route {
  std::string interface_name;
  boost::asio::ip::address_v4 gateway;
};

// The default routes (destination 0.0.0.0/0, RTF_UP and RTF_GATEWAY set) of a /proc/net/route
// text, in table order; malformed lines are skipped.
std::vector<default_route> parse_default_routes(std::string_view proc_net_route);

std::vector<default_route> default_routes();

}  // namespace igdkit::ssdp
