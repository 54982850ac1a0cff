// The pure connection admission table (issue 12 §1): per-source cap on unfinished connections,
// eviction of the one that has waited longest when full, busy connections kept.
#define BOOST_TEST_MODULE core_connection_admission
#include <boost/test/unit_test.hpp>

#include "igdkit/connection_admission.hpp"

using namespace igdkit;
using namespace std::chrono_literals;
namespace ip = boost::asio::ip;

namespace {

const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
const auto attacker = ip::make_address("192.168.1.66");
const auto other_host = ip::make_address("192.168.1.10");

// Admits `count` connections from `from`, ids first.., one millisecond apart from `start`.
void admit_many(connection_admission& table, const ip::address& from, connection_id first, std::size_t count,
                std::chrono::steady_clock::time_point start) {
  for (std::size_t i = 0; i < count; ++i) {
    const auto a = table.admit(first + i, from, start + std::chrono::milliseconds(i));
    BOOST_TEST_REQUIRE(a.admitted);
    BOOST_TEST_REQUIRE(!a.evict.has_value());
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(defaults_are_256_connections_32_unfinished_per_source_and_1_s_grace) {
  const admission_limits defaults;
  BOOST_TEST(defaults.max_connections == 256u);
  BOOST_TEST(defaults.max_unfinished_per_source == 32u);
  BOOST_TEST(defaults.eviction_grace.count() == 1000);
}

BOOST_AUTO_TEST_CASE(a_source_at_its_cap_evicts_its_own_oldest_unfinished_connection) {
  connection_admission table({.max_connections = 100, .max_unfinished_per_source = 3});
  BOOST_TEST(table.admit(1, other_host, t0).admitted);
  admit_many(table, attacker, 10, 3, t0 + 1ms);

  const auto fourth = table.admit(13, attacker, t0 + 1001ms);
  BOOST_TEST(fourth.admitted);
  BOOST_TEST_REQUIRE(fourth.evict.has_value());
  BOOST_TEST(*fourth.evict == 10u);  // the attacker's oldest, not the older connection of another host
  BOOST_TEST(table.unfinished_from(attacker) == 3u);
  BOOST_TEST(table.unfinished_from(other_host) == 1u);
  BOOST_TEST(table.size() == 4u);
}

BOOST_AUTO_TEST_CASE(a_burst_over_the_share_is_let_through_while_its_requests_may_be_on_their_way) {
  connection_admission table({.max_connections = 100, .max_unfinished_per_source = 3});
  admit_many(table, other_host, 1, 3, t0);
  const auto fourth = table.admit(4, other_host, t0 + 999ms);  // the oldest waited 999 ms < grace
  BOOST_TEST(fourth.admitted);
  BOOST_TEST(!fourth.evict.has_value());
  BOOST_TEST(table.unfinished_from(other_host) == 4u);
}

BOOST_AUTO_TEST_CASE(on_a_full_server_a_source_over_its_share_pays_with_its_own_oldest_at_once) {
  connection_admission table({.max_connections = 4, .max_unfinished_per_source = 2});
  BOOST_TEST(table.admit(1, other_host, t0).admitted);  // the oldest of all
  admit_many(table, attacker, 2, 3, t0 + 1ms);  // over its share, but none waited the grace
  const auto next = table.admit(5, attacker, t0 + 10ms);
  BOOST_TEST(next.admitted);
  BOOST_TEST_REQUIRE(next.evict.has_value());
  BOOST_TEST(*next.evict == 2u);  // not 1, the other host's
}

BOOST_AUTO_TEST_CASE(a_full_server_evicts_the_connection_that_waited_longest_whoever_owns_it) {
  connection_admission table({.max_connections = 4, .max_unfinished_per_source = 4});
  admit_many(table, ip::make_address("10.0.0.1"), 1, 2, t0);
  admit_many(table, ip::make_address("10.0.0.2"), 3, 2, t0 + 5ms);

  const auto newcomer = table.admit(5, other_host, t0 + 20ms);
  BOOST_TEST(newcomer.admitted);
  BOOST_TEST_REQUIRE(newcomer.evict.has_value());
  BOOST_TEST(*newcomer.evict == 1u);
  BOOST_TEST(table.size() == 4u);
  // The next newcomer takes the next oldest; the connection just admitted is the youngest.
  const auto next = table.admit(6, ip::make_address("10.0.0.3"), t0 + 21ms);
  BOOST_TEST_REQUIRE(next.evict.has_value());
  BOOST_TEST(*next.evict == 2u);
}

BOOST_AUTO_TEST_CASE(busy_connections_are_never_evicted_and_a_server_full_of_them_refuses) {
  connection_admission table({.max_connections = 2, .max_unfinished_per_source = 2});
  admit_many(table, attacker, 1, 2, t0);
  table.request_complete(1);
  const auto third = table.admit(3, other_host, t0 + 5ms);
  BOOST_TEST_REQUIRE(third.evict.has_value());
  BOOST_TEST(*third.evict == 2u);  // 1 is older but busy answering

  table.request_complete(3);
  const auto fourth = table.admit(4, other_host, t0 + 6ms);
  BOOST_TEST(!fourth.admitted);
  BOOST_TEST(!fourth.evict.has_value());
  BOOST_TEST(table.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_source_whose_connections_are_all_busy_is_capped_only_by_the_server) {
  connection_admission table({.max_connections = 10, .max_unfinished_per_source = 1});
  for (connection_id id = 1; id <= 5; ++id) {
    const auto a = table.admit(id, other_host, t0 + std::chrono::milliseconds(id));
    BOOST_TEST_REQUIRE(a.admitted);
    BOOST_TEST_REQUIRE(!a.evict.has_value());
    table.request_complete(id);
  }
  BOOST_TEST(table.size() == 5u);
  BOOST_TEST(table.unfinished_from(other_host) == 0u);
}

BOOST_AUTO_TEST_CASE(keep_alive_wait_counts_from_when_it_began) {
  connection_admission table({.max_connections = 2, .max_unfinished_per_source = 2});
  admit_many(table, other_host, 1, 2, t0);
  table.request_complete(1);
  table.awaiting_request(1, t0 + 50ms);  // answered, now idle: evictable, but younger than 2
  const auto third = table.admit(3, attacker, t0 + 60ms);
  BOOST_TEST_REQUIRE(third.evict.has_value());
  BOOST_TEST(*third.evict == 2u);
}

BOOST_AUTO_TEST_CASE(release_frees_the_slot_and_ignores_evicted_or_unknown_ids) {
  connection_admission table({.max_connections = 1, .max_unfinished_per_source = 1});
  BOOST_TEST(table.admit(1, attacker, t0).admitted);
  const auto second = table.admit(2, attacker, t0 + 1ms);
  BOOST_TEST_REQUIRE(second.evict.has_value());
  table.release(*second.evict);  // the evicted session ends later and reports it
  table.release(99);
  BOOST_TEST(table.size() == 1u);
  table.request_complete(2);
  table.release(2);
  BOOST_TEST(table.size() == 0u);
  BOOST_TEST(table.unfinished() == 0u);
  const auto third = table.admit(3, other_host, t0 + 2ms);
  BOOST_TEST(third.admitted);
  BOOST_TEST(!third.evict.has_value());
}

BOOST_AUTO_TEST_CASE(a_source_is_its_address_and_v4_mapped_counts_as_ipv4) {
  BOOST_TEST(admission_source(ip::make_address("::ffff:192.168.1.66")) == attacker);
  BOOST_TEST(admission_source(ip::make_address("2001:db8:1:2::1")) == ip::make_address("2001:db8:1:2::1"));

  connection_admission table({.max_connections = 100, .max_unfinished_per_source = 2});
  admit_many(table, attacker, 1, 2, t0);
  const auto third = table.admit(3, ip::make_address("::ffff:192.168.1.66"), t0 + 2s);
  BOOST_TEST_REQUIRE(third.evict.has_value());
  BOOST_TEST(*third.evict == 1u);
  // Two hosts of one IPv6 LAN (/64) are two sources.
  admit_many(table, ip::make_address("2001:db8:1:2::1"), 10, 2, t0);
  BOOST_TEST(!table.admit(12, ip::make_address("2001:db8:1:2::2"), t0 + 3s).evict.has_value());
}
