// The lab end to end, per topology mode: a client maps a port to a real local TCP service and
// to a UDP echo service through the IGD; then the Internet-side probe and a plain TCP connect
// to the published loopback endpoint succeed in nat/no-nat and fail in cgnat/double-nat,
// while the IGD still reports success, as real routers do. Plus 100 MB through a mapping.
#define BOOST_TEST_MODULE lab_modes
#include <boost/test/unit_test.hpp>

#include "lab_rig.hpp"

#include "igdkit/igd/client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/crc.hpp>

#include <chrono>
#include <iostream>
#include <random>

using namespace igdkit;
using namespace igdkit::sim;
using namespace igdkit::sim::test;
using namespace std::chrono_literals;

namespace {

constexpr std::uint16_t tcp_public_port = 18080;
constexpr std::uint16_t udp_public_port = 18081;

lab_options options_for(nat_mode mode, bool upstream_upnp = false) {
  lab_options o;
  o.topology = default_topology(mode);
  o.topology.upstream_upnp = upstream_upnp;
  o.probe_timeout = 1000ms;
  return o;
}

igd::mapping_request mapping(std::uint16_t ext, std::uint16_t internal, protocol p,
                             const char* client = "127.0.0.1") {
  igd::mapping_request m;
  m.external_port = ext;
  m.internal_port = internal;
  m.proto = p;
  m.internal_client = asio::ip::make_address(client);
  m.description = "lab test";
  return m;
}

// Maps TCP 18080 -> the echo service and UDP 18081 -> the UDP echo service; both must succeed
// whatever the topology (the IGD cannot know what is upstream of it).
void map_services(running_lab& l, igd::client& c) {
  std::error_code ec;
  c.add_port_mapping(mapping(tcp_public_port, l.tcp_echo_port(), protocol::tcp), ec);
  BOOST_REQUIRE_MESSAGE(!ec, "AddPortMapping TCP: " << ec.message());
  c.add_port_mapping(mapping(udp_public_port, l.udp_echo_port(), protocol::udp), ec);
  BOOST_REQUIRE_MESSAGE(!ec, "AddPortMapping UDP: " << ec.message());
}

struct mode_outcome {
  probe_result tcp, udp;
  std::optional<public_endpoint> tcp_endpoint;
  std::optional<asio::ip::address> reported_external_ip;
};

mode_outcome run_mode(nat_mode mode) {
  running_lab l(options_for(mode));
  BOOST_REQUIRE_MESSAGE(!l.start_error(), l.start_detail());
  igd::client c(asio::system_executor{});
  c.open(l.description_url());
  map_services(l, c);
  mode_outcome out;
  std::error_code ec;
  out.reported_external_ip = c.external_ip(ec);
  BOOST_REQUIRE_MESSAGE(!ec, "GetExternalIPAddress: " << ec.message());
  BOOST_REQUIRE_MESSAGE(out.reported_external_ip.has_value(), "GetExternalIPAddress answered no address");
  const auto public_ip = l.on_lab([](lab& x) { return x.options().topology.public_ip; });
  out.tcp = l.probe(protocol::tcp, public_ip, tcp_public_port);
  out.udp = l.probe(protocol::udp, public_ip, udp_public_port);
  out.tcp_endpoint = l.on_lab([&](lab& x) { return x.find_public_endpoint(protocol::tcp, public_ip, tcp_public_port); });
  if (out.tcp_endpoint) BOOST_TEST(echo_through(*out.tcp_endpoint, "hello through the NAT") == "hello through the NAT");
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(nat_mapping_is_reachable_from_the_internet) {
  const auto r = run_mode(nat_mode::nat);
  BOOST_TEST(r.reported_external_ip->to_string() == "203.0.113.10");
  BOOST_TEST_MESSAGE("nat tcp: " << r.tcp.reason);
  BOOST_TEST(r.tcp.reachable);
  BOOST_TEST(r.udp.reachable, r.udp.reason);
  BOOST_TEST(r.tcp.rtt_ms.has_value());
  BOOST_TEST(r.tcp_endpoint.has_value());
}

BOOST_AUTO_TEST_CASE(no_nat_mapping_opens_the_firewall) {
  const auto r = run_mode(nat_mode::no_nat);
  BOOST_TEST(r.reported_external_ip->to_string() == "203.0.113.10");
  BOOST_TEST(r.tcp.reachable, r.tcp.reason);
  BOOST_TEST(r.udp.reachable, r.udp.reason);
  BOOST_TEST(r.tcp_endpoint.has_value());
}

BOOST_AUTO_TEST_CASE(cgnat_router_accepts_the_mapping_that_nobody_can_reach) {
  const auto r = run_mode(nat_mode::cgnat);
  BOOST_TEST(r.reported_external_ip->to_string() == "100.64.0.10");  // the IGD says success
  BOOST_TEST(!r.tcp.reachable);
  BOOST_TEST(!r.udp.reachable);
  BOOST_TEST(r.tcp.reason.find("carrier-grade NAT") != std::string::npos, r.tcp.reason);
  BOOST_TEST(!r.tcp_endpoint.has_value());  // no public endpoint, exactly like the field
}

BOOST_AUTO_TEST_CASE(double_nat_without_upstream_mapping_is_unreachable) {
  const auto r = run_mode(nat_mode::double_nat);
  BOOST_TEST(r.reported_external_ip->to_string() == "192.168.1.10");
  BOOST_TEST(!r.tcp.reachable);
  BOOST_TEST(!r.udp.reachable);
  BOOST_TEST(r.tcp.reason.find("double NAT") != std::string::npos, r.tcp.reason);
  BOOST_TEST(!r.tcp_endpoint.has_value());
}

BOOST_AUTO_TEST_CASE(double_nat_with_upstream_igd_is_reachable_once_both_routers_map) {
  running_lab l(options_for(nat_mode::double_nat, true));
  BOOST_REQUIRE_MESSAGE(!l.start_error(), l.start_detail());
  igd::client home(asio::system_executor{});
  home.open(l.description_url());
  map_services(l, home);
  const auto t = l.on_lab([](lab& x) { return x.options().topology; });
  BOOST_TEST(!l.probe(protocol::tcp, t.public_ip, tcp_public_port).reachable);

  // The second hop: map on the upstream IGD towards the home router's WAN address.
  const auto upstream_url = l.on_lab([](lab& x) { return x.upstream()->description_url(); });
  igd::client upstream(asio::system_executor{});
  upstream.open(upstream_url);
  std::error_code ec;
  upstream.add_port_mapping(mapping(tcp_public_port, tcp_public_port, protocol::tcp, "192.168.1.10"), ec);
  BOOST_REQUIRE_MESSAGE(!ec, ec.message());
  const auto upstream_ip = upstream.external_ip(ec);
  BOOST_REQUIRE_MESSAGE(!ec, "upstream GetExternalIPAddress: " << ec.message());
  BOOST_REQUIRE(upstream_ip.has_value());
  BOOST_TEST(upstream_ip->to_string() == "203.0.113.30");

  const auto probe = l.probe(protocol::tcp, t.public_ip, tcp_public_port);
  BOOST_TEST(probe.reachable, probe.reason);
  BOOST_TEST(probe.hops.size() == 2u);
  const auto ep = l.on_lab([&](lab& x) { return x.find_public_endpoint(protocol::tcp, t.public_ip, tcp_public_port); });
  BOOST_REQUIRE(ep);
  BOOST_TEST(echo_through(*ep, "two hops") == "two hops");
}

BOOST_AUTO_TEST_CASE(a_mapping_to_a_dead_service_is_unreachable_with_the_reason) {
  running_lab l(options_for(nat_mode::nat));
  igd::client c(asio::system_executor{});
  c.open(l.description_url());
  // A port that was just free: bound, then closed again, so nothing listens there.
  std::uint16_t dead_port = 0;
  {
    asio::io_context io;
    asio::ip::tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
    dead_port = a.local_endpoint().port();
  }
  c.add_port_mapping(mapping(18090, dead_port, protocol::tcp));
  const auto probe = l.probe(protocol::tcp, asio::ip::make_address_v4("203.0.113.10"), 18090);
  BOOST_TEST(!probe.reachable);
  BOOST_TEST(probe.reason.find("nothing accepts connections") != std::string::npos, probe.reason);
  igd::port_mapping_key key;
  key.external_port = 18090;
  key.protocol = protocol::tcp;
  c.invoke<igd::delete_port_mapping>(key);
  const auto after = l.probe(protocol::tcp, asio::ip::make_address_v4("203.0.113.10"), 18090);
  BOOST_TEST(after.reason.find("no port mapping") != std::string::npos, after.reason);
}

BOOST_AUTO_TEST_CASE(wan_address_change_moves_the_public_endpoints) {
  running_lab l(options_for(nat_mode::nat));
  igd::client c(asio::system_executor{});
  c.open(l.description_url());
  map_services(l, c);
  const auto fresh = asio::ip::make_address_v4("203.0.113.77");
  l.on_lab([&](lab& x) { x.set_wan_ip(fresh); });
  const auto moved_ip = c.external_ip();
  BOOST_REQUIRE(moved_ip.has_value());
  BOOST_TEST(moved_ip->to_string() == "203.0.113.77");
  BOOST_TEST(!l.probe(protocol::tcp, asio::ip::make_address_v4("203.0.113.10"), tcp_public_port).reachable);
  BOOST_TEST(l.probe(protocol::tcp, fresh, tcp_public_port).reachable);
}

BOOST_AUTO_TEST_CASE(hundred_megabytes_through_a_mapping_keep_their_checksum) {
  running_lab l(options_for(nat_mode::nat));
  igd::client c(asio::system_executor{});
  c.open(l.description_url());
  map_services(l, c);
  const auto ep =
      l.on_lab([](lab& x) { return x.find_public_endpoint(protocol::tcp, x.options().topology.public_ip, tcp_public_port); });
  BOOST_REQUIRE(ep);

  constexpr std::size_t total = std::size_t{100} * 1024 * 1024;
  std::vector<char> chunk(std::size_t{256} * 1024);
  std::mt19937 rng(42);
  for (auto& b : chunk) b = static_cast<char>(rng());

  asio::io_context io;
  asio::ip::tcp::socket s(io);
  s.connect({ep->loopback_address, ep->loopback_port});
  boost::crc_32_type sent, received;
  std::size_t written = 0, read_back = 0;
  std::vector<char> in(std::size_t{256} * 1024);
  const auto t0 = std::chrono::steady_clock::now();
  // Write and read concurrently on one thread: the echo path would deadlock on full buffers
  // with blocking writes alone.
  std::function<void()> write_more = [&] {
    if (written == total) {
      s.shutdown(asio::ip::tcp::socket::shutdown_send);
      return;
    }
    const auto n = std::min(chunk.size(), total - written);
    asio::async_write(s, asio::buffer(chunk.data(), n), [&, n](boost::system::error_code ec, std::size_t) {
      BOOST_REQUIRE(!ec);
      sent.process_bytes(chunk.data(), n);
      written += n;
      write_more();
    });
  };
  std::function<void()> read_more = [&] {
    s.async_read_some(asio::buffer(in), [&](boost::system::error_code ec, std::size_t n) {
      received.process_bytes(in.data(), n);
      read_back += n;
      if (!ec) read_more();
    });
  };
  write_more();
  read_more();
  io.run();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "100 MB echoed through a lab mapping (both directions): " << seconds << " s\n";
  BOOST_TEST(written == total);
  BOOST_TEST(read_back == total);
  BOOST_TEST(sent.checksum() == received.checksum());
}
