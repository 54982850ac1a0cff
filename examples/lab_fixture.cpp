// Embedding the simulated home network in your own Boost.Test suite: a fixture starts a
// sim::lab on loopback (here in cgnat and nat mode), the code under test maps its port through
// the IGD as usual, and the Internet-side probe tells whether anyone outside could reach it.
// Built and run by CTest, so this file cannot go stale.
#define BOOST_TEST_MODULE example_lab_fixture
#include <boost/test/unit_test.hpp>

#include <igdkit/igd/client.hpp>
#include <igdkit/sim/lab.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>

#include <future>
#include <tuple>
#include <thread>

namespace asio = boost::asio;
using namespace igdkit;

// The lab runs on its own io_context thread; `run` hops onto it, since a lab is not thread-safe.
struct home_network {
  explicit home_network(sim::nat_mode mode) {
    sim::lab_options options;
    options.topology = sim::default_topology(mode);
    network = std::make_unique<sim::lab>(io.get_executor(), options);
    std::string why;
    if (auto ec = network->start(&why)) BOOST_FAIL("lab did not start: " << why);
    thread = std::thread([this] { io.run(); });
  }
  ~home_network() {
    asio::post(io, [this] {
      network->stop();
      work.reset();
    });
    thread.join();
  }

  template <class F>
  auto run(F f) {
    std::packaged_task<decltype(f(*network))()> task([&] { return f(*network); });
    auto result = task.get_future();
    asio::post(io, [&] { task(); });
    return result.get();
  }

  sim::probe_result probe_from_internet(std::uint16_t port) {
    auto pending = run([&](sim::lab& l) {
      sim::probe_request r{protocol::tcp, l.options().topology.public_ip, port, std::nullopt};
      return l.async_probe(r, asio::use_future);
    });
    return pending.get();  // a failure arrives as boost::system::system_error
  }

  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::unique_ptr<sim::lab> network;
  std::thread thread;
};

// Stands in for the integrator's service: a TCP listener on the LAN (loopback) side.
struct my_service {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), 0}};
  std::uint16_t port() const { return acceptor.local_endpoint().port(); }
};

// What the integrator's code would do at start-up: map the service's port on the gateway.
void open_port(const boost::urls::url& gateway, std::uint16_t port) {
  igd::client client(asio::system_executor{});
  client.open(gateway);
  igd::mapping_request m;
  m.external_port = 28080;
  m.internal_port = port;
  m.internal_client = asio::ip::make_address("127.0.0.1");
  m.description = "my camera";
  client.add_port_mapping(m);  // throws std::system_error on failure
}

BOOST_AUTO_TEST_CASE(behind_plain_nat_the_port_is_reachable) {
  home_network home(sim::nat_mode::nat);
  my_service service;
  open_port(home.run([](sim::lab& l) { return l.description_url(); }), service.port());
  const auto probe = home.probe_from_internet(28080);
  BOOST_TEST(probe.reachable, probe.reason);
}

BOOST_AUTO_TEST_CASE(behind_carrier_grade_nat_the_mapping_succeeds_but_nobody_can_reach_it) {
  home_network home(sim::nat_mode::cgnat);
  my_service service;
  open_port(home.run([](sim::lab& l) { return l.description_url(); }), service.port());  // no error!
  const auto probe = home.probe_from_internet(28080);
  BOOST_TEST(!probe.reachable);
  BOOST_TEST_MESSAGE("why: " << probe.reason);  // "carrier-grade NAT: the home router maps ..."
}
