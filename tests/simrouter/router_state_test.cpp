#define BOOST_TEST_MODULE simrouter_core_state
#include <boost/test/unit_test.hpp>

#include "igdkit/sim/router_state.hpp"

#include <chrono>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using namespace igdkit::sim;
namespace ip = boost::asio::ip;

namespace {
const clock::time_point t0 = clock::time_point{} + 100h;

port_mapping make(std::uint16_t port, std::optional<clock::duration> lease = std::nullopt, const char* client = "192.168.1.10") {
  port_mapping m;
  m.key = {std::nullopt, port, igdkit::protocol::tcp};
  m.internal_port = port;
  m.internal_client = ip::make_address_v4(client);
  if (lease) m.expires_at = t0 + *lease;
  return m;
}

std::vector<std::uint16_t> ports(router_state& s, clock::time_point now) {
  std::vector<std::uint16_t> out;
  for (std::size_t i = 0; auto* m = s.at_index(i, now); ++i) out.push_back(m->key.external_port);
  return out;
}
}  // namespace

BOOST_AUTO_TEST_CASE(generic_index_is_insertion_order_and_compacts) {
  router_state s;
  for (int p : {5000, 3000, 4000, 1000}) s.upsert(make(static_cast<std::uint16_t>(p)), t0);
  BOOST_TEST(ports(s, t0) == (std::vector<std::uint16_t>{5000, 3000, 4000, 1000}), boost::test_tools::per_element());
  BOOST_TEST(s.erase({std::nullopt, 3000, igdkit::protocol::tcp}, t0));
  BOOST_TEST(ports(s, t0) == (std::vector<std::uint16_t>{5000, 4000, 1000}), boost::test_tools::per_element());
  // An overwrite keeps its slot.
  auto m = make(5000);
  m.description = "changed";
  BOOST_TEST((s.upsert(m, t0) == upsert_outcome::overwritten));
  BOOST_REQUIRE(s.at_index(0, t0) != nullptr);
  BOOST_TEST(s.at_index(0, t0)->description == "changed");
  BOOST_TEST(s.at_index(3, t0) == nullptr);
}

BOOST_AUTO_TEST_CASE(expires_exactly_when_lease_runs_out) {
  router_state s;
  s.upsert(make(4000, 10s), t0);
  s.upsert(make(4001), t0);  // permanent
  BOOST_TEST(remaining_lease(*s.find({std::nullopt, 4000, igdkit::protocol::tcp}, t0), t0).count() == 10);
  // Rounded up: half a second left still reads 1, never the "permanent" 0.
  const auto almost = t0 + 9500ms;
  BOOST_TEST(remaining_lease(*s.find({std::nullopt, 4000, igdkit::protocol::tcp}, almost), almost).count() == 1);
  const auto id = s.system_update_id();
  BOOST_TEST(s.find({std::nullopt, 4000, igdkit::protocol::tcp}, t0 + 10s) == nullptr);
  BOOST_TEST(s.system_update_id() == id + 1);
  BOOST_TEST(s.size(t0 + 1000h) == 1u);
  BOOST_TEST(remaining_lease(*s.at_index(0, t0 + 1000h), t0 + 1000h).count() == 0);
}

BOOST_AUTO_TEST_CASE(explicit_expire_and_counts) {
  router_state s;
  s.upsert(make(1, 5s), t0);
  s.upsert(make(2, 6s, "192.168.1.20"), t0);
  s.upsert(make(3, 7s), t0);
  BOOST_TEST(s.count_for(ip::make_address_v4("192.168.1.10"), t0) == 2u);
  BOOST_TEST(s.expire(t0 + 6s) == 2u);
  BOOST_TEST(s.count_for(ip::make_address_v4("192.168.1.20"), t0 + 6s) == 0u);
  BOOST_TEST(ports(s, t0 + 6s) == (std::vector<std::uint16_t>{3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(key_includes_remote_host_and_protocol) {
  router_state s;
  auto a = make(4000);
  auto b = make(4000);
  b.key.remote_host = ip::make_address_v4("198.51.100.1");
  auto c = make(4000);
  c.key.proto = igdkit::protocol::udp;
  auto d = make(4000);
  d.key.remote_host = ip::make_address_v4("0.0.0.0");  // distinct from the wildcard
  for (auto* m : {&a, &b, &c, &d}) BOOST_TEST((s.upsert(*m, t0) == upsert_outcome::added));
  BOOST_TEST(s.on_port(4000, igdkit::protocol::tcp, t0).size() == 3u);
  BOOST_TEST(s.on_port(4000, igdkit::protocol::udp, t0).size() == 1u);
  BOOST_TEST(s.on_port(4001, igdkit::protocol::tcp, t0).empty());
}

BOOST_AUTO_TEST_CASE(system_update_id_counts_changes_only) {
  router_state s;
  const auto start = s.system_update_id();
  s.upsert(make(1), t0);
  s.upsert(make(1), t0);
  BOOST_TEST(!s.erase({std::nullopt, 9, igdkit::protocol::tcp}, t0));
  BOOST_TEST(s.erase({std::nullopt, 1, igdkit::protocol::tcp}, t0));
  BOOST_TEST(s.system_update_id() == start + 3);
}

BOOST_AUTO_TEST_CASE(observer_hears_every_change_as_before_and_after) {
  router_state s;
  std::vector<std::string> heard;
  s.set_observer([&](const port_mapping* before, const port_mapping* after) {
    auto text = [](const port_mapping* m) { return m ? std::to_string(m->key.external_port) + "/" + m->description : "-"; };
    heard.push_back(text(before) + " -> " + text(after));
  });
  auto a = make(80, 10s);
  a.description = "a";
  s.upsert(a, t0);
  a.description = "a2";
  s.upsert(a, t0);  // overwrite
  auto b = make(81);
  b.description = "b";
  s.upsert(b, t0);
  s.erase(b.key, t0);
  BOOST_TEST(!s.erase(b.key, t0));  // nothing removed, nothing heard
  s.upsert(b, t0);
  BOOST_TEST(s.size(t0 + 10s) == 1u);  // a's lease ran out
  s.clear();
  const std::vector<std::string> expected{"- -> 80/a", "80/a -> 80/a2", "- -> 81/b", "81/b -> -",
                                          "- -> 81/b", "80/a2 -> -",   "81/b -> -"};
  BOOST_TEST(heard == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(range_visit_is_one_protocol_in_port_order_and_stops_when_asked) {
  router_state s;
  for (int p : {5003, 5001, 5002, 6000}) s.upsert(make(static_cast<std::uint16_t>(p)), t0);
  auto udp = make(5002);
  udp.key.proto = igdkit::protocol::udp;
  s.upsert(udp, t0);
  std::vector<std::uint16_t> seen;
  s.for_each_in_range(5000, 5999, igdkit::protocol::tcp, t0, [&](const port_mapping& m) {
    seen.push_back(m.key.external_port);
    return true;
  });
  BOOST_TEST(seen == (std::vector<std::uint16_t>{5001, 5002, 5003}), boost::test_tools::per_element());
  seen.clear();
  s.for_each_in_range(1, 65535, igdkit::protocol::tcp, t0, [&](const port_mapping& m) {
    seen.push_back(m.key.external_port);
    return seen.size() < 2;
  });
  BOOST_TEST(seen == (std::vector<std::uint16_t>{5001, 5002}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(forwarding_to_finds_mappings_by_client_and_internal_port) {
  router_state s;
  auto m = make(9000, std::nullopt, "192.168.1.10");
  m.internal_port = 8080;
  s.upsert(m, t0);
  auto other = make(9001, std::nullopt, "192.168.1.11");
  other.internal_port = 8080;
  s.upsert(other, t0);
  const auto found = s.forwarding_to(ip::make_address_v4("192.168.1.10"), 8080, igdkit::protocol::tcp, t0);
  BOOST_REQUIRE(found.size() == 1u);
  BOOST_TEST(found.front().key.external_port == 9000);
  BOOST_TEST(s.forwarding_to(ip::make_address_v4("192.168.1.10"), 8080, igdkit::protocol::udp, t0).empty());
  BOOST_TEST(s.count_for(ip::make_address_v4("192.168.1.10"), t0) == 1u);
}
