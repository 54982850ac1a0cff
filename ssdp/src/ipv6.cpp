#include "igdkit/ssdp/ipv6.hpp"

#include "igdkit/ssdp/messages.hpp"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace igdkit::ssdp {

namespace ip = boost::asio::ip;

ip::address_v6 multicast_group_v6(const ip::address_v6& source) {
  if (!source.is_link_local()) return ip::make_address_v6(multicast_v6_site_local);
  auto group = ip::make_address_v6(multicast_v6_link_local);
  group.scope_id(source.scope_id());
  return group;
}

std::string host_header(const ip::udp::endpoint& destination) {
  const auto a = destination.address();
  const auto host = a.is_v6() ? "[" + ip::address_v6(a.to_v6().to_bytes()).to_string() + "]" : a.to_string();
  return host + ":" + std::to_string(destination.port());
}

ip_prefix link_local_sources(unsigned interface_index) {
  return ip_prefix(ip::address_v6(ip::make_address_v6("fe80::").to_bytes(), interface_index), 10);
}

std::optional<unsigned> interface_index_of(const ip::address_v6& address) {
  if (address.scope_id() != 0) return static_cast<unsigned>(address.scope_id());
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return std::nullopt;
  const std::unique_ptr<ifaddrs, decltype(&freeifaddrs)> owner(list, &freeifaddrs);
  const auto wanted = address.to_bytes();
  for (const auto* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET6) continue;
    sockaddr_in6 sa{};
    std::memcpy(&sa, i->ifa_addr, sizeof sa);
    if (std::equal(wanted.begin(), wanted.end(), sa.sin6_addr.s6_addr)) {
      const auto index = if_nametoindex(i->ifa_name);
      if (index != 0) return index;
    }
  }
  return std::nullopt;
}

}  // namespace igdkit::ssdp
