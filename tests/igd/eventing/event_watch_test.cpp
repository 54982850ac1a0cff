// igd::event_watch against simrouter's lab over loopback, with the real NOTIFY listener and
// sender. Waits are driven by the events themselves (run_until), never by sleeps.
#define BOOST_TEST_MODULE igd_event_watch
#include <boost/test/unit_test.hpp>

#include "support/run_until.hpp"

#include "igdkit/gena/error.hpp"
#include "igdkit/gena/messages.hpp"
#include "igdkit/igd/event_watch.hpp"
#include "igdkit/sim/lab.hpp"
#include "igdkit/soap/http_client.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>
#include <sstream>

using namespace igdkit;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace ev = igd::eventing;

namespace {

using clock_type = std::chrono::steady_clock;

struct watch_rig {
  asio::io_context io;
  sim::lab lab;
  igd::client client{io.get_executor()};
  std::vector<std::pair<clock_type::time_point, ev::report>> reports;
  asio::steady_timer signal{io};
  std::unique_ptr<igd::event_watch> watch;
  bool finished = false;

  explicit watch_rig(sim::lab_options o = options()) : lab(io.get_executor(), std::move(o)) {
    std::string detail;
    BOOST_REQUIRE_MESSAGE(!lab.start(&detail), detail);
    std::optional<std::error_code> opened;
    client.async_open(lab.description_url(), [&](boost::system::error_code ec, igd::gateway g) {
      opened = ec;
      if (!ec) client.use(std::move(g));
    });
    BOOST_REQUIRE(run_until([&] { return opened.has_value(); }));
    BOOST_REQUIRE(!*opened);
  }
  static sim::lab_options options() {
    sim::lab_options o;
    o.admin = false;
    return o;
  }
  void start_watch(igd::event_watch_options o = {}) {
    watch = std::make_unique<igd::event_watch>(io.get_executor(), client, igd::event_watch::services_of(*client.current()),
                                               std::move(o), [this](const ev::report& r) {
                                                 reports.emplace_back(clock_type::now(), r);
                                                 signal.cancel();
                                               });
    watch->async_run([this](boost::system::error_code ec) {
      BOOST_TEST(!ec);
      finished = true;
      signal.cancel();
    });
  }
  template <class Pred>
  bool run_until(Pred done, std::chrono::milliseconds limit = 10s) {
    return igdkit::test::run_until(io, signal, done, limit);
  }
  std::size_t service_index(std::string_view type_name) const {
    const auto& s = watch->core().services();
    for (std::size_t i = 0; i < s.size(); ++i)
      if (s[i].service_type.find(type_name) != std::string::npos) return i;
    BOOST_FAIL("no such service");
    return 0;
  }
  // The first state_changed after `from` for `service` that satisfies pred.
  template <class Pred>
  const ev::state_changed* find_state(std::size_t service, std::size_t from, Pred pred) const {
    for (std::size_t i = from; i < reports.size(); ++i)
      if (const auto* s = std::get_if<ev::state_changed>(&reports[i].second); s && s->service == service && pred(*s))
        return s;
    return nullptr;
  }
  template <class T>
  std::size_t count(std::size_t from = 0) const {
    return static_cast<std::size_t>(std::count_if(reports.begin() + static_cast<std::ptrdiff_t>(from), reports.end(),
                                                  [](const auto& r) { return std::holds_alternative<T>(r.second); }));
  }
  // Sends one raw HTTP request (a hand-made subscriber or a forged NOTIFY) and returns the reply.
  result<soap::http_reply> send(boost::urls::url url, http_request req, std::optional<asio::ip::address> from = {}) {
    std::optional<result<soap::http_reply>> out;
    soap::http_options o{2000ms};
    o.local_address = from;
    asio::co_spawn(io, soap::detail::http_send(std::move(url), std::move(req), o),
                   [&](std::exception_ptr, result<soap::http_reply> r) {
                     out = std::move(r);
                     signal.cancel();
                   });
    run_until([&] { return out.has_value(); });
    return out.value_or(make_error_code(std::errc::timed_out));
  }
  boost::urls::url event_url(std::string_view type_name) const {
    return watch->core().services()[service_index(type_name)].event_url;
  }
};

// One request written as soon as the connection is up; the answer's status (0: none).
asio::awaitable<unsigned> raw_exchange(asio::ip::tcp::endpoint to, std::shared_ptr<const std::string> bytes) {
  constexpr auto tuple = asio::as_tuple(asio::use_awaitable);
  asio::ip::tcp::socket socket(co_await asio::this_coro::executor);
  auto [cec] = co_await socket.async_connect(to, tuple);
  if (cec) co_return 0u;
  auto [wec, wn] = co_await asio::async_write(socket, asio::buffer(*bytes), tuple);
  if (wec) co_return 0u;
  boost::beast::flat_buffer buffer;
  boost::beast::http::response<boost::beast::http::string_body> res;
  auto [rec, rn] = co_await boost::beast::http::async_read(socket, buffer, res, tuple);
  co_return rec ? 0u : res.result_int();
}

bool has_ip(const ev::state_changed& s, std::string_view ip) {
  return s.variables.external_ip && s.variables.external_ip->to_string() == ip;
}

}  // namespace

BOOST_AUTO_TEST_CASE(initial_event_then_changes_as_they_happen) {
  watch_rig rig;
  rig.start_watch();
  const auto ip_conn = rig.service_index("WANIPConnection");
  const auto common = rig.service_index("WANCommonInterfaceConfig");
  // Every service with an eventSubURL subscribed, each with its initial event.
  const auto services = rig.watch->core().services().size();
  BOOST_TEST(services >= 3u);
  BOOST_REQUIRE(rig.run_until([&] {
    std::size_t initial = 0;
    for (const auto& [t, r] : rig.reports)
      if (const auto* s = std::get_if<ev::state_changed>(&r)) initial += s->initial;
    return initial == services;
  }));
  const auto* first = rig.find_state(ip_conn, 0, [](const auto& s) { return s.initial; });
  BOOST_REQUIRE(first);
  BOOST_TEST(first->seq == 0u);
  BOOST_TEST(has_ip(*first, "203.0.113.10"));
  BOOST_TEST(first->variables.connected());
  BOOST_TEST(first->variables.port_mapping_entries.value() == 0u);
  BOOST_TEST(first->variables.system_update_id.has_value());  // IGD:2
  BOOST_TEST(rig.count<ev::missed>() == 0u);

  // WAN IP change (what POST /wan-ip does): an event at once, not at a poll.
  auto mark = rig.reports.size();
  const auto changed_at = clock_type::now();
  rig.lab.set_wan_ip(asio::ip::make_address_v4("203.0.113.77"));
  BOOST_REQUIRE(rig.run_until([&] { return rig.find_state(ip_conn, mark, [](const auto& s) { return has_ip(s, "203.0.113.77"); }); }));
  const auto latency = std::chrono::duration<double, std::milli>(rig.reports.back().first - changed_at).count();
  BOOST_TEST_MESSAGE("WAN IP change -> client callback in " << latency << " ms");
  BOOST_TEST(latency < 1000.0);  // no moderation delay for an isolated change; polling would be 60 s

  // A mapping added by a control point: PortMappingNumberOfEntries 1.
  mark = rig.reports.size();
  std::optional<std::error_code> added;
  igd::mapping_request m;
  m.external_port = 40001;
  m.internal_port = 40001;
  m.internal_client = asio::ip::make_address_v4("127.0.0.1");
  m.proto = protocol::tcp;
  m.description = "event test";
  rig.client.async_add_port_mapping(m, [&](boost::system::error_code ec, igd::mapping_result) { added = ec; });
  BOOST_REQUIRE(rig.run_until([&] { return added.has_value(); }));
  BOOST_REQUIRE(!*added);
  BOOST_REQUIRE(rig.run_until([&] {
    return rig.find_state(ip_conn, mark, [](const auto& s) { return s.variables.port_mapping_entries == 1u; });
  }));

  // The WAN cable out: ConnectionStatus and PhysicalLinkStatus follow.
  mark = rig.reports.size();
  sim::fault_set down;
  down.wan_link_down = true;
  rig.lab.set_faults(down);
  BOOST_REQUIRE(rig.run_until([&] {
    return rig.find_state(ip_conn, mark, [](const auto& s) { return s.variables.connection_status == "Disconnected"; }) &&
           rig.find_state(common, mark, [](const auto& s) { return s.variables.physical_link_status == "Down"; });
  }));
  BOOST_TEST(rig.count<ev::missed>() == 0u);  // SEQ without gaps throughout

  rig.watch->stop();
  BOOST_REQUIRE(rig.run_until([&] { return rig.finished; }));
  BOOST_TEST(rig.lab.home().events().empty());  // every subscription unsubscribed
}

BOOST_AUTO_TEST_CASE(renewal_keeps_it_expiry_drops_it_and_a_reboot_is_resubscribed) {
  auto o = watch_rig::options();
  o.router.events.min_timeout = 2s;  // time compressed: a 2 s subscription renews every second
  watch_rig rig(o);
  igd::event_watch_options wo;
  wo.subscriber.timeout = 2s;
  rig.start_watch(wo);
  const auto ip_conn = rig.service_index("WANIPConnection");
  BOOST_REQUIRE(rig.run_until([&] {
    std::size_t renewals = 0;
    for (const auto& [t, r] : rig.reports)
      if (const auto* s = std::get_if<ev::subscribed>(&r); s && s->renewal && s->service == ip_conn) ++renewals;
    return renewals >= 2;
  }));
  BOOST_TEST(rig.lab.home().events().size() == rig.watch->core().services().size());  // none expired

  // A subscriber that never renews: gone when its 2 s are up, without anyone asking.
  const auto url = rig.event_url("WANIPConnection");
  auto once = rig.send(url, gena::make_subscribe_request(url.path(), boost::urls::url("http://127.0.0.1:9/"), 2s));
  BOOST_REQUIRE(once.has_value());
  BOOST_REQUIRE(once->status == 200u);
  const auto with_it = rig.lab.home().events().size();
  BOOST_REQUIRE(rig.run_until([&] { return rig.lab.home().events().stats().expired >= 1; }, 5s));
  BOOST_TEST(rig.lab.home().events().size() == with_it - 1);

  // A reboot loses every subscription; the next renewal's 412 brings a fresh one and SEQ 0.
  auto mark = rig.reports.size();
  rig.lab.reboot();
  BOOST_TEST(rig.lab.home().events().empty());
  BOOST_REQUIRE(rig.run_until([&] {
    return rig.count<ev::subscription_lost>(mark) >= 1 &&
           rig.find_state(ip_conn, mark, [](const auto& s) { return s.initial; }) != nullptr;
  }));

  // Told of a reboot (BOOTID, uptime), it subscribes again at once.
  mark = rig.reports.size();
  rig.lab.reboot();
  rig.watch->observe_reboot();
  BOOST_REQUIRE(rig.run_until([&] { return rig.find_state(ip_conn, mark, [](const auto& s) { return s.initial; }); }, 1500ms));
  rig.watch->stop();
  BOOST_REQUIRE(rig.run_until([&] { return rig.finished; }));
}

BOOST_AUTO_TEST_CASE(callstranger_callback_to_another_host_is_refused_and_never_contacted) {
  watch_rig rig;
  // A would-be victim on 127.0.0.2 counting every connection it gets.
  asio::ip::tcp::acceptor victim(rig.io, {asio::ip::make_address("127.0.0.2"), 0});
  std::size_t victim_connections = 0;
  std::function<void()> accept = [&] {
    victim.async_accept([&](boost::system::error_code ec, asio::ip::tcp::socket) {
      if (ec) return;
      ++victim_connections;
      accept();
    });
  };
  accept();
  rig.start_watch();
  const auto ip_conn = rig.service_index("WANIPConnection");
  BOOST_REQUIRE(rig.run_until([&] { return rig.find_state(ip_conn, 0, [](const auto& s) { return s.initial; }); }));

  boost::urls::url callback("http://127.0.0.2/");
  callback.set_port_number(victim.local_endpoint().port());
  auto reply = rig.send(rig.event_url("WANIPConnection"),
                        gena::make_subscribe_request(rig.event_url("WANIPConnection").path(), callback, 1800s),
                        asio::ip::make_address("127.0.0.1"));
  BOOST_REQUIRE(reply.has_value());
  BOOST_TEST(reply->status == 412u);
  BOOST_TEST(reply->body.find("CallStranger") != std::string::npos);

  // A change every subscriber hears about; the legitimate one's event is the barrier.
  const auto mark = rig.reports.size();
  rig.lab.set_wan_ip(asio::ip::make_address_v4("203.0.113.78"));
  BOOST_REQUIRE(rig.run_until([&] { return rig.find_state(ip_conn, mark, [](const auto& s) { return has_ip(s, "203.0.113.78"); }); }));
  BOOST_TEST(victim_connections == 0u);
  BOOST_TEST(rig.lab.home().events().size() == rig.watch->core().services().size());
}

BOOST_AUTO_TEST_CASE(stuck_subscriber_does_not_delay_others_and_is_dropped) {
  watch_rig rig;
  // Accepts connections (the kernel does) but never reads or answers.
  asio::ip::tcp::acceptor stuck(rig.io, {asio::ip::make_address("127.0.0.1"), 0});
  rig.start_watch();
  const auto ip_conn = rig.service_index("WANIPConnection");
  BOOST_REQUIRE(rig.run_until([&] { return rig.find_state(ip_conn, 0, [](const auto& s) { return s.initial; }); }));
  boost::urls::url callback("http://127.0.0.1/stuck");
  callback.set_port_number(stuck.local_endpoint().port());
  const auto url = rig.event_url("WANIPConnection");
  auto reply = rig.send(url, gena::make_subscribe_request(url.path(), callback, 1800s));
  BOOST_REQUIRE(reply.has_value());
  BOOST_REQUIRE(reply->status == 200u);

  // Each change: the good subscriber hears it while the stuck one's delivery is still pending,
  // i.e. before that delivery fails at its 2 s deadline. An ordering, not a stopwatch: a busy
  // machine slows both alike.
  for (int i = 1; i <= 3; ++i) {
    const auto mark = rig.reports.size();
    const auto ip = "203.0.113." + std::to_string(100 + i);
    const auto failed_before = rig.lab.home().events().stats().failed;
    const auto at = clock_type::now();
    rig.lab.set_wan_ip(asio::ip::make_address_v4(ip));
    BOOST_REQUIRE(rig.run_until([&] { return rig.find_state(ip_conn, mark, [&](const auto& s) { return has_ip(s, ip); }); }));
    const auto took = std::chrono::duration<double, std::milli>(clock_type::now() - at).count();
    BOOST_TEST_MESSAGE("event " << i << " with a stuck subscriber: " << took << " ms");
    BOOST_TEST(rig.lab.home().events().stats().failed == failed_before, "event " << i << " waited for the stuck delivery to fail");
    // Wait out the moderation interval and the stuck delivery, so the next change is its own event.
    BOOST_REQUIRE(rig.run_until([&] { return rig.lab.home().events().stats().failed > failed_before; }, 5s));
  }
  // Three failures in a row: the stuck subscription is gone, ours stay.
  BOOST_TEST(rig.lab.home().events().stats().dropped_subscribers == 1u);
  BOOST_TEST(rig.lab.home().events().size() == rig.watch->core().services().size());
}

BOOST_AUTO_TEST_CASE(listener_refuses_forged_malformed_and_flooding_notifies) {
  watch_rig rig;
  rig.start_watch();
  const auto ip_conn = rig.service_index("WANIPConnection");
  BOOST_REQUIRE(rig.run_until([&] { return rig.find_state(ip_conn, 0, [](const auto& s) { return s.initial; }); }));
  const auto callback = *rig.watch->callback_url();
  std::string sid;
  for (const auto& [t, r] : rig.reports)
    if (const auto* s = std::get_if<ev::subscribed>(&r); s && s->service == ip_conn) sid = s->sid;
  const std::vector<gena::property> forged{{"ExternalIPAddress", "6.6.6.6"}};
  auto notify = [&](std::string s, std::uint32_t seq, std::string body) {
    return gena::make_notify_request(callback, s, seq, std::move(body), "text/xml");
  };

  // From another host than the router (127.0.0.2): 403, whatever it carries.
  auto r = rig.send(callback, notify(sid, 1, gena::build_propertyset(forged)), asio::ip::make_address("127.0.0.2"));
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(r->status == 403u);
  // Malformed: 400 with the reason.
  r = rig.send(callback, notify(sid, 1, "<not-a-propertyset/>"));
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(r->status == 400u);
  BOOST_TEST(r->body.find("propertyset") != std::string::npos);
  // A SID we do not hold: 412.
  r = rig.send(callback, notify("uuid:nobody", 0, gena::build_propertyset(forged)));
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(r->status == 412u);
  // A flood over raw sockets from another thread (its own io_context, no resolver), in waves of
  // 8 connections so that the per-source admission cap never evicts one before it is read; the
  // listener's thread only serves. Past the burst, 503; none of it reaches the application.
  std::ostringstream wire;
  wire << notify("uuid:nobody", 0, gena::build_propertyset(forged));
  const auto bytes = std::make_shared<const std::string>(wire.str());
  const asio::ip::tcp::endpoint target(asio::ip::make_address("127.0.0.1"), callback.port_number());
  constexpr std::size_t wave = 8, waves = 40;
  std::size_t answered = 0, refused = 0, unanswered = 0;
  std::atomic<bool> flood_done = false;
  std::thread flood([&] {
    asio::io_context flood_io;
    for (std::size_t w = 0; w < waves; ++w) {
      for (std::size_t i = 0; i < wave; ++i) {
        asio::co_spawn(flood_io, raw_exchange(target, bytes), [&](std::exception_ptr, unsigned status) {
          ++answered;
          refused += status == 503u;
          unanswered += status == 0u;
        });
      }
      flood_io.run();  // this wave, to its end (each exchange is bounded by the server's deadlines)
      flood_io.restart();
    }
    flood_done = true;
    asio::post(rig.io, [&] { rig.signal.cancel(); });
  });
  const auto flood_start = clock_type::now();
  const bool finished_in_time = rig.run_until([&] { return flood_done.load(); }, 60s);
  const auto flood_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - flood_start).count();
  flood.join();
  BOOST_REQUIRE(finished_in_time);
  BOOST_TEST(answered == wave * waves);
  BOOST_TEST(unanswered == 0u);
  // The bucket (64, then one per 10 ms) can have let through at most this many: the rest must be
  // 503. (A build too slow to outpace 100/s, such as ASan's, owes no refusal.)
  const auto allowed = 64 + static_cast<std::size_t>(flood_ms / 10) + 1;
  BOOST_TEST_MESSAGE("flood: " << answered << " NOTIFYs in " << flood_ms << " ms, " << refused << " refused");
  BOOST_TEST(refused + allowed >= answered);
  BOOST_TEST(rig.watch->listener_stats().rate_limited == refused);
  BOOST_TEST(!rig.find_state(ip_conn, 0, [](const auto& s) { return has_ip(s, "6.6.6.6"); }));
  // The real subscription still works afterwards. Right after the flood the listener's bucket
  // may still be empty (one token per 10 ms), so the router's NOTIFY can be refused with 503
  // like the flood and be dropped by the router; such a loss must show as a refusal, and a later
  // change must arrive (as its own event, or re-read by action after the SEQ gap).
  bool delivered = false;
  for (int attempt = 0; attempt < 3 && !delivered; ++attempt) {
    const auto limited_before = rig.watch->listener_stats().rate_limited;
    const auto mark = rig.reports.size();
    const auto ip = "203.0.113." + std::to_string(79 + attempt);
    rig.lab.set_wan_ip(asio::ip::make_address_v4(ip));
    delivered = rig.run_until([&] { return rig.find_state(ip_conn, mark, [&](const auto& s) { return has_ip(s, ip); }); }, 5s);
    if (!delivered)
      BOOST_TEST(rig.watch->listener_stats().rate_limited > limited_before, "change " << ip << " was lost without a refusal");
  }
  BOOST_TEST(delivered);
}
