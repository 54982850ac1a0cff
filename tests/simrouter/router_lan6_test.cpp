// simrouter on an IPv6 LAN: the responder options an IPv6 address yields (pure), and a router
// with lan6 = ::1 found by a unicast IPv6 search whose LOCATION serves the description.
#define BOOST_TEST_MODULE simrouter_router_lan6
#include "server_rig.hpp"

#include "igdkit/sim/ssdp_setup.hpp"

#include <boost/test/unit_test.hpp>

using namespace igdkit;
using namespace igdkit::sim;
using namespace igdkit::sim::test;
namespace ip = boost::asio::ip;

namespace {

ssdp_setup ipv6_setup(const char* lan, bool multicast, unsigned lan_interface) {
  ssdp_setup s;
  s.lan = ip::make_address(lan);
  s.http_port = 8080;
  s.multicast = multicast;
  s.lan_interface = lan_interface;
  return s;
}

root_layout igd2_layout() {
  layout_params p;
  p.version = igd_version::v2;
  return make_igd_layout(p);
}

}  // namespace

BOOST_AUTO_TEST_CASE(location_brackets_ipv6_and_never_carries_a_zone) {
  BOOST_TEST(description_location(ip::make_address("fd6b:6b::1"), 8080).buffer() ==
             "http://[fd6b:6b::1]:8080/rootDesc.xml");
  auto link_local = ip::make_address_v6("fe80::1");
  link_local.scope_id(3);  // a zone is the sender's interface: meaningless in a URL it sends
  BOOST_TEST(description_location(link_local, 5000).buffer() == "http://[fe80::1]:5000/rootDesc.xml");
}

BOOST_AUTO_TEST_CASE(ipv6_lan_with_multicast_joins_on_its_interface) {
  const auto o = make_responder_options(igd2_layout(), ipv6_setup("fd6b:6b::1", true, 7));
  BOOST_TEST(o.location.buffer() == "http://[fd6b:6b::1]:8080/rootDesc.xml");
  BOOST_TEST(o.listen.address() == ip::make_address("fd6b:6b::1"));
  BOOST_REQUIRE(o.multicast_interface_v6.has_value());
  BOOST_TEST(*o.multicast_interface_v6 == 7u);
  BOOST_TEST(!o.multicast_interface.has_value());
  BOOST_REQUIRE(o.notify_to.has_value());
  BOOST_TEST(o.notify_to->address().to_v6().to_bytes() == ip::make_address_v6("ff02::c").to_bytes());
  BOOST_TEST(o.notify_to->address().to_v6().scope_id() == 7u);
  BOOST_TEST(o.notify_to->port() == 1900);
}

BOOST_AUTO_TEST_CASE(ipv6_multicast_refused_on_loopback_or_unknown_interface) {
  for (const auto& setup : {ipv6_setup("::1", true, 1), ipv6_setup("fd6b:6b::1", true, 0),
                            ipv6_setup("fd6b:6b::1", false, 7)}) {
    const auto o = make_responder_options(igd2_layout(), setup);
    BOOST_TEST(!o.multicast_interface_v6.has_value());
    BOOST_TEST(!o.notify_to.has_value());
  }
}

BOOST_AUTO_TEST_CASE(router_on_ipv6_loopback_answers_unicast_search_with_ipv6_location) {
  router_options options;
  options.lan6 = ip::address_v6::loopback();
  running_router rr(options);
  BOOST_REQUIRE_MESSAGE(!rr.start_error(), rr.start_error().message());
  const auto [location6, ssdp6] =
      rr.on_router([](router& r) { return std::make_pair(r.description_url6(), r.ssdp_endpoint6()); });
  BOOST_REQUIRE(location6.has_value());
  BOOST_TEST(location6->host() == "[::1]");
  BOOST_TEST(ssdp6.address() == ip::make_address("::1"));
  BOOST_TEST(rr.location().host() == "127.0.0.1");  // the IPv4 LAN is still served

  const auto [ec, found] = unicast_search(ssdp6);
  BOOST_REQUIRE_MESSAGE(!ec, ec.message());
  BOOST_TEST(found.response.location.buffer() == location6->buffer());
  auto [get_ec, body] = http_get(found.response.location);
  BOOST_REQUIRE_MESSAGE(!get_ec, get_ec.message());
  BOOST_TEST(body.find("InternetGatewayDevice:2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(router_refuses_ipv6_multicast_on_an_address_it_does_not_hold) {
  router_options options;
  options.lan6 = ip::make_address_v6("2001:db8:ffff::7");  // documentation prefix: on no interface
  options.multicast = true;
  router r(asio::system_executor(), options);
  BOOST_TEST(r.start() == std::make_error_code(std::errc::address_not_available));
}
