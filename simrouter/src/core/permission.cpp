#include "igdkit/sim/permission.hpp"

namespace igdkit::sim {

std::vector<permission_rule> default_permission_rules(const boost::asio::ip::network_v4& lan) {
  return {
      {permission_action::allow, {1024, 65535}, lan, {1024, 65535}},
      {permission_action::deny, {0, 65535}, boost::asio::ip::network_v4{}, {0, 65535}},
  };
}

namespace {
bool in_network(const boost::asio::ip::network_v4& net, const boost::asio::ip::address_v4& a) noexcept {
  if (net.prefix_length() == 0) return true;
  const std::uint32_t mask = net.netmask().to_uint();
  return (a.to_uint() & mask) == (net.address().to_uint() & mask);
}
}  // namespace

bool is_permitted(std::span<const permission_rule> rules, std::uint16_t external_port,
                  const boost::asio::ip::address_v4& internal_client, std::uint16_t internal_port) noexcept {
  for (const auto& r : rules) {
    if (r.external_ports.contains(external_port) && in_network(r.internal_network, internal_client) &&
        r.internal_ports.contains(internal_port)) {
      return r.action == permission_action::allow;
    }
  }
  return true;
}

}  // namespace igdkit::sim
