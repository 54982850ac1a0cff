// gena::publisher, the pure subscription table and event queue, driven with a fake clock.
#include <boost/test/unit_test.hpp>

#include "igdkit/gena/error.hpp"
#include "igdkit/gena/publisher.hpp"

using namespace igdkit;
using namespace std::chrono_literals;
namespace ip = boost::asio::ip;

namespace {

const auto t0 = gena::time_point{} + 1h;
const auto lan_host = ip::make_address("192.168.1.23");

struct rig {
  explicit rig(gena::publisher_options o = {}) : events(std::move(o), [this] { return "uuid:" + std::to_string(++n); }) {
    events.publish(0, values("203.0.113.7", "0"));
  }
  static std::vector<gena::property> values(std::string ip, std::string entries) {
    return {{"ExternalIPAddress", std::move(ip)}, {"PortMappingNumberOfEntries", std::move(entries)}};
  }
  static gena::subscription_request from(std::string callback, std::optional<std::chrono::seconds> timeout = {}) {
    gena::subscription_request r;
    r.callbacks.emplace_back(callback);
    r.timeout = timeout;
    return r;
  }
  result<gena::grant> subscribe(gena::time_point now = t0, const ip::address& who = lan_host) {
    return events.handle(0, from("http://" + who.to_string() + ":49200/notify"), who, now);
  }
  gena::delivery expect_delivery(gena::time_point now) {
    auto s = events.next(now);
    BOOST_REQUIRE(std::holds_alternative<gena::delivery>(s));
    return std::get<gena::delivery>(s);
  }
  int n = 0;
  gena::publisher events;
};

}  // namespace

BOOST_AUTO_TEST_CASE(grants_and_clamps_timeouts) {
  rig r;
  auto g = r.subscribe();
  BOOST_REQUIRE(g.has_value());
  BOOST_TEST(g->sid == "uuid:1");
  BOOST_TEST(g->timeout == 1800s);  // no TIMEOUT: the default
  BOOST_TEST(r.events.handle(0, rig::from("http://192.168.1.23:1/", 60s), lan_host, t0)->timeout == 1800s);
  BOOST_TEST(r.events.handle(0, rig::from("http://192.168.1.23:1/", 999999s), lan_host, t0)->timeout == 86400s);
}

BOOST_AUTO_TEST_CASE(callstranger_callbacks_refused) {
  rig r;
  auto refused = [&](std::string url, const ip::address& who = lan_host) {
    auto g = r.events.handle(0, rig::from(url), who, t0);
    return g ? std::error_code{} : g.error();
  };
  BOOST_TEST(refused("http://192.168.1.99:80/") == gena::errc::callback_not_requester);  // another LAN host
  BOOST_TEST(refused("http://198.51.100.1/") == gena::errc::callback_not_requester);     // the Internet
  BOOST_TEST(refused("http://attacker.example/") == gena::errc::callback_not_requester);  // a name
  BOOST_TEST(refused("http://[::1]:80/", lan_host) == gena::errc::callback_not_requester);
  BOOST_TEST(gena::http_status(gena::errc::callback_not_requester) == 412u);
  // The requester itself is fine, also as a v4-mapped peer of a dual-stack socket.
  BOOST_TEST(!refused("http://192.168.1.23:8000/", ip::make_address("::ffff:192.168.1.23")));
  // Every listed URL must qualify: a good first one does not carry a bad second one.
  gena::subscription_request two = rig::from("http://192.168.1.23:1/");
  two.callbacks.emplace_back("http://192.168.1.99:1/");
  BOOST_TEST(r.events.handle(0, two, lan_host, t0).error() == gena::errc::callback_not_requester);
  BOOST_TEST(r.events.stats().refused == 5u);
  BOOST_TEST(r.events.size() == 1u);
}

BOOST_AUTO_TEST_CASE(initial_event_waits_for_the_response) {
  rig r;
  const auto sid = r.subscribe()->sid;
  // Not before the SUBSCRIBE response has gone out (or initial_hold passed).
  auto held = r.events.next(t0);
  BOOST_REQUIRE(std::holds_alternative<gena::wait_until>(held));
  BOOST_TEST((std::get<gena::wait_until>(held).at == t0 + 1000ms));
  r.events.response_sent(sid, t0 + 2ms);
  BOOST_TEST((std::get<gena::wait_until>(r.events.next(t0 + 2ms)).at == t0 + 52ms));
  const auto d = r.expect_delivery(t0 + 52ms);
  BOOST_TEST(d.seq == 0u);
  BOOST_TEST(d.sid == sid);
  BOOST_TEST(d.body.find("<ExternalIPAddress>203.0.113.7</ExternalIPAddress>") != std::string::npos);
  BOOST_TEST(d.body.find("<PortMappingNumberOfEntries>0</PortMappingNumberOfEntries>") != std::string::npos);
  BOOST_TEST(d.content_type == "text/xml; charset=\"utf-8\"");
}

BOOST_AUTO_TEST_CASE(changes_are_evented_and_moderated) {
  rig r;
  const auto sid = r.subscribe()->sid;
  r.events.response_sent(sid, t0);
  r.expect_delivery(t0 + 50ms);
  r.events.delivered(sid, true);
  BOOST_TEST(std::holds_alternative<gena::wait_until>(r.events.next(t0 + 50ms)));  // only the expiry left

  // A change goes out at once, with only the variable that changed.
  r.events.publish(0, rig::values("203.0.113.8", "0"));
  auto d = r.expect_delivery(t0 + 1s);
  BOOST_TEST(d.seq == 1u);
  BOOST_TEST(d.body.find("203.0.113.8") != std::string::npos);
  BOOST_TEST(d.body.find("PortMappingNumberOfEntries") == std::string::npos);
  r.events.delivered(sid, true);

  // Two more changes of the same variable within min_event_interval: one event, the last value.
  r.events.publish(0, rig::values("203.0.113.9", "0"));
  r.events.publish(0, rig::values("203.0.113.10", "0"));
  auto wait = r.events.next(t0 + 1300ms);
  BOOST_REQUIRE(std::holds_alternative<gena::wait_until>(wait));
  BOOST_TEST((std::get<gena::wait_until>(wait).at == t0 + 2s));
  d = r.expect_delivery(t0 + 2s);
  BOOST_TEST(d.seq == 2u);
  BOOST_TEST(d.body.find("203.0.113.10") != std::string::npos);
  BOOST_TEST(d.body.find("203.0.113.9") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(queue_is_bounded_by_merging) {
  rig r({.min_event_interval = 0ms});
  const auto sid = r.subscribe()->sid;
  r.events.response_sent(sid, t0);
  r.expect_delivery(t0 + 50ms);  // in flight, never answered yet
  for (int i = 1; i <= 100; ++i) {
    r.events.publish(0, rig::values("203.0.113.7", std::to_string(i)));
    BOOST_TEST(!std::holds_alternative<gena::delivery>(r.events.next(t0 + 60ms + i * 1ms)));  // one in flight at most
  }
  BOOST_TEST(r.events.stats().merged == 99u);
  r.events.delivered(sid, true);
  auto d = r.expect_delivery(t0 + 1s);
  BOOST_TEST(d.seq == 1u);
  BOOST_TEST(d.body.find("<PortMappingNumberOfEntries>100<") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(failing_subscriber_is_dropped_and_seq_gaps_show) {
  rig r({.min_event_interval = 0ms});
  const auto sid = r.subscribe()->sid;
  r.events.response_sent(sid, t0);
  BOOST_TEST(r.expect_delivery(t0 + 50ms).seq == 0u);
  r.events.delivered(sid, false);  // lost: SEQ 0 is used up all the same
  r.events.publish(0, rig::values("203.0.113.7", "1"));
  BOOST_TEST(r.expect_delivery(t0 + 1s).seq == 1u);
  r.events.delivered(sid, true);  // a success resets the count
  for (int i = 2; i <= 4; ++i) {
    r.events.publish(0, rig::values("203.0.113.7", std::to_string(i)));
    BOOST_TEST(r.expect_delivery(t0 + i * 1s).seq == static_cast<std::uint32_t>(i));
    r.events.delivered(sid, false);
  }
  BOOST_TEST(r.events.empty());  // three failures in a row
  BOOST_TEST(r.events.stats().dropped_subscribers == 1u);
}

BOOST_AUTO_TEST_CASE(renew_unsubscribe_expire) {
  rig r;
  const auto sid = r.subscribe()->sid;
  gena::subscription_request renew;
  renew.kind = gena::request_kind::renew;
  renew.sid = sid;
  BOOST_TEST(r.events.handle(0, renew, lan_host, t0 + 1700s)->timeout == 1800s);
  BOOST_TEST(r.events.size() == 1u);
  r.events.next(t0 + 1801s);
  BOOST_TEST(r.events.size() == 1u);  // renewed at 1700 s: good until 3500 s
  r.events.next(t0 + 3500s);
  BOOST_TEST(r.events.empty());
  BOOST_TEST(r.events.handle(0, renew, lan_host, t0 + 3501s).error() == gena::errc::unknown_sid);
  renew.sid = r.subscribe(t0 + 3502s)->sid;
  BOOST_TEST(r.events.handle(1, renew, lan_host, t0 + 3502s).error() == gena::errc::unknown_sid);  // other URL
  renew.kind = gena::request_kind::unsubscribe;
  BOOST_TEST(r.events.handle(0, renew, lan_host, t0 + 3503s).has_value());
  BOOST_TEST(r.events.empty());
  BOOST_TEST(r.events.stats().expired == 1u);
}

BOOST_AUTO_TEST_CASE(limits_per_source_and_total) {
  rig r({.max_subscriptions = 40, .max_per_source = 32});
  for (int i = 0; i < 32; ++i) BOOST_REQUIRE(r.subscribe().has_value());
  BOOST_TEST(r.subscribe().error() == gena::errc::too_many_subscriptions);
  BOOST_TEST(gena::http_status(gena::errc::too_many_subscriptions) == 503u);
  const auto other = ip::make_address("192.168.1.24");
  for (int i = 0; i < 8; ++i) BOOST_REQUIRE(r.subscribe(t0, other).has_value());
  BOOST_TEST(r.subscribe(t0, ip::make_address("192.168.1.25")).error() == gena::errc::too_many_subscriptions);
  r.events.clear();  // a reboot
  BOOST_TEST(r.events.empty());
  BOOST_TEST(r.subscribe().has_value());
}

BOOST_AUTO_TEST_CASE(firmware_without_initial_event) {
  rig r({.min_event_interval = 0ms, .initial_event = false, .content_type = "text/plain"});
  const auto sid = r.subscribe()->sid;
  r.events.response_sent(sid, t0);
  BOOST_TEST(!std::holds_alternative<gena::delivery>(r.events.next(t0 + 1s)));
  r.events.publish(0, rig::values("203.0.113.8", "0"));
  const auto d = r.expect_delivery(t0 + 2s);
  BOOST_TEST(d.seq == 1u);  // the SEQ 0 it never sent
  BOOST_TEST(d.content_type == "text/plain");
}
