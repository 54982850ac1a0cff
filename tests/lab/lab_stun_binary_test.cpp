// The simrouter binary's STUN server as a harness finds it: the stun= field of the ready line and
// "stun" in the ready file name it, and the igdkit::stun client gets the topology's public
// address from it; --stun-port picks the port, --no-stun leaves it out.
#define BOOST_TEST_MODULE lab_stun_binary
#include <boost/test/unit_test.hpp>

#include "running_binary.hpp"

#include "igdkit/stun/client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <csignal>
#include <thread>

namespace asio = boost::asio;
using namespace igdkit;
using namespace igdkit::sim::test;
using namespace std::chrono_literals;

namespace {

stun::binding_result query(const asio::ip::udp::endpoint& server) {
  asio::io_context io;
  stun::query_options o;
  o.timeout = 3000ms;
  o.initial_rto = 200ms;
  boost::system::error_code ec;
  stun::binding_result r;
  stun::async_query(io.get_executor(), server, o, [&](boost::system::error_code e, stun::binding_result x) {
    ec = e;
    r = x;
  });
  io.run();
  BOOST_REQUIRE_MESSAGE(!ec, ec.message());
  return r;
}

// A free UDP port on 127.0.0.1 (bound, read, released).
std::uint16_t free_udp_port() {
  asio::io_context io;
  asio::ip::udp::socket s(io, {asio::ip::make_address_v4("127.0.0.1"), 0});
  return s.local_endpoint().port();
}

}  // namespace

BOOST_AUTO_TEST_CASE(ready_line_and_file_name_the_stun_server) {
  temp_dir dir;
  const auto ready_file = (dir / "ready.json").string();
  running_binary b(dir, "double-nat", {"--mode", "double-nat", "--ready-file", ready_file});
  BOOST_REQUIRE_MESSAGE(b.fields.count("stun"), b.ready);
  BOOST_TEST(b.fields.at("stun").starts_with("127.0.0.1:"), b.ready);
  const auto file = boost::json::parse(read_text(ready_file)).as_object();
  BOOST_TEST(file.at("stun").as_string() == b.fields.at("stun"));
  const auto r = query(udp_endpoint_of(b.fields.at("stun")));
  BOOST_TEST(r.mapped.address().to_string() == "203.0.113.30");  // the upstream router's address
  BOOST_TEST(r.mapped.address().to_string() == b.fields.at("public"));
}

BOOST_AUTO_TEST_CASE(stun_port_flag_picks_the_port) {
  temp_dir dir;
  const auto port = free_udp_port();
  running_binary b(dir, "port", {"--stun-port", std::to_string(port)});
  BOOST_TEST(b.fields.at("stun") == "127.0.0.1:" + std::to_string(port), b.ready);
  BOOST_TEST(query(udp_endpoint_of(b.fields.at("stun"))).mapped.address().to_string() == "203.0.113.10");
}

BOOST_AUTO_TEST_CASE(no_stun_leaves_it_out) {
  temp_dir dir;
  const auto ready_file = (dir / "ready.json").string();
  running_binary b(dir, "nostun", {"--no-stun", "--ready-file", ready_file});
  BOOST_TEST(b.fields.count("stun") == 0u, b.ready);
  const auto file = boost::json::parse(read_text(ready_file)).as_object();
  BOOST_TEST(file.at("stun").as_string().empty());
}

BOOST_AUTO_TEST_CASE(bad_stun_port_is_refused) {
  temp_dir dir;
  const auto r = run_simrouter({"--stun-port", "70000"}, dir.path(), "badport");
  BOOST_TEST(r.exit_code == 2, r.err);
  BOOST_TEST(r.err.find("--stun-port must be 0..65535") != std::string::npos, r.err);
}
