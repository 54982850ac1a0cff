// The control point's sans-I/O subscriber against simrouter's own HTTP handler and publisher,
// in memory with a fake clock: hours of renewals in milliseconds, changes as events with SEQ in
// order, a reboot (the router forgets) re-subscribed on the 412, a lost NOTIFY reported as a
// miss, firmware without an initial event, and a NOTIFY that beats the SUBSCRIBE response.
#define BOOST_TEST_MODULE igd_eventing_core
#include <boost/test/unit_test.hpp>

#include "igdkit/gena/messages.hpp"
#include "igdkit/gena/publisher.hpp"
#include "igdkit/igd/eventing/subscriber.hpp"
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/sim/evented_state.hpp"
#include "igdkit/sim/http_handler.hpp"

#include <boost/beast/http/field.hpp>

using namespace igdkit;
using namespace std::chrono_literals;
namespace ev = igd::eventing;

namespace {

const auto t0 = sim::clock::time_point{} + 1000h;
const auto subscriber_host = boost::asio::ip::make_address("192.168.1.23");
const boost::urls::url callback("http://192.168.1.23:49200/notify");

struct driver {
  explicit driver(gena::publisher_options po = {}, sim::http_handler_options ho = {})
      : igd(sim::router_config{}, t0),
        http(sim::make_igd_layout({}), igd, std::move(ho)),
        events(std::move(po), [this] { return "uuid:sub-" + std::to_string(++sids); }),
        sub(services(), {.timeout = 1800s}, t0) {
    http.attach_events(events);
  }
  std::vector<ev::service_ref> services() {
    std::vector<ev::service_ref> out;
    for (const auto* s : sim::all_services(http.layout()))
      out.push_back({s->service_type(), s->service_id_urn, boost::urls::url("http://192.168.1.1:5000" + s->event_path)});
    return out;
  }
  sim::request_context ctx() const {
    sim::request_context c;
    c.client = subscriber_host;
    c.now = now;
    return c;
  }
  result<gena::grant> exchange(const http_request& req) {
    const auto res = http.handle(req, ctx());
    if (res.result_int() == 200) events.response_sent(std::string(res["SID"]), now);
    return gena::read_subscribe_response(res.result_int(), res, 1800s);
  }
  // Refreshes the topics as simrouter's router_events does after a change.
  void publish() {
    const auto all = sim::all_services(http.layout());
    for (std::size_t t = 0; t < all.size(); ++t)
      if (events.has_subscribers(t)) events.publish(t, sim::evented_values(igd, *all[t], now));
  }
  // Runs both machines until `until` (fake clock), delivering NOTIFYs unless drop_next says not.
  void run(sim::clock::time_point until) {
    for (int guard = 0; guard < 100000; ++guard) {
      auto s = sub.next(now);
      if (auto* r = std::get_if<ev::report>(&s)) {
        reports.push_back(*r);
        continue;
      }
      const auto& svc = sub.services();
      if (const auto* x = std::get_if<ev::send_subscribe>(&s)) {
        auto answer = exchange(gena::make_subscribe_request(svc[x->service].event_url.path(), callback, 1800s));
        if (hold_answers) {
          held.emplace_back(x->service, answer);
        } else {
          sub.on_subscribe_answer(x->service, answer, now);
        }
        continue;
      }
      if (const auto* x = std::get_if<ev::send_renew>(&s)) {
        sub.on_renew_answer(x->service, exchange(gena::make_renew_request(svc[x->service].event_url.path(), x->sid, 1800s)), now);
        continue;
      }
      if (const auto* x = std::get_if<ev::send_unsubscribe>(&s)) {
        exchange(gena::make_unsubscribe_request(svc[x->service].event_url.path(), x->sid));
        sub.on_unsubscribe_answer(x->service);
        continue;
      }
      auto p = events.next(now);
      if (auto* d = std::get_if<gena::delivery>(&p)) {
        if (drop_next > 0) {
          --drop_next;
          events.delivered(d->sid, false);
          continue;
        }
        auto n = gena::read_notify_request(gena::make_notify_request(d->callbacks.front(), d->sid, d->seq, d->body, d->content_type));
        BOOST_REQUIRE(n.has_value());
        events.delivered(d->sid, sub.on_notify(std::move(*n), now) == 200);
        ++notifies;
        continue;
      }
      // Both idle or waiting: advance the fake clock to the earlier deadline.
      auto next = until;
      if (const auto* w = std::get_if<ev::wait_until>(&s)) next = std::min(next, w->at);
      if (const auto* w = std::get_if<gena::wait_until>(&p)) next = std::min(next, w->at);
      if (std::holds_alternative<ev::finished>(s) || next <= now) {
        if (now >= until || std::holds_alternative<ev::finished>(s)) return;
        next = until;
      }
      now = next;
      publish();
    }
    BOOST_FAIL("no progress");
  }
  template <class T>
  std::size_t count() const {
    return static_cast<std::size_t>(std::count_if(reports.begin(), reports.end(), [](const auto& r) { return std::holds_alternative<T>(r); }));
  }
  std::vector<const ev::state_changed*> states(std::size_t service) const {
    std::vector<const ev::state_changed*> out;
    for (const auto& r : reports)
      if (const auto* s = std::get_if<ev::state_changed>(&r); s && s->service == service) out.push_back(s);
    return out;
  }
  std::size_t ip_connection() const {
    for (std::size_t i = 0; i < sub.services().size(); ++i)
      if (sub.services()[i].service_type.find("WANIPConnection") != std::string::npos) return i;
    return 0;
  }

  sim::igd_handler igd;
  sim::http_handler http;
  int sids = 0;
  gena::publisher events;
  ev::subscriber sub;
  sim::clock::time_point now = t0;
  std::vector<ev::report> reports;
  int drop_next = 0;
  bool hold_answers = false;
  std::vector<std::pair<std::size_t, result<gena::grant>>> held;
  std::size_t notifies = 0;
};

}  // namespace

BOOST_AUTO_TEST_CASE(six_hours_of_renewals_and_changes_in_order) {
  driver d;
  d.run(t0 + 10s);
  const auto services = d.sub.services().size();
  BOOST_TEST(d.events.size() == services);
  const auto ip = d.ip_connection();
  BOOST_REQUIRE(d.states(ip).size() == 1u);
  BOOST_TEST(d.states(ip)[0]->initial);
  // A WAN address change every 20 minutes for six hours.
  for (int i = 1; i <= 18; ++i) {
    d.run(t0 + i * 20min);
    d.igd.model().config.external_ip = boost::asio::ip::make_address_v4("203.0.113." + std::to_string(i));
    d.publish();
  }
  d.run(t0 + 6h + 10s);
  BOOST_TEST(d.events.size() == services);  // never expired: renewed at half of 1800 s
  BOOST_TEST(d.count<ev::subscription_lost>() == 0u);
  BOOST_TEST(d.count<ev::missed>() == 0u);
  std::size_t renewals = 0;
  for (const auto& r : d.reports)
    if (const auto* s = std::get_if<ev::subscribed>(&r); s && s->renewal) ++renewals;
  BOOST_TEST(renewals == services * 24);  // every 900 s for 6 h
  const auto ip_states = d.states(ip);
  BOOST_REQUIRE(ip_states.size() == 19u);
  for (std::size_t i = 0; i < ip_states.size(); ++i) BOOST_TEST(ip_states[i]->seq == i);
  BOOST_TEST(ip_states.back()->variables.external_ip->to_string() == "203.0.113.18");

  d.sub.stop(d.now);
  d.run(d.now + 1min);
  BOOST_TEST(d.events.empty());
  BOOST_TEST(d.count<ev::stopped_watching>() == 1u);
}

BOOST_AUTO_TEST_CASE(reboot_loses_subscriptions_and_the_412_brings_them_back) {
  driver d;
  d.run(t0 + 10s);
  d.events.clear();  // what simrouter's reboot does
  d.run(t0 + 16min);  // past the renewal at 900 s
  BOOST_TEST(d.count<ev::subscription_lost>() == d.sub.services().size());
  BOOST_TEST(d.events.size() == d.sub.services().size());
  const auto ip = d.states(d.ip_connection());
  BOOST_REQUIRE(ip.size() == 2u);
  BOOST_TEST(ip[1]->initial);  // a fresh SEQ 0 with every value

  d.events.clear();
  d.sub.observe_reboot(d.now);  // told directly (BOOTID, uptime): no wait for the renewal
  d.run(d.now + 1s);
  BOOST_TEST(d.states(d.ip_connection()).size() == 3u);
}

BOOST_AUTO_TEST_CASE(lost_notify_is_reported_as_missed) {
  driver d;
  d.run(t0 + 10s);
  d.drop_next = 1;
  d.igd.model().config.external_ip = boost::asio::ip::make_address_v4("203.0.113.50");
  d.publish();
  d.run(d.now + 5s);
  d.igd.model().config.external_ip = boost::asio::ip::make_address_v4("203.0.113.51");
  d.publish();
  d.run(d.now + 5s);
  BOOST_REQUIRE(d.count<ev::missed>() == 1u);
  for (const auto& r : d.reports)
    if (const auto* m = std::get_if<ev::missed>(&r)) {
      BOOST_TEST(m->expected.value() == 1u);
      BOOST_TEST(m->got.value() == 2u);
    }
}

BOOST_AUTO_TEST_CASE(firmware_without_initial_event_is_read_instead) {
  driver d({.initial_event = false});
  d.run(t0 + 10s);
  BOOST_TEST(d.states(d.ip_connection()).empty());
  BOOST_TEST(d.count<ev::missed>() == d.sub.services().size());  // no SEQ 0 within 5 s: re-read by action
}

BOOST_AUTO_TEST_CASE(notify_before_the_subscribe_answer_is_kept) {
  driver d({.initial_hold = 0ms});
  d.hold_answers = true;  // the NOTIFY overtakes the SUBSCRIBE response
  d.run(t0 + 1s);
  BOOST_REQUIRE(!d.held.empty());
  BOOST_TEST(d.states(d.ip_connection()).empty());
  for (auto& [i, answer] : d.held) d.sub.on_subscribe_answer(i, answer, d.now);
  d.hold_answers = false;
  d.run(d.now + 1s);
  const auto ip = d.states(d.ip_connection());
  BOOST_REQUIRE(ip.size() == 1u);
  BOOST_TEST(ip[0]->initial);
  BOOST_TEST(d.count<ev::missed>() == 0u);
}

BOOST_AUTO_TEST_CASE(eventing_unsupported_is_not_retried) {
  sim::http_handler_options no_eventing;
  no_eventing.eventing = false;  // profile no-eventing: 501
  driver d({}, no_eventing);
  d.run(t0 + 1h);
  BOOST_TEST(d.count<ev::subscription_failed>() == d.sub.services().size());
  for (const auto& r : d.reports)
    if (const auto* f = std::get_if<ev::subscription_failed>(&r)) BOOST_TEST(!f->retry_at.has_value());
}
