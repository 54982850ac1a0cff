// Load and abuse against an in-process sim::router on 127.0.0.1 (loopback only), under the
// default connection limits (256 connections, 32 unfinished per source) and timeouts:
//  - 1000 clients, each GetExternalIPAddress + AddPortMapping + DeletePortMapping through
//    soap::async_call, 192 at a time from one address: none refused, none evicted;
//  - 500 slowloris connections from 20 addresses (more than the server holds) while a legitimate
//    client is answered within its deadline; the oldest are evicted to make room, the rest
//    dropped by the header timeout;
//  - a server whose every connection is busy (a held request) closes a new one at once, never
//    leaves it hanging, and serves again once the load is gone.
// Memory: VmRSS of the whole process (router + clients) may grow by at most rss_growth_bound_kib
// from the first 100 clients to the end of the run, which a per-connection leak would exceed
// (3000 connections). Under ASan the quarantine is capped at 16 MiB (see __asan_default_options)
// and the bound is widened by that much plus allocator slack.
// Figures are printed to stdout (ctest -V shows them).
#define BOOST_TEST_MODULE robustness_load
#include "load_rig.hpp"

#include "igdkit/soap/error.hpp"
#include "igdkit/soap/http_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

// gcc says __SANITIZE_ADDRESS__, clang __has_feature(address_sanitizer).
#if defined(__SANITIZE_ADDRESS__)
#define IGDKIT_LOAD_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IGDKIT_LOAD_TEST_ASAN 1
#endif
#endif

#if defined(IGDKIT_LOAD_TEST_ASAN)
// Freed memory sits in ASan's quarantine (256 MiB by default) and would read as RSS growth.
extern "C" const char* __asan_default_options() { return "quarantine_size_mb=16"; }
constexpr long rss_growth_bound_kib = 64L * 1024;
#else
constexpr long rss_growth_bound_kib = 16L * 1024;
#endif

using namespace igdkit;
using namespace igdkit::robustness;
using namespace std::chrono_literals;
using tcp = asio::ip::tcp;

namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
const std::string wanip2 = "urn:schemas-upnp-org:service:WANIPConnection:2";

// The default server: only the mapping table is widened, not the connection limits.
sim::router_options load_options() {
  sim::router_options o;
  o.config.max_mappings = 4096;  // every client adds one (and deletes it again)
  o.config.max_mappings_per_client = 4096;  // they all come from 127.0.0.1
  return o;
}

soap::action_request get_external_ip() { return {wanip2, "GetExternalIPAddress", {}}; }

soap::action_request add_mapping(std::uint16_t port) {
  return {wanip2, "AddPortMapping",
          {{"NewRemoteHost", ""}, {"NewExternalPort", std::to_string(port)}, {"NewProtocol", "TCP"},
           {"NewInternalPort", std::to_string(port)}, {"NewInternalClient", "127.0.0.1"},
           {"NewEnabled", "1"}, {"NewPortMappingDescription", "load"}, {"NewLeaseDuration", "600"}}};
}

soap::action_request delete_mapping(std::uint16_t port) {
  return {wanip2, "DeletePortMapping",
          {{"NewRemoteHost", ""}, {"NewExternalPort", std::to_string(port)}, {"NewProtocol", "TCP"}}};
}

soap::http_options with_deadline(std::chrono::milliseconds d) {
  soap::http_options o;
  o.deadline = d;
  return o;
}

struct client_run {
  boost::urls::url control;
  soap::http_options http = with_deadline(10s);
  int next = 0;
  int end = 0;
  int completed = 0;
  int failed = 0;
  std::string first_failure;

  void fail(int client, std::string_view what, std::error_code ec) {
    if (failed++ == 0) first_failure = "client " + std::to_string(client) + " " + std::string(what) + ": " + ec.message();
  }
};

asio::awaitable<void> one_client(int i, client_run& run) {
  auto ex = co_await asio::this_coro::executor;
  const auto port = static_cast<std::uint16_t>(20000 + i);
  auto [ip_ec, ip] = co_await soap::async_call(ex, run.control, get_external_ip(), run.http, tuple_awaitable);
  if (ip_ec) co_return run.fail(i, "GetExternalIPAddress", ip_ec);
  if (soap::find_argument(ip.arguments, "NewExternalIPAddress").value_or("") != "203.0.113.7")
    co_return run.fail(i, "GetExternalIPAddress answer", std::make_error_code(std::errc::bad_message));
  auto [add_ec, add] = co_await soap::async_call(ex, run.control, add_mapping(port), run.http, tuple_awaitable);
  if (add_ec) co_return run.fail(i, "AddPortMapping", add_ec);
  auto [del_ec, del] = co_await soap::async_call(ex, run.control, delete_mapping(port), run.http, tuple_awaitable);
  if (del_ec) co_return run.fail(i, "DeletePortMapping", del_ec);
  ++run.completed;
}

asio::awaitable<void> worker(client_run& run) {
  while (run.next < run.end) co_await one_client(run.next++, run);
}

// Runs clients [first, last) with `concurrency` at a time; false if they did not all finish in time.
bool run_clients(client_run& run, int first, int last, int concurrency) {
  asio::io_context io;
  run.next = first;
  run.end = last;
  for (int w = 0; w < concurrency; ++w) asio::co_spawn(io, worker(run), asio::detached);
  io.run_for(120s);
  return io.stopped();
}

// A connection from `source` that sends a request head, then one more header line every 300 ms,
// and never the blank line that ends it (or, `complete`, a whole request and nothing more).
// Records when (and whether) the server closed it.
struct held_connection {
  tcp::socket socket;
  bool connected = false;
  bool closed_by_server = false;
  std::chrono::steady_clock::time_point opened, closed;
  explicit held_connection(asio::io_context& io) : socket(io) {}
};

enum class request_sent { unfinished, complete };

asio::awaitable<void> hold(held_connection& c, tcp::endpoint to, asio::ip::address source,
                           request_sent sent = request_sent::unfinished) {
  boost::system::error_code bec;
  c.socket.open(to.protocol(), bec);
  if (!bec) c.socket.bind(tcp::endpoint(source, 0), bec);
  if (bec) co_return;
  auto [cec] = co_await c.socket.async_connect(to, tuple_awaitable);
  if (cec) co_return;
  c.connected = true;
  c.opened = std::chrono::steady_clock::now();
  std::string head = "GET /rootDesc.xml HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (sent == request_sent::complete) head += "\r\n";
  auto [wec, wn] = co_await asio::async_write(c.socket, asio::buffer(head), tuple_awaitable);
  if (wec) co_return;
  if (sent == request_sent::complete) {
    std::array<char, 512> buf{};
    auto [rec, rn] = co_await c.socket.async_read_some(asio::buffer(buf), tuple_awaitable);
    c.closed_by_server = rn == 0 && (rec == asio::error::eof || rec == asio::error::connection_reset);
    c.closed = std::chrono::steady_clock::now();
    co_return;
  }
  // Reading tells us when the server gives up on us; trickling runs beside it.
  auto ex = co_await asio::this_coro::executor;
  asio::co_spawn(ex, [&c]() -> asio::awaitable<void> {
    asio::steady_timer t(co_await asio::this_coro::executor);
    const std::string line = "X-Slow: 1\r\n";
    while (c.socket.is_open()) {
      t.expires_after(300ms);
      co_await t.async_wait(tuple_awaitable);
      auto [ec, n] = co_await asio::async_write(c.socket, asio::buffer(line), tuple_awaitable);
      if (ec) break;
    }
  }, asio::detached);
  std::array<char, 512> buf{};
  auto [rec, rn] = co_await c.socket.async_read_some(asio::buffer(buf), tuple_awaitable);
  // The server answers a header timeout with nothing: EOF or a reset, never data.
  c.closed_by_server = rn == 0 && (rec == asio::error::eof || rec == asio::error::connection_reset);
  c.closed = std::chrono::steady_clock::now();
  boost::system::error_code ignored;
  c.socket.close(ignored);
}

// Polls the router until pred(stats) holds or the timeout passes.
template <class Pred>
bool wait_for_stats(const router_thread& rt, Pred pred, std::chrono::milliseconds timeout) {
  return poll_until([&] { return pred(rt.stats()); }, timeout);
}

}  // namespace

// 500 held connections are up to 1000 descriptors in this process.
using fd_limit_fixture = fd_limit_at_least<1400>;
BOOST_TEST_GLOBAL_FIXTURE(fd_limit_fixture);

BOOST_AUTO_TEST_CASE(thousand_clients_each_complete_three_calls) {
  constexpr int clients = 1000, warm_up = 100, concurrency = 192;
  router_thread rt(load_options());
  BOOST_TEST_REQUIRE(!rt.start_error());
  client_run run;
  run.control = rt.url("/ctl/IPConn");

  const auto started = std::chrono::steady_clock::now();
  BOOST_TEST_REQUIRE(run_clients(run, 0, warm_up, concurrency), "warm-up clients did not finish");
  const long rss_warm = vm_rss_kib();
  BOOST_TEST_REQUIRE(run_clients(run, warm_up, clients, concurrency), "clients still running after 120 s");
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  const long rss_end = vm_rss_kib();

  BOOST_TEST(run.completed == clients, "completed " << run.completed << ", first failure: " << run.first_failure);
  BOOST_TEST(run.failed == 0);
  const auto stats = rt.stats();
  BOOST_TEST(stats.refused == 0u);  // concurrency stayed under max_connections
  BOOST_TEST(stats.evicted == 0u);  // well-formed requests finish long before a slot is needed
  BOOST_TEST(stats.requests == 3u * clients);
  BOOST_TEST(rt.on_router([](sim::router& r) { return r.mappings().size(); }) == 0u);
  BOOST_TEST(rss_warm > 0);
  BOOST_TEST(rss_end - rss_warm < rss_growth_bound_kib,
             "VmRSS grew " << rss_end - rss_warm << " KiB over " << 3 * (clients - warm_up) << " connections");
  std::printf("load: %d clients x 3 calls, %d concurrent, %lld ms, %zu accepted, VmRSS %ld -> %ld KiB (bound +%ld)\n",
              clients, concurrency, static_cast<long long>(took.count()), stats.accepted, rss_warm, rss_end,
              rss_growth_bound_kib);
}

BOOST_AUTO_TEST_CASE(slowloris_from_many_addresses_while_legitimate_client_is_answered) {
  // 25 per address stays under the per-source cap, so only the server's own cap bites.
  constexpr std::size_t sources = 20, per_source = 25, slow = sources * per_source;
  const sim::router_options defaults = load_options();
  const auto cap = defaults.server.admission.max_connections;
  const auto header_timeout = defaults.server.header_timeout;
  static_assert(per_source <= admission_limits{}.max_unfinished_per_source);
  router_thread rt(defaults);
  BOOST_TEST_REQUIRE(!rt.start_error());
  const auto to = rt.http();
  const long rss_before = vm_rss_kib();

  asio::io_context io;
  std::vector<std::unique_ptr<held_connection>> held;
  for (std::size_t i = 0; i < slow; ++i) {
    held.push_back(std::make_unique<held_connection>(io));
    const auto source = asio::ip::make_address_v4(0x7f00000aU + static_cast<std::uint32_t>(i % sources));  // 127.0.0.10..
    asio::co_spawn(io, hold(*held.back(), to, source), asio::detached);
  }
  // Every head is in; the server holds as many as it may and evicted the oldest for the rest.
  BOOST_TEST_REQUIRE(run_until(io, [&] {
    const auto st = rt.stats();
    return st.accepted == slow && st.active == cap;
  }, 5000ms), "server accepted " << rt.stats().accepted << ", holds " << rt.stats().active);
  BOOST_TEST(rt.stats().evicted == slow - cap);

  // A legitimate client from 127.0.0.1, on the same client thread as the trickling sockets.
  std::error_code legit_ec = make_error_code(soap::errc::timeout);
  std::string legit_ip;
  auto legit_took = 0ms;
  bool legit_done = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    const auto t0 = std::chrono::steady_clock::now();
    const auto request = get_external_ip();
    auto [ec, r] = co_await soap::async_call(co_await asio::this_coro::executor, rt.url("/ctl/IPConn"), request,
                                             with_deadline(1000ms), tuple_awaitable);
    legit_took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    legit_ec = ec;
    legit_ip = soap::find_argument(r.arguments, "NewExternalIPAddress").value_or("");
    legit_done = true;
  }, asio::detached);
  // Until every held connection has been closed: evicted, or dropped at the header timeout.
  const auto all_closed = [&] {
    return legit_done && std::all_of(held.begin(), held.end(), [](const auto& c) { return c->closed_by_server; });
  };
  run_until(io, all_closed, header_timeout + 3000ms);

  BOOST_TEST(!legit_ec, "legitimate call failed: " << legit_ec.message());
  BOOST_TEST(legit_ip == "203.0.113.7");
  std::size_t connected = 0, dropped = 0;
  auto slowest_drop = 0ms;
  for (const auto& c : held) {
    if (!c->connected) continue;
    ++connected;
    if (!c->closed_by_server) continue;
    ++dropped;
    slowest_drop = std::max(slowest_drop, std::chrono::duration_cast<std::chrono::milliseconds>(c->closed - c->opened));
  }
  BOOST_TEST(connected == slow);
  BOOST_TEST(dropped == slow, dropped << " of " << slow << " slow connections were closed by the server");
  BOOST_TEST(slowest_drop < header_timeout + 1500ms);
  const auto stats = rt.stats();
  // The legitimate client's connection took one more slot from the oldest slow one.
  BOOST_TEST(stats.evicted + stats.timeouts >= slow);
  BOOST_TEST(wait_for_stats(rt, [](const http_server_stats& s) { return s.active == 0; }, 1000ms));
  held.clear();
  const long rss_after = vm_rss_kib();
  BOOST_TEST(rss_after - rss_before < rss_growth_bound_kib);
  std::printf("slowloris: %zu held from %zu addresses, %zu evicted, %zu timed out, legitimate call answered in "
              "%lld ms, all dropped after <= %lld ms, VmRSS %ld -> %ld KiB\n",
              slow, sources, stats.evicted, stats.timeouts, static_cast<long long>(legit_took.count()),
              static_cast<long long>(slowest_drop.count()), rss_before, rss_after);
}

BOOST_AUTO_TEST_CASE(a_server_full_of_busy_connections_refuses_at_once_then_service_resumes) {
  // Every request is held unanswered (the lab's "hold" fault) while `holding`: busy connections
  // are never evicted, so the server really is full.
  std::atomic<bool> holding{true};
  sim::router_options o = load_options();
  o.server.on_reply = [&holding](const http_request&) {
    return holding ? reply_plan{0ms, reply_action::hold} : reply_plan{};
  };
  const auto limit = o.server.admission.max_connections;
  router_thread rt(o);
  BOOST_TEST_REQUIRE(!rt.start_error());
  const auto to = rt.http();

  asio::io_context io;
  std::vector<std::unique_ptr<held_connection>> held;
  for (std::size_t i = 0; i < limit; ++i) {
    held.push_back(std::make_unique<held_connection>(io));
    asio::co_spawn(io, hold(*held.back(), to, asio::ip::make_address("127.0.0.1"), request_sent::complete),
                   asio::detached);
  }
  BOOST_TEST_REQUIRE(run_until(io, [&] { return rt.stats().requests == limit; }, 5000ms),
                     "server read " << rt.stats().requests << " of " << limit << " requests");

  // One more: the server closes it (or answers 503) straight away; the client must not hang.
  std::error_code refused_ec;
  unsigned refused_status = 0;
  auto refused_took = 0ms;
  bool refused_done = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    const auto t0 = std::chrono::steady_clock::now();
    const auto request = get_external_ip();
    auto [ec, r] = co_await soap::async_call(co_await asio::this_coro::executor, rt.url("/ctl/IPConn"), request,
                                             with_deadline(3000ms), tuple_awaitable);
    refused_took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    refused_ec = ec;
    refused_status = r.http_status;
    refused_done = true;
  }, asio::detached);
  run_until(io, [&] { return refused_done; }, 3500ms);
  BOOST_TEST(refused_ec != std::error_code(soap::errc::timeout));
  BOOST_TEST(refused_took < 1000ms);
  const bool clean = refused_ec == soap::errc::connection_reset || refused_ec == soap::errc::truncated_response ||
                     (refused_ec == soap::errc::unexpected_http_status && refused_status == 503u);
  BOOST_TEST(clean, "over-limit call ended with " << refused_ec.message() << " (HTTP " << refused_status << ")");
  BOOST_TEST(rt.stats().refused >= 1u);
  BOOST_TEST(rt.stats().evicted == 0u);
  std::printf("full of busy connections: %zu held, call %zu refused with \"%s\" (HTTP %u) after %lld ms\n", limit,
              limit + 1, refused_ec.message().c_str(), refused_status, static_cast<long long>(refused_took.count()));

  // Load gone: the slots free up and the next client is served.
  holding = false;
  for (auto& c : held) {
    boost::system::error_code ignored;
    c->socket.close(ignored);
  }
  BOOST_TEST_REQUIRE(run_until(io, [&] { return rt.stats().active == 0; }, 2000ms));
  std::error_code after_ec = make_error_code(soap::errc::timeout);
  bool after_done = false;
  asio::co_spawn(io, [&]() -> asio::awaitable<void> {
    const auto request = get_external_ip();
    auto [ec, r] = co_await soap::async_call(co_await asio::this_coro::executor, rt.url("/ctl/IPConn"), request,
                                             with_deadline(2000ms), tuple_awaitable);
    after_ec = ec;
    after_done = true;
  }, asio::detached);
  run_until(io, [&] { return after_done; }, 2500ms);
  BOOST_TEST(!after_ec, "call after the load: " << after_ec.message());
}
