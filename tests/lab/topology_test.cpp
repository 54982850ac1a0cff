// The pure topology: where an Internet packet to a virtual address:port ends up, per mode.
#define BOOST_TEST_MODULE lab_topology
#include <boost/test/unit_test.hpp>

#include "igdkit/sim/topology.hpp"

using namespace igdkit;
using namespace igdkit::sim;
namespace ip = boost::asio::ip;

namespace {

port_mapping mapping(std::uint16_t ext, const char* client, std::uint16_t internal, protocol p = protocol::tcp) {
  port_mapping m;
  m.key.external_port = ext;
  m.key.proto = p;
  m.internal_client = ip::make_address_v4(client);
  m.internal_port = internal;
  m.description = "svc";
  return m;
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(mode_names_round_trip_and_defaults_match_the_documented_addresses) {
  for (auto m : {nat_mode::nat, nat_mode::cgnat, nat_mode::double_nat, nat_mode::no_nat})
    BOOST_TEST((parse_nat_mode(to_string(m)) == m));
  BOOST_TEST(!parse_nat_mode("NAT"));
  BOOST_TEST(default_topology(nat_mode::nat).public_ip.to_string() == "203.0.113.10");
  BOOST_TEST(default_topology(nat_mode::cgnat).wan_ip.to_string() == "100.64.0.10");
  BOOST_TEST(default_topology(nat_mode::cgnat).public_ip.to_string() == "203.0.113.20");
  BOOST_TEST(default_topology(nat_mode::double_nat).wan_ip.to_string() == "192.168.1.10");
  BOOST_TEST(default_topology(nat_mode::double_nat).public_ip.to_string() == "203.0.113.30");
}

BOOST_AUTO_TEST_CASE(nat_forwards_a_mapped_port_and_names_what_is_missing) {
  const auto t = default_topology(nat_mode::nat);
  const std::vector home{mapping(8080, "192.168.1.20", 80)};
  auto hit = trace_inbound(t, protocol::tcp, t.public_ip, 8080, home, {});
  BOOST_TEST(hit.reachable);
  BOOST_REQUIRE(hit.target);
  BOOST_TEST(hit.target->internal_client.to_string() == "192.168.1.20");
  BOOST_TEST(hit.target->internal_port == 80);
  BOOST_TEST(hit.hops.size() == 1u);

  auto udp = trace_inbound(t, protocol::udp, t.public_ip, 8080, home, {});
  BOOST_TEST(!udp.reachable);
  BOOST_TEST(contains(udp.reason, "no port mapping for UDP port 8080"));

  auto elsewhere = trace_inbound(t, protocol::tcp, ip::make_address_v4("198.51.100.99"), 8080, home, {});
  BOOST_TEST(!elsewhere.reachable);
  BOOST_TEST(contains(elsewhere.reason, "not an address of this network"));

  BOOST_TEST(reachable_routes(t, home, {}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(disabled_and_foreign_remote_host_mappings_are_not_reachable) {
  const auto t = default_topology(nat_mode::nat);
  auto off = mapping(1000, "192.168.1.20", 1000);
  off.enabled = false;
  auto restricted = mapping(2000, "192.168.1.20", 2000);
  restricted.key.remote_host = ip::make_address_v4("192.0.2.1");
  auto for_prober = mapping(3000, "192.168.1.20", 3000);
  for_prober.key.remote_host = t.internet_source;
  const std::vector home{off, restricted, for_prober};
  BOOST_TEST(!trace_inbound(t, protocol::tcp, t.public_ip, 1000, home, {}).reachable);
  auto r = trace_inbound(t, protocol::tcp, t.public_ip, 2000, home, {});
  BOOST_TEST(!r.reachable);
  BOOST_TEST(contains(r.reason, "only admits remote host 192.0.2.1"));
  BOOST_TEST(trace_inbound(t, protocol::tcp, t.public_ip, 3000, home, {}).reachable);
  BOOST_TEST(reachable_routes(t, home, {}).size() == 1u);
}

BOOST_AUTO_TEST_CASE(no_nat_speaks_of_the_firewall) {
  const auto t = default_topology(nat_mode::no_nat);
  auto r = trace_inbound(t, protocol::tcp, t.public_ip, 22, std::vector<port_mapping>{}, {});
  BOOST_TEST(!r.reachable);
  BOOST_TEST(contains(r.reason, "firewall blocks TCP port 22"));
  const std::vector home{mapping(22, "192.168.1.5", 22)};
  BOOST_TEST(trace_inbound(t, protocol::tcp, t.public_ip, 22, home, {}).reachable);
}

BOOST_AUTO_TEST_CASE(cgnat_accepts_the_mapping_but_nothing_reaches_it) {
  const auto t = default_topology(nat_mode::cgnat);
  const std::vector home{mapping(8080, "192.168.1.20", 80)};
  auto r = trace_inbound(t, protocol::tcp, t.public_ip, 8080, home, {});
  BOOST_TEST(!r.reachable);
  BOOST_TEST(contains(r.reason, "carrier-grade NAT"));
  BOOST_TEST(contains(r.reason, "100.64.0.10"));
  auto shared = trace_inbound(t, protocol::tcp, t.wan_ip, 8080, home, {});
  BOOST_TEST(!shared.reachable);
  BOOST_TEST(contains(shared.reason, "RFC 6598"));
  BOOST_TEST(reachable_routes(t, home, {}).empty());
}

BOOST_AUTO_TEST_CASE(double_nat_needs_a_matching_upstream_mapping) {
  auto t = default_topology(nat_mode::double_nat);
  const std::vector home{mapping(8080, "192.168.1.20", 80)};
  auto r = trace_inbound(t, protocol::tcp, t.public_ip, 8080, home, {});
  BOOST_TEST(!r.reachable);
  BOOST_TEST(contains(r.reason, "double NAT"));
  BOOST_TEST(contains(r.reason, "does not run UPnP"));

  t.upstream_upnp = true;
  const std::vector upstream_to_home{mapping(9000, "192.168.1.10", 8080)};
  auto through = trace_inbound(t, protocol::tcp, t.public_ip, 9000, home, upstream_to_home);
  BOOST_TEST(through.reachable);
  BOOST_TEST(through.hops.size() == 2u);
  BOOST_TEST(through.target->internal_port == 80);
  const auto routes = reachable_routes(t, home, upstream_to_home);
  BOOST_REQUIRE(routes.size() == 1u);
  BOOST_TEST(routes[0].public_port == 9000);

  const std::vector upstream_elsewhere{mapping(9000, "192.168.1.99", 8080)};
  auto wrong = trace_inbound(t, protocol::tcp, t.public_ip, 9000, home, upstream_elsewhere);
  BOOST_TEST(!wrong.reachable);
  BOOST_TEST(contains(wrong.reason, "not to the home router"));

  auto private_wan = trace_inbound(t, protocol::tcp, t.wan_ip, 8080, home, {});
  BOOST_TEST(contains(private_wan.reason, "private address"));
}
