// The lab's data path at table sizes beyond one descriptor per mapping: under the default
// configuration and `ulimit -n 1024`, 2,000 reachable mappings in nat mode open only the eager
// budget of forwarders; any other mapping gets its endpoint on demand (find_public_endpoint, a
// probe), which carries traffic and is closed again once idle; a lease's end withdraws its
// endpoint on time (the expiry timer, no per-second sweep of the table).
#define BOOST_TEST_MODULE lab_scale
#include <boost/test/unit_test.hpp>

#include "lab_rig.hpp"

#include "igdkit/igd/client.hpp"

#include <boost/asio/read.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>

using namespace igdkit;
using namespace igdkit::sim;
using namespace igdkit::sim::test;
using namespace std::chrono_literals;

namespace {

constexpr std::uint16_t first_port = 20000;

std::size_t open_descriptors() {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

// The limit a default shell gives; the table below is twice as large.
void limit_descriptors_to_1024() {
  rlimit r{};
  BOOST_REQUIRE(::getrlimit(RLIMIT_NOFILE, &r) == 0);
  r.rlim_cur = std::min<rlim_t>(r.rlim_cur, 1024);
  BOOST_REQUIRE(::setrlimit(RLIMIT_NOFILE, &r) == 0);
}

lab_options big_table(std::size_t mappings) {
  lab_options o;
  o.topology = default_topology(nat_mode::nat);
  o.router.config.max_mappings = mappings;
  o.router.config.max_mappings_per_client = mappings;
  return o;
}

void add(igd::client& c, std::uint16_t external, std::uint16_t internal, std::chrono::seconds lease = 3600s) {
  igd::add_port_mapping_request req;
  req.external_port = external;
  req.protocol = protocol::tcp;
  req.internal_port = internal;
  req.internal_client = asio::ip::make_address("127.0.0.1");
  req.description = "scale " + std::to_string(external);
  req.lease = lease;
  std::error_code ec;
  c.invoke<igd::add_port_mapping>(req, ec);
  BOOST_REQUIRE_MESSAGE(!ec, "AddPortMapping " << external << ": " << ec.message());
}

// Counts the endpoints the lab withdraws (its on_endpoints_changed hook, on the lab's thread),
// so a test waits for the withdrawal itself, not for time to pass.
class withdrawals {
 public:
  void attach(lab_options& o) {
    o.on_endpoints_changed = [this](const std::vector<public_endpoint>&, const std::vector<public_route>& closed) {
      std::lock_guard lock(mutex_);
      for (const auto& r : closed) closed_ports_.push_back(r.public_port);
      changed_.notify_all();
    };
  }
  bool wait_for(std::uint16_t port, std::chrono::milliseconds limit = 5000ms) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [&] {
      return std::find(closed_ports_.begin(), closed_ports_.end(), port) != closed_ports_.end();
    });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::uint16_t> closed_ports_;
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_table_twice_the_descriptor_limit_opens_only_the_eager_budget) {
  limit_descriptors_to_1024();
  constexpr std::size_t count = 2000;
  running_lab l(big_table(count));
  BOOST_REQUIRE_MESSAGE(!l.start_error(), l.start_detail());
  const auto eager = l.on_lab([](lab& x) { return x.options().eager_endpoints; });
  igd::client c(asio::system_executor{});
  c.open(l.description_url());
  const auto before = open_descriptors();
  for (std::uint16_t i = 0; i < count; ++i) add(c, static_cast<std::uint16_t>(first_port + i), l.tcp_echo_port());
  BOOST_TEST(l.on_lab([](lab& x) { return x.public_endpoints().size(); }) == eager);
  BOOST_TEST(open_descriptors() <= before + eager + 8);  // + the client's own context and connection

  const auto public_ip = l.on_lab([](lab& x) { return x.options().topology.public_ip; });
  const std::uint16_t last = first_port + count - 1;
  const auto ep = l.on_lab([&](lab& x) { return x.find_public_endpoint(protocol::tcp, public_ip, last); });
  BOOST_REQUIRE_MESSAGE(ep.has_value(), "no on-demand endpoint for the last mapping");
  BOOST_TEST(ep->route.public_port == last);
  BOOST_TEST(echo_through(*ep, "through an on-demand endpoint") == "through an on-demand endpoint");
  const auto probed = l.probe(protocol::tcp, public_ip, static_cast<std::uint16_t>(last - 1));
  BOOST_TEST(probed.reachable, probed.reason);
  BOOST_TEST(l.on_lab([](lab& x) { return x.public_endpoints().size(); }) == eager + 2);
  const auto log = l.on_lab([](lab& x) { return x.log(10000); });
  for (const auto& e : log) BOOST_TEST(e.detail.find("cannot publish") == std::string::npos, e.detail);
}

BOOST_AUTO_TEST_CASE(an_on_demand_endpoint_closes_once_idle) {
  auto o = big_table(16);
  o.eager_endpoints = 0;
  o.endpoint_idle_timeout = 200ms;
  withdrawals gone;
  gone.attach(o);
  running_lab l(o);
  BOOST_REQUIRE_MESSAGE(!l.start_error(), l.start_detail());
  igd::client c(asio::system_executor{});
  c.open(l.description_url());
  add(c, first_port, l.tcp_echo_port());
  BOOST_TEST(l.on_lab([](lab& x) { return x.public_endpoints().size(); }) == 0u);
  const auto public_ip = l.on_lab([](lab& x) { return x.options().topology.public_ip; });
  const auto ep = l.on_lab([&](lab& x) { return x.find_public_endpoint(protocol::tcp, public_ip, first_port); });
  BOOST_REQUIRE(ep.has_value());
  BOOST_TEST(echo_through(*ep, "once") == "once");
  BOOST_TEST(gone.wait_for(first_port), "the idle on-demand endpoint was never closed");
  BOOST_TEST(l.on_lab([](lab& x) { return x.public_endpoints().size(); }) == 0u);
  // Asked for again, it opens again.
  BOOST_TEST(l.on_lab([&](lab& x) { return x.find_public_endpoint(protocol::tcp, public_ip, first_port); }).has_value());
}

BOOST_AUTO_TEST_CASE(a_lease_end_withdraws_its_endpoint_without_any_request) {
  auto o = big_table(16);
  withdrawals gone;
  gone.attach(o);
  running_lab l(o);
  BOOST_REQUIRE_MESSAGE(!l.start_error(), l.start_detail());
  igd::client c(asio::system_executor{});
  c.open(l.description_url());
  add(c, first_port, l.tcp_echo_port(), 1s);
  add(c, first_port + 1, l.tcp_echo_port(), 3600s);
  BOOST_TEST(l.on_lab([](lab& x) { return x.public_endpoints().size(); }) == 2u);
  BOOST_TEST(gone.wait_for(first_port), "the endpoint outlived its lease");
  const auto left = l.on_lab([](lab& x) { return x.public_endpoints(); });
  BOOST_REQUIRE(left.size() == 1u);
  BOOST_TEST(left.front().route.public_port == first_port + 1);
}
