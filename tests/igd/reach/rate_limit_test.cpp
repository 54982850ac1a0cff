// The per-source token bucket with a fake clock: burst, refill, Retry-After, sources kept apart,
// IPv4-mapped IPv6 counted as IPv4, and the bound on remembered sources.
#define BOOST_TEST_MODULE igd_reach_rate_limit
#include <boost/test/unit_test.hpp>

#include "igdkit/igd/reach/rate_limit.hpp"

using namespace igdkit::igd::reach;
using namespace std::chrono_literals;
namespace ip = boost::asio::ip;

namespace {
const source_rate_limiter::time_point t0{std::chrono::hours(1)};
const auto a = ip::make_address("192.0.2.1");
const auto b = ip::make_address("192.0.2.2");
}  // namespace

BOOST_AUTO_TEST_CASE(burst_then_one_per_refill) {
  source_rate_limiter l({.burst = 5, .refill = 1000ms, .max_sources = 16});
  for (int i = 0; i < 5; ++i) BOOST_TEST(l.try_acquire(a, t0).allowed);
  const auto refused = l.try_acquire(a, t0);
  BOOST_TEST(!refused.allowed);
  BOOST_TEST(refused.retry_after.count() == 1000);
  const auto later = l.try_acquire(a, t0 + 400ms);
  BOOST_TEST(!later.allowed);
  BOOST_TEST(later.retry_after.count() == 600);
  BOOST_TEST(l.try_acquire(a, t0 + 1000ms).allowed);
  BOOST_TEST(!l.try_acquire(a, t0 + 1500ms).allowed);
  BOOST_TEST(l.try_acquire(a, t0 + 2000ms).allowed);
}

BOOST_AUTO_TEST_CASE(refill_stops_at_the_burst) {
  source_rate_limiter l({.burst = 2, .refill = 100ms, .max_sources = 16});
  BOOST_TEST(l.try_acquire(a, t0).allowed);
  BOOST_TEST(l.try_acquire(a, t0).allowed);
  const auto much_later = t0 + 10s;
  BOOST_TEST(l.try_acquire(a, much_later).allowed);
  BOOST_TEST(l.try_acquire(a, much_later).allowed);
  BOOST_TEST(!l.try_acquire(a, much_later).allowed);
}

BOOST_AUTO_TEST_CASE(partial_intervals_are_kept) {
  source_rate_limiter l({.burst = 3, .refill = 100ms, .max_sources = 16});
  for (int i = 0; i < 3; ++i) BOOST_TEST(l.try_acquire(a, t0).allowed);
  BOOST_TEST(l.try_acquire(a, t0 + 150ms).allowed);   // 1.5 intervals: one token earned
  BOOST_TEST(!l.try_acquire(a, t0 + 150ms).allowed);
  BOOST_TEST(l.try_acquire(a, t0 + 200ms).allowed);   // the half interval was kept
}

BOOST_AUTO_TEST_CASE(sources_have_their_own_buckets) {
  source_rate_limiter l({.burst = 1, .refill = 1000ms, .max_sources = 16});
  BOOST_TEST(l.try_acquire(a, t0).allowed);
  BOOST_TEST(!l.try_acquire(a, t0).allowed);
  BOOST_TEST(l.try_acquire(b, t0).allowed);
  BOOST_TEST(l.sources() == 2u);
}

BOOST_AUTO_TEST_CASE(ipv4_mapped_ipv6_is_the_same_source) {
  source_rate_limiter l({.burst = 1, .refill = 1000ms, .max_sources = 16});
  BOOST_TEST(l.try_acquire(a, t0).allowed);
  BOOST_TEST(!l.try_acquire(ip::make_address("::ffff:192.0.2.1"), t0).allowed);
  BOOST_TEST(l.sources() == 1u);
}

BOOST_AUTO_TEST_CASE(remembered_sources_are_bounded) {
  source_rate_limiter l({.burst = 1, .refill = 1000ms, .max_sources = 2});
  BOOST_TEST(l.try_acquire(a, t0).allowed);
  BOOST_TEST(l.try_acquire(b, t0).allowed);
  const auto c = ip::make_address("192.0.2.3");
  // Both remembered sources are mid-burst: the newcomer is refused, nobody is forgotten.
  const auto refused = l.try_acquire(c, t0);
  BOOST_TEST(!refused.allowed);
  BOOST_TEST(refused.retry_after.count() == 1000);
  BOOST_TEST(l.sources() == 2u);
  // Once their buckets are full again they carry no state and make room.
  BOOST_TEST(l.try_acquire(c, t0 + 1s).allowed);
  BOOST_TEST(l.sources() == 1u);
}

BOOST_AUTO_TEST_CASE(time_going_backwards_earns_nothing) {
  source_rate_limiter l({.burst = 1, .refill = 1000ms, .max_sources = 4});
  BOOST_TEST(l.try_acquire(a, t0).allowed);
  BOOST_TEST(!l.try_acquire(a, t0 - 5s).allowed);
}
