// The lab prober kind against a real in-process sim::lab (nat mode): a port mapped through the
// lab's IGD to a local listener is reachable via POST /probe; an unmapped one is not, with the
// lab's own reason; the UDP convention (echo the nonce) holds through the same client.
#define BOOST_TEST_MODULE igd_reach_prober_lab
#include <boost/test/unit_test.hpp>

#include "igd/reach/reach_rig.hpp"
#include "lab/lab_rig.hpp"

#include "igdkit/igd/client.hpp"
#include "igdkit/igd/reach/prober.hpp"

#include <boost/asio/use_future.hpp>

using namespace igdkit;
using namespace igdkit::sim;
using namespace igdkit::sim::test;
using namespace std::chrono_literals;
namespace reach = igdkit::igd::reach;

namespace {

constexpr std::uint16_t tcp_port = 18280;
constexpr std::uint16_t udp_port = 18281;
constexpr std::uint16_t unmapped_port = 18289;

std::tuple<boost::system::error_code, reach::probe_outcome> ask(const reach::prober& p, protocol proto,
                                                                std::uint16_t port) {
  asio::io_context io;
  reach::probe_target t;
  t.proto = proto;
  t.external_ip = asio::ip::make_address_v4("203.0.113.10");
  t.port = port;
  t.timeout = 1000ms;
  auto f = igdkit::test::reach::start_with_future<reach::probe_outcome>(
      [&](auto h) { reach::async_probe(io.get_executor(), p, t, std::move(h)); });
  io.run();
  return f.get();
}

void map(igd::client& c, std::uint16_t external, std::uint16_t internal, protocol p) {
  igd::mapping_request m;
  m.external_port = external;
  m.internal_port = internal;
  m.proto = p;
  m.internal_client = asio::ip::make_address("127.0.0.1");
  m.description = "reach test";
  std::error_code ec;
  c.add_port_mapping(m, ec);
  BOOST_REQUIRE_MESSAGE(!ec, "AddPortMapping: " << ec.message());
}

}  // namespace

BOOST_AUTO_TEST_CASE(lab_kind_reports_mapped_reachable_and_unmapped_not) {
  lab_options o;
  o.topology = default_topology(nat_mode::nat);
  o.probe_timeout = 1000ms;
  running_lab l(o);
  BOOST_REQUIRE_MESSAGE(!l.start_error(), l.start_detail());
  igd::client c(asio::system_executor{});
  c.open(l.description_url());
  map(c, tcp_port, l.tcp_echo_port(), protocol::tcp);
  map(c, udp_port, l.udp_echo_port(), protocol::udp);

  const auto admin = l.on_lab([](lab& x) { return x.admin_url(); });
  auto p = reach::prober::parse("lab:" + std::string(admin.buffer()));
  BOOST_REQUIRE(p.has_value());

  auto [ec, tcp] = ask(*p, protocol::tcp, tcp_port);
  BOOST_REQUIRE_MESSAGE(!ec, ec.message());
  BOOST_TEST(tcp.reachable, tcp.reason);
  BOOST_TEST(tcp.rtt_ms.has_value());
  BOOST_TEST(!tcp.observed_address.has_value());  // the lab is told the address, it observes none

  auto [uec, udp] = ask(*p, protocol::udp, udp_port);
  BOOST_REQUIRE_MESSAGE(!uec, uec.message());
  BOOST_TEST(udp.reachable, udp.reason);

  auto [nec, unmapped] = ask(*p, protocol::tcp, unmapped_port);
  BOOST_REQUIRE_MESSAGE(!nec, nec.message());
  BOOST_TEST(!unmapped.reachable);
  // The lab's own words, passed through unchanged.
  const auto direct = l.probe(protocol::tcp, asio::ip::make_address_v4("203.0.113.10"), unmapped_port);
  BOOST_TEST(!unmapped.reason.empty());
  BOOST_TEST(unmapped.reason == direct.reason);
}
