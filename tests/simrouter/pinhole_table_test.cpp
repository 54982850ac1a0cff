#include <boost/test/unit_test.hpp>

#include "igdkit/sim/pinhole_table.hpp"

using namespace std::chrono_literals;
using namespace igdkit::sim;

namespace {
const clock::time_point p0 = clock::time_point{} + 100h;
pinhole_tuple tuple(std::uint16_t port) {
  return {std::nullopt, 0, boost::asio::ip::make_address_v6("2001:db8::10"), port, 6};
}
}  // namespace

BOOST_AUTO_TEST_CASE(pinhole_same_tuple_extends_and_keeps_id) {
  pinhole_table t(4);
  auto a = t.add(tuple(80), 10s, p0);
  BOOST_REQUIRE(a);
  BOOST_TEST(!a->extended);
  auto b = t.add(tuple(80), 100s, p0 + 5s);
  BOOST_REQUIRE(b);
  BOOST_TEST(b->extended);
  BOOST_TEST(b->id == a->id);
  BOOST_TEST(t.find(a->id, p0 + 50s) != nullptr);  // would have expired at p0+10s
  BOOST_TEST(t.find(a->id, p0 + 105s) == nullptr);
}

BOOST_AUTO_TEST_CASE(pinhole_ids_capacity_update_delete) {
  pinhole_table t(2);
  auto a = t.add(tuple(1), 10s, p0);
  auto b = t.add(tuple(2), 10s, p0);
  BOOST_REQUIRE(a && b);
  BOOST_TEST(a->id != b->id);
  BOOST_TEST(!t.add(tuple(3), 10s, p0));  // full
  BOOST_TEST(t.update(a->id, 100s, p0 + 1s));
  BOOST_TEST(t.size(p0 + 20s) == 1u);
  BOOST_TEST(!t.update(b->id, 100s, p0 + 20s));  // expired
  BOOST_TEST(t.record_packets(a->id, 7, p0 + 20s));
  const auto counted = t.find(a->id, p0 + 20s);
  BOOST_REQUIRE(counted != nullptr);
  BOOST_TEST(counted->packets == 7u);
  BOOST_TEST(t.erase(a->id, p0 + 20s));
  BOOST_TEST(!t.erase(a->id, p0 + 20s));
  auto c = t.add(tuple(3), 10s, p0 + 20s);
  BOOST_REQUIRE(c);
  BOOST_TEST(c->id != a->id);  // ids are not reused at once
}
