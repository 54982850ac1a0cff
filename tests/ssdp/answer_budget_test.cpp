// The responder's per-source answer budget (pure core, time passed in): burst, refill, pending
// cap, sources independent, bounded memory.
#define BOOST_TEST_MODULE ssdp_answer_budget
#include <boost/test/unit_test.hpp>

#include "igdkit/ssdp/policy.hpp"
#include "igdkit/ssdp/responder.hpp"

namespace ssdp = igdkit::ssdp;
namespace ip = boost::asio::ip;
using namespace std::chrono_literals;

namespace {

const auto t0 = std::chrono::steady_clock::time_point{} + 1h;
const auto flooder = ip::make_address("192.168.1.66");
const auto other_host = ip::make_address("192.168.1.10");

// Spends and immediately finishes answers for `from` until refused; returns how many got through.
std::size_t answers_until_refused(ssdp::answer_budget& b, const ip::address& from,
                                  std::chrono::steady_clock::time_point now) {
  std::size_t n = 0;
  while (n < 1000 && b.try_spend(from, now)) {
    b.answer_done(from);
    ++n;
  }
  return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(defaults_are_a_burst_of_32_then_10_a_second_and_16_pending) {
  const ssdp::answer_budget_limits d;
  BOOST_TEST(d.burst == 32u);
  BOOST_TEST(d.refill.count() == 100);
  BOOST_TEST(d.max_pending_per_source == 16u);
  BOOST_TEST(d.max_pending_per_source * 4 <= ssdp::responder_options{}.max_pending_answers);
}

BOOST_AUTO_TEST_CASE(a_source_gets_its_burst_then_one_answer_per_refill) {
  ssdp::answer_budget b({.burst = 8, .refill = 250ms, .max_pending_per_source = 100});
  BOOST_TEST(answers_until_refused(b, flooder, t0) == 8u);
  BOOST_TEST(answers_until_refused(b, flooder, t0 + 249ms) == 0u);
  BOOST_TEST(answers_until_refused(b, flooder, t0 + 250ms) == 1u);
  BOOST_TEST(answers_until_refused(b, flooder, t0 + 1250ms) == 4u);
  // A long rest refills no more than the burst.
  BOOST_TEST(answers_until_refused(b, flooder, t0 + 1h) == 8u);
}

BOOST_AUTO_TEST_CASE(part_of_an_interval_already_waited_is_kept) {
  ssdp::answer_budget b({.burst = 2, .refill = 100ms, .max_pending_per_source = 100});
  BOOST_TEST(answers_until_refused(b, flooder, t0) == 2u);
  BOOST_TEST(answers_until_refused(b, flooder, t0 + 150ms) == 1u);
  BOOST_TEST(answers_until_refused(b, flooder, t0 + 200ms) == 1u);  // not 250 ms
}

BOOST_AUTO_TEST_CASE(one_source_spending_its_budget_leaves_another_untouched) {
  ssdp::answer_budget b({.burst = 8, .refill = 250ms, .max_pending_per_source = 4});
  BOOST_TEST(answers_until_refused(b, flooder, t0) == 8u);
  BOOST_TEST(answers_until_refused(b, other_host, t0) == 8u);
  // IPv4-mapped IPv6 is the same host as its IPv4 address.
  BOOST_TEST(!b.try_spend(ip::make_address("::ffff:192.168.1.66"), t0));
}

BOOST_AUTO_TEST_CASE(a_source_may_have_only_so_many_delayed_answers_queued) {
  ssdp::answer_budget b({.burst = 100, .refill = 1ms, .max_pending_per_source = 4});
  for (int i = 0; i < 4; ++i) BOOST_TEST(b.try_spend(flooder, t0));
  BOOST_TEST(!b.try_spend(flooder, t0));  // tokens left, but four answers still waiting
  BOOST_TEST(b.try_spend(other_host, t0));
  b.answer_done(flooder);
  BOOST_TEST(b.try_spend(flooder, t0));
}

BOOST_AUTO_TEST_CASE(memory_is_bounded_and_sources_at_rest_are_forgotten_first) {
  ssdp::answer_budget b({.burst = 1, .refill = 1s, .max_pending_per_source = 1, .max_sources = 2});
  BOOST_TEST(b.try_spend(ip::make_address("10.0.0.1"), t0));  // pending: not at rest
  BOOST_TEST(b.try_spend(ip::make_address("10.0.0.2"), t0));
  BOOST_TEST(!b.try_spend(ip::make_address("10.0.0.3"), t0));  // both remembered sources are busy
  b.answer_done(ip::make_address("10.0.0.2"));
  BOOST_TEST(b.try_spend(ip::make_address("10.0.0.3"), t0 + 1s));  // 10.0.0.2 rested and was forgotten
  BOOST_TEST(b.sources() == 2u);
}
