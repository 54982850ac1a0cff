// IPv6 specifics of SSDP (pure parts): group per source scope, HOST without a zone, link-local
// admission tied to one interface.
#define BOOST_TEST_MODULE ssdp_ipv6
#include <boost/test/unit_test.hpp>

#include "igdkit/ssdp/ipv6.hpp"

namespace ssdp = igdkit::ssdp;
namespace ip = boost::asio::ip;

namespace {

ip::address_v6 scoped(const char* text, unsigned zone) {
  auto a = ip::make_address_v6(text);
  a.scope_id(zone);
  return a;
}

}  // namespace

BOOST_AUTO_TEST_CASE(group_follows_the_source_scope) {
  const auto link = ssdp::multicast_group_v6(scoped("fe80::2", 7));
  BOOST_TEST(link == scoped("ff02::c", 7));  // keeps the zone: it picks the outgoing interface
  BOOST_TEST(ssdp::multicast_group_v6(ip::make_address_v6("fd6b:6b::2")) == ip::make_address_v6("ff05::c"));
  BOOST_TEST(ssdp::multicast_group_v6(ip::make_address_v6("2001:db8::2")) == ip::make_address_v6("ff05::c"));
}

BOOST_AUTO_TEST_CASE(host_header_brackets_ipv6_and_drops_the_zone) {
  BOOST_TEST(ssdp::host_header(ip::udp::endpoint(scoped("ff02::c", 7), 1900)) == "[ff02::c]:1900");
  BOOST_TEST(ssdp::host_header(ip::udp::endpoint(ip::make_address("ff05::c"), 1900)) == "[ff05::c]:1900");
  BOOST_TEST(ssdp::host_header(ip::udp::endpoint(ip::make_address("fd6b:6b::1"), 49152)) == "[fd6b:6b::1]:49152");
  BOOST_TEST(ssdp::host_header(ip::udp::endpoint(ip::make_address("239.255.255.250"), 1900)) ==
             "239.255.255.250:1900");
}

BOOST_AUTO_TEST_CASE(link_local_sources_admit_only_their_interface) {
  const std::vector<ssdp::ip_prefix> lan{ssdp::ip_prefix(ip::make_address("fd6b:6b::1"), 64),
                                         ssdp::link_local_sources(7)};
  BOOST_TEST(ssdp::source_allowed(lan, scoped("fe80::2", 7)));
  BOOST_TEST(ssdp::source_allowed(lan, scoped("fe80::abcd:1234", 7)));
  BOOST_TEST(!ssdp::source_allowed(lan, scoped("fe80::2", 8)));  // same address, another link (WAN)
  BOOST_TEST(!ssdp::source_allowed(lan, ip::make_address("fe80::2")));  // no zone: not known to be ours
  BOOST_TEST(ssdp::source_allowed(lan, ip::make_address("fd6b:6b::99")));
  BOOST_TEST(!ssdp::source_allowed(lan, ip::make_address("fd6b:6c::2")));
  BOOST_TEST(!ssdp::source_allowed(lan, ip::make_address("2001:db8::2")));
  BOOST_TEST(!ssdp::source_allowed(lan, ip::make_address("10.0.0.2")));
  // The default for a ULA listen address alone (no multicast interface) stays its /64.
  const auto ula_only = ssdp::default_allowed_sources(ip::make_address("fd6b:6b::1"));
  BOOST_TEST(ssdp::source_allowed(ula_only, ip::make_address("fd6b:6b::2")));
  BOOST_TEST(!ssdp::source_allowed(ula_only, scoped("fe80::2", 7)));
}

BOOST_AUTO_TEST_CASE(parsed_prefix_without_zone_admits_any_link) {
  const auto any_link = ssdp::ip_prefix::parse("fe80::/10");
  BOOST_REQUIRE(any_link.has_value());
  BOOST_TEST(any_link->contains(scoped("fe80::2", 7)));
  BOOST_TEST(any_link->contains(scoped("fe80::2", 8)));
}

BOOST_AUTO_TEST_CASE(interface_of_an_address) {
  BOOST_TEST(ssdp::interface_index_of(scoped("fe80::2", 7)).value_or(0) == 7u);  // the zone says it
  BOOST_TEST(!ssdp::interface_index_of(ip::make_address_v6("2001:db8:ffff::7")).has_value());
}
