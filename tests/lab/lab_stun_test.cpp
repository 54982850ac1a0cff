// The lab's STUN server answers what the topology shows to the Internet: the home router's WAN
// address in nat, the carrier NAT's in cgnat, the upstream router's in double-nat (so a client
// comparing it with GetExternalIPAddress can tell another NAT is upstream), with the client's
// own source port; after set_wan_ip the answer follows. Also: it is off with lab_options::stun
// false, and shows in the snapshot.
#define BOOST_TEST_MODULE lab_stun
#include <boost/test/unit_test.hpp>

#include "lab_rig.hpp"

#include "igdkit/stun/client.hpp"

#include <chrono>

using namespace igdkit;
using namespace igdkit::sim;
using namespace igdkit::sim::test;
using namespace std::chrono_literals;

namespace {

lab_options options_for(nat_mode mode) {
  lab_options o;
  o.topology = default_topology(mode);
  o.admin = false;
  return o;
}

// One query from its own io_context on the test thread (the lab runs on its own thread).
struct query_outcome {
  boost::system::error_code ec;
  stun::binding_result result;
  std::uint16_t local_port = 0;
};

query_outcome query(const asio::ip::udp::endpoint& server) {
  asio::io_context io;
  stun::query_options o;
  o.timeout = 2000ms;
  o.initial_rto = 200ms;
  query_outcome out;
  stun::async_query(io.get_executor(), server, o, [&](boost::system::error_code ec, stun::binding_result r) {
    out.ec = ec;
    out.result = r;
  });
  io.run();
  return out;
}

void expect_public_address(nat_mode mode, const char* expected) {
  running_lab l(options_for(mode));
  BOOST_REQUIRE_MESSAGE(!l.start_error(), l.start_detail());
  const auto server = l.on_lab([](lab& x) { return x.stun_endpoint(); });
  BOOST_TEST(server.address() == asio::ip::address(loopback_v4));
  BOOST_REQUIRE(server.port() != 0);
  const auto out = query(server);
  BOOST_REQUIRE_MESSAGE(!out.ec, to_string(mode) << ": " << out.ec.message());
  BOOST_TEST(out.result.mapped.address().to_string() == expected, to_string(mode));
  BOOST_TEST(out.result.mapped.port() != 0);
  // The topology's own word for it.
  const auto snapshot = l.on_lab([](lab& x) { return x.snapshot(); });
  BOOST_TEST(out.result.mapped.address() == asio::ip::address(snapshot.public_ip));
  BOOST_TEST(snapshot.stun == "127.0.0.1:" + std::to_string(server.port()));
}

}  // namespace

BOOST_AUTO_TEST_CASE(nat_answers_the_home_router_wan_address) { expect_public_address(nat_mode::nat, "203.0.113.10"); }

BOOST_AUTO_TEST_CASE(cgnat_answers_the_carrier_nat_address) { expect_public_address(nat_mode::cgnat, "203.0.113.20"); }

BOOST_AUTO_TEST_CASE(double_nat_answers_the_upstream_router_address) {
  expect_public_address(nat_mode::double_nat, "203.0.113.30");
}

BOOST_AUTO_TEST_CASE(mapped_port_is_the_requester_source_port) {
  running_lab l(options_for(nat_mode::nat));
  BOOST_REQUIRE_MESSAGE(!l.start_error(), l.start_detail());
  const auto server = l.on_lab([](lab& x) { return x.stun_endpoint(); });
  // A hand-made request from a socket whose port the test knows.
  asio::io_context io;
  asio::ip::udp::socket s(io, {loopback_v4, 0});
  const stun::transaction_id id{9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2};
  s.send_to(asio::buffer(stun::build_binding_request(id)), server);
  std::array<std::uint8_t, 1024> buf{};
  asio::ip::udp::endpoint from;
  const auto n = s.receive_from(asio::buffer(buf), from);
  BOOST_TEST(from == server);
  auto r = stun::parse_binding_response(std::span<const std::uint8_t>(buf.data(), n), id);
  BOOST_REQUIRE(r.has_value());
  const auto& success = std::get<stun::binding_success>(*r);
  BOOST_TEST(success.mapped.port() == s.local_endpoint().port());
  BOOST_TEST(success.fingerprint);
}

BOOST_AUTO_TEST_CASE(answer_follows_set_wan_ip) {
  running_lab l(options_for(nat_mode::nat));
  BOOST_REQUIRE_MESSAGE(!l.start_error(), l.start_detail());
  const auto server = l.on_lab([](lab& x) { return x.stun_endpoint(); });
  auto before = query(server);
  BOOST_REQUIRE_MESSAGE(!before.ec, before.ec.message());
  BOOST_TEST(before.result.mapped.address().to_string() == "203.0.113.10");
  l.on_lab([](lab& x) {
    x.set_wan_ip(asio::ip::make_address_v4("203.0.113.99"));
    return 0;
  });
  auto after = query(server);
  BOOST_REQUIRE_MESSAGE(!after.ec, after.ec.message());
  BOOST_TEST(after.result.mapped.address().to_string() == "203.0.113.99");
}

BOOST_AUTO_TEST_CASE(cgnat_answer_follows_a_new_carrier_address) {
  running_lab l(options_for(nat_mode::cgnat));
  BOOST_REQUIRE_MESSAGE(!l.start_error(), l.start_detail());
  const auto server = l.on_lab([](lab& x) {
    x.set_wan_ip(asio::ip::make_address_v4("100.64.0.11"), asio::ip::make_address_v4("203.0.113.21"));
    return x.stun_endpoint();
  });
  auto out = query(server);
  BOOST_REQUIRE_MESSAGE(!out.ec, out.ec.message());
  BOOST_TEST(out.result.mapped.address().to_string() == "203.0.113.21");
}

BOOST_AUTO_TEST_CASE(stun_off_means_no_endpoint) {
  auto o = options_for(nat_mode::nat);
  o.stun = false;
  running_lab l(o);
  BOOST_REQUIRE_MESSAGE(!l.start_error(), l.start_detail());
  const auto ep = l.on_lab([](lab& x) { return x.stun_endpoint(); });
  BOOST_TEST(ep.port() == 0);
  BOOST_TEST(ep.address().is_unspecified());
  BOOST_TEST(l.on_lab([](lab& x) { return x.snapshot(); }).stun.empty());
}
