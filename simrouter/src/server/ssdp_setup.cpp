#include "igdkit/sim/ssdp_setup.hpp"

#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>

#include <algorithm>

namespace igdkit::sim {

boost::urls::url description_location(const boost::asio::ip::address& lan, std::uint16_t http_port) {
  boost::urls::url u;
  u.set_scheme("http");
  if (lan.is_v6())
    u.set_host_ipv6(boost::urls::ipv6_address(lan.to_v6().to_bytes()));
  else
    u.set_host_ipv4(boost::urls::ipv4_address(lan.to_v4().to_uint()));
  u.set_port_number(http_port);
  u.set_path(root_description_path);
  return u;
}

ssdp::device_set advertised_set(const root_layout& layout, const ssdp_quirks& q) {
  auto set = to_device_set(layout);
  const auto ppp = ssdp::search_target::service("WANPPPConnection", 1);
  const auto adjust = [&](ssdp::advertised_device& d) {
    auto& services = d.services;
    const bool has_ip = std::any_of(services.begin(), services.end(),
                                    [](const ssdp::search_target& s) { return s.value == "WANIPConnection"; });
    if (q.advertise_wanppp && has_ip && std::find(services.begin(), services.end(), ppp) == services.end())
      services.push_back(ppp);
    if (q.max_type_version) {
      d.type.version = std::min(d.type.version, *q.max_type_version);
      for (auto& s : services) s.version = std::min(s.version, *q.max_type_version);
    }
  };
  adjust(set.root);
  for (auto& d : set.embedded) adjust(d);
  return set;
}

ssdp::responder_options make_responder_options(const root_layout& layout, const ssdp_setup& setup) {
  ssdp::responder_options o;
  o.devices = advertised_set(layout, setup.quirks);
  o.answer_unicast = setup.quirks.answer_unicast;
  o.matching = setup.quirks.matching;
  o.location = description_location(setup.lan, setup.http_port);
  if (!setup.server.empty()) o.server = setup.server;
  o.boot_id = setup.boot_id;
  o.config_id = layout.config_id;
  o.listen = boost::asio::ip::udp::endpoint(setup.lan, setup.ssdp_port);
  // Network safety: never join the group or send NOTIFY from a loopback LAN address, and only
  // when the caller explicitly asked (namespace tests, real deployments).
  if (!setup.multicast || setup.lan.is_loopback()) return o;
  if (setup.lan.is_v4()) {
    o.multicast_interface = setup.lan.to_v4();
    o.notify_to = boost::asio::ip::udp::endpoint(boost::asio::ip::make_address_v4("239.255.255.250"), 1900);
  } else if (setup.lan_interface != 0) {
    o.multicast_interface_v6 = setup.lan_interface;
    auto group = boost::asio::ip::make_address_v6(ssdp::multicast_v6_link_local);
    group.scope_id(setup.lan_interface);
    o.notify_to = boost::asio::ip::udp::endpoint(group, ssdp::multicast_port);
  }
  return o;
}

}  // namespace igdkit::sim
