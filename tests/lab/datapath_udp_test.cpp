// Loopback: the lab's UDP forwarder. Echo through it (replies come from the public endpoint,
// a 60 000-byte datagram survives), per-source sessions that never see each other's replies,
// the idle timeout (and traffic holding it off), max_sessions, a target that comes up late,
// stop() with sessions, and start() errors. Each test runs on one io_context thread and must
// unwind completely once the forwarder is gone.
#define BOOST_TEST_MODULE lab_datapath_udp
#include "igdkit/sim/datapath/udp_forwarder.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

using namespace igdkit::sim;
namespace asio = boost::asio;
using udp = asio::ip::udp;
using namespace std::chrono_literals;

namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
const auto loopback = asio::ip::make_address("127.0.0.1");

void run_case(asio::awaitable<void> (*test_case)(), std::chrono::seconds limit = 60s) {
  asio::io_context io;
  bool done = false;
  std::exception_ptr failure;
  asio::co_spawn(io, test_case(), [&](std::exception_ptr ep) {
    done = true;
    failure = ep;
  });
  while (!done && !io.stopped()) {
    if (io.run_one_for(limit) == 0) break;
  }
  BOOST_REQUIRE_MESSAGE(done, "test case did not finish in time");
  if (failure) std::rethrow_exception(failure);
  // Everything the case started (forwarder sessions, timers, servers) must unwind by itself.
  io.restart();
  io.run_for(30s);  // returns as soon as the work is done; the limit only catches a hang
  BOOST_TEST(io.stopped(), "work left behind after the test case finished");
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(d);
  co_await t.async_wait(tuple_awaitable);
}

udp::socket bound_socket(const asio::any_io_executor& ex, std::uint16_t port = 0) {
  udp::socket s(ex);
  s.open(udp::v4());
  s.bind({loopback, port});
  return s;
}

struct datagram {
  std::string data;
  udp::endpoint from;
};

// The next datagram, or nothing within `limit`. The timer only cancels the receive while it
// is still pending (the flag outlives this frame: the timer handler may run after it).
asio::awaitable<std::optional<datagram>> receive_within(udp::socket& s, std::chrono::milliseconds limit) {
  auto pending = std::make_shared<bool>(true);
  asio::steady_timer timer(s.get_executor());
  timer.expires_after(limit);
  timer.async_wait([pending, &s](boost::system::error_code ec) {
    if (!ec && *pending) s.cancel();
  });
  std::vector<char> buf(std::size_t{64} * 1024);
  udp::endpoint from;
  auto [ec, n] = co_await s.async_receive_from(asio::buffer(buf), from, tuple_awaitable);
  *pending = false;
  timer.cancel();
  if (ec) co_return std::nullopt;
  co_return datagram{std::string(buf.data(), n), from};
}

asio::awaitable<void> send_to(udp::socket& s, std::string_view data, udp::endpoint to) {
  auto [ec, n] = co_await s.async_send_to(asio::buffer(data), to, tuple_awaitable);
  BOOST_REQUIRE_MESSAGE(!ec, "send_to: " << ec.message());
}

// Echo server that remembers every source it served (one per forwarder session).
struct echo_server {
  udp::socket socket;
  std::set<udp::endpoint> sources;
  std::size_t datagrams = 0;
};

asio::awaitable<void> echo_loop(std::shared_ptr<echo_server> server) {
  std::vector<char> buf(std::size_t{64} * 1024);
  for (;;) {
    udp::endpoint from;
    auto [ec, n] = co_await server->socket.async_receive_from(asio::buffer(buf), from, tuple_awaitable);
    if (ec == asio::error::operation_aborted || !server->socket.is_open()) co_return;
    if (ec) continue;
    server->sources.insert(from);
    ++server->datagrams;
    co_await server->socket.async_send_to(asio::buffer(buf.data(), n), from, tuple_awaitable);
  }
}

std::shared_ptr<echo_server> start_echo_server(const asio::any_io_executor& ex, std::uint16_t port = 0) {
  auto server = std::make_shared<echo_server>(echo_server{bound_socket(ex, port), {}, 0});
  asio::co_spawn(ex, echo_loop(server), asio::detached);
  return server;
}

udp_forwarder_options options_for(const udp::endpoint& target) {
  udp_forwarder_options o;
  o.target = target;
  return o;
}

// ---------------------------------------------------------------------------------------------

asio::awaitable<void> echo_case() {
  auto ex = co_await asio::this_coro::executor;
  auto server = start_echo_server(ex);
  udp_forwarder fwd(ex, options_for(server->socket.local_endpoint()));
  BOOST_REQUIRE(!fwd.start());
  BOOST_TEST(fwd.target() == server->socket.local_endpoint());

  auto client = bound_socket(ex);
  co_await send_to(client, "ping", fwd.local_endpoint());
  auto reply = co_await receive_within(client, 2000ms);
  BOOST_REQUIRE(reply.has_value());
  BOOST_TEST(reply->data == "ping");
  BOOST_TEST(reply->from == fwd.local_endpoint());  // from the public port, not the target
  // The target saw the session socket, not the client.
  BOOST_REQUIRE_EQUAL(server->sources.size(), 1u);
  BOOST_TEST(*server->sources.begin() != client.local_endpoint());

  const std::string big(60000, 'x');
  co_await send_to(client, big, fwd.local_endpoint());
  auto big_reply = co_await receive_within(client, 2000ms);
  BOOST_REQUIRE(big_reply.has_value());
  BOOST_TEST(big_reply->data == big);

  const auto& st = fwd.stats();
  BOOST_TEST(st.bytes_inbound == 4u + big.size());
  BOOST_TEST(st.bytes_outbound == 4u + big.size());
  BOOST_TEST(st.datagrams_inbound == 2u);
  BOOST_TEST(st.datagrams_outbound == 2u);
  BOOST_TEST(st.sessions_total == 1u);
  BOOST_TEST(st.sessions_active == 1u);
  BOOST_TEST(server->sources.size() == 1u);  // both datagrams on the same session
  server->socket.close();
}

BOOST_AUTO_TEST_CASE(echo_through_forwarder) { run_case(echo_case); }

asio::awaitable<void> two_clients_case() {
  auto ex = co_await asio::this_coro::executor;
  auto server = start_echo_server(ex);
  udp_forwarder fwd(ex, options_for(server->socket.local_endpoint()));
  BOOST_REQUIRE(!fwd.start());

  auto a = bound_socket(ex);
  auto b = bound_socket(ex);
  constexpr int count = 5;
  for (int i = 0; i < count; ++i) {
    const std::string from_a = "A-" + std::to_string(i);
    const std::string from_b = "B-" + std::to_string(i);
    co_await send_to(a, from_a, fwd.local_endpoint());
    co_await send_to(b, from_b, fwd.local_endpoint());
  }
  for (int i = 0; i < count; ++i) {
    auto ra = co_await receive_within(a, 2000ms);
    auto rb = co_await receive_within(b, 2000ms);
    BOOST_REQUIRE(ra.has_value());
    BOOST_REQUIRE(rb.has_value());
    BOOST_TEST(ra->data.rfind("A-", 0) == 0u, ra->data);
    BOOST_TEST(rb->data.rfind("B-", 0) == 0u, rb->data);
  }
  // Nothing else is on its way to either client.
  auto extra_a = co_await receive_within(a, 200ms);
  auto extra_b = co_await receive_within(b, 200ms);
  BOOST_TEST(!extra_a.has_value());
  BOOST_TEST(!extra_b.has_value());

  BOOST_TEST(fwd.stats().sessions_total == 2u);
  BOOST_TEST(fwd.stats().sessions_active == 2u);
  BOOST_TEST(server->sources.size() == 2u);  // one session socket per client
  BOOST_TEST(server->datagrams == 2u * count);
  server->socket.close();
}

BOOST_AUTO_TEST_CASE(two_clients_get_separate_sessions) { run_case(two_clients_case); }

asio::awaitable<void> idle_case() {
  auto ex = co_await asio::this_coro::executor;
  auto server = start_echo_server(ex);
  auto o = options_for(server->socket.local_endpoint());
  o.idle_timeout = 250ms;
  udp_forwarder fwd(ex, o);
  BOOST_REQUIRE(!fwd.start());

  auto client = bound_socket(ex);
  // Traffic every ~50 ms for well over the idle timeout keeps one session alive (the gaps
  // leave 200 ms of slack for a loaded machine).
  const auto keepalive_start = std::chrono::steady_clock::now();
  auto last_traffic = keepalive_start;
  while (std::chrono::steady_clock::now() - keepalive_start < 500ms) {
    co_await send_to(client, "keepalive", fwd.local_endpoint());
    auto reply = co_await receive_within(client, 1000ms);
    BOOST_REQUIRE(reply.has_value());
    last_traffic = std::chrono::steady_clock::now();
    co_await sleep_for(50ms);
  }
  BOOST_TEST(fwd.stats().sessions_total == 1u);
  BOOST_TEST(fwd.stats().sessions_active == 1u);

  // Silence: the session goes, not before the timeout and not long after it.
  while (fwd.stats().sessions_active != 0 && std::chrono::steady_clock::now() - last_traffic < 3s) {
    co_await sleep_for(10ms);
  }
  const auto idle_for = std::chrono::steady_clock::now() - last_traffic;
  BOOST_TEST(fwd.stats().sessions_active == 0u);
  BOOST_TEST((idle_for >= 240ms && idle_for < 3s));

  // The same source starts a fresh session.
  co_await send_to(client, "again", fwd.local_endpoint());
  auto reply = co_await receive_within(client, 1000ms);
  BOOST_REQUIRE(reply.has_value());
  BOOST_TEST(reply->data == "again");
  BOOST_TEST(fwd.stats().sessions_total == 2u);
  BOOST_TEST(fwd.stats().sessions_active == 1u);
  server->socket.close();
}

BOOST_AUTO_TEST_CASE(idle_timeout_closes_session) { run_case(idle_case); }

asio::awaitable<void> max_sessions_case() {
  auto ex = co_await asio::this_coro::executor;
  auto server = start_echo_server(ex);
  auto o = options_for(server->socket.local_endpoint());
  o.max_sessions = 1;
  udp_forwarder fwd(ex, o);
  BOOST_REQUIRE(!fwd.start());

  auto a = bound_socket(ex);
  auto b = bound_socket(ex);
  co_await send_to(a, "a", fwd.local_endpoint());
  auto ra = co_await receive_within(a, 2000ms);
  BOOST_REQUIRE(ra.has_value());

  co_await send_to(b, "b", fwd.local_endpoint());
  auto rb = co_await receive_within(b, 300ms);
  BOOST_TEST(!rb.has_value());
  BOOST_TEST(fwd.stats().refused_sessions == 1u);
  BOOST_TEST(fwd.stats().datagrams_dropped == 1u);
  BOOST_TEST(fwd.stats().sessions_active == 1u);
  BOOST_TEST(server->datagrams == 1u);

  // The existing session is unaffected.
  co_await send_to(a, "a2", fwd.local_endpoint());
  auto ra2 = co_await receive_within(a, 2000ms);
  BOOST_REQUIRE(ra2.has_value());
  BOOST_TEST(ra2->data == "a2");
  server->socket.close();
}

BOOST_AUTO_TEST_CASE(max_sessions_drops_new_sources) { run_case(max_sessions_case); }

// ICMP port unreachable from a closed target must not end the session: once the service is
// up, the same session carries traffic.
asio::awaitable<void> late_target_case() {
  auto ex = co_await asio::this_coro::executor;
  std::uint16_t port = 0;
  {
    auto probe = bound_socket(ex);
    port = probe.local_endpoint().port();
  }
  udp_forwarder fwd(ex, options_for({loopback, port}));
  BOOST_REQUIRE(!fwd.start());
  auto client = bound_socket(ex);
  co_await send_to(client, "nobody", fwd.local_endpoint());
  auto none = co_await receive_within(client, 200ms);
  BOOST_TEST(!none.has_value());
  BOOST_TEST(fwd.stats().sessions_active == 1u);

  auto server = start_echo_server(ex, port);
  for (int i = 0; i < 3; ++i) {
    co_await send_to(client, "now", fwd.local_endpoint());
    auto reply = co_await receive_within(client, 1000ms);
    BOOST_REQUIRE(reply.has_value());
    BOOST_TEST(reply->data == "now");
  }
  BOOST_TEST(fwd.stats().sessions_total == 1u);
  server->socket.close();
}

BOOST_AUTO_TEST_CASE(target_coming_up_late_is_reached) { run_case(late_target_case); }

asio::awaitable<void> stop_case() {
  auto ex = co_await asio::this_coro::executor;
  auto server = start_echo_server(ex);
  auto fwd = std::make_unique<udp_forwarder>(ex, options_for(server->socket.local_endpoint()));
  BOOST_REQUIRE(!fwd->start());
  const auto public_endpoint = fwd->local_endpoint();

  std::vector<udp::socket> clients;
  for (int i = 0; i < 3; ++i) {
    clients.push_back(bound_socket(ex));
    co_await send_to(clients.back(), "hi", public_endpoint);
    auto reply = co_await receive_within(clients.back(), 2000ms);
    BOOST_REQUIRE(reply.has_value());
  }
  BOOST_TEST(fwd->stats().sessions_active == 3u);
  // Replies in flight while the forwarder goes away.
  for (auto& c : clients) co_await send_to(c, "late", public_endpoint);
  fwd->stop();
  BOOST_TEST(fwd->stats().sessions_active == 0u);
  fwd.reset();

  co_await send_to(clients.front(), "after stop", public_endpoint);
  for (auto& c : clients) {
    // A datagram already relayed before stop() may come back; nothing after it does.
    for (;;) {
      auto reply = co_await receive_within(c, 300ms);
      if (!reply) break;
      BOOST_TEST(reply->data == "late");
    }
  }
  server->socket.close();
}

BOOST_AUTO_TEST_CASE(stop_with_sessions_then_destroy) { run_case(stop_case); }

asio::awaitable<void> start_errors_case() {
  auto ex = co_await asio::this_coro::executor;
  auto server = start_echo_server(ex);

  udp_forwarder no_target(ex, udp_forwarder_options{});
  BOOST_TEST((no_target.start() == std::errc::invalid_argument));

  auto zero_idle = options_for(server->socket.local_endpoint());
  zero_idle.idle_timeout = 0ms;
  udp_forwarder bad_idle(ex, zero_idle);
  BOOST_TEST((bad_idle.start() == std::errc::invalid_argument));

  udp_forwarder first(ex, options_for(server->socket.local_endpoint()));
  BOOST_REQUIRE(!first.start());
  BOOST_TEST(static_cast<bool>(first.start()), "second start() must fail");

  auto same_port = options_for(server->socket.local_endpoint());
  same_port.listen = first.local_endpoint();
  udp_forwarder second(ex, same_port);
  BOOST_TEST((second.start() == std::errc::address_in_use));

  first.stop();
  BOOST_TEST((first.start() == std::errc::operation_not_permitted));

  // Started and destroyed before the executor ever runs its receive loop.
  for (int i = 0; i < 10; ++i) {
    udp_forwarder short_lived(ex, options_for(server->socket.local_endpoint()));
    BOOST_REQUIRE(!short_lived.start());
  }
  // The destroyed forwarders' queued handlers run after this returns: run_case drains the
  // io_context and requires that nothing is left behind.
  server->socket.close();
}

BOOST_AUTO_TEST_CASE(start_errors_and_short_lives) { run_case(start_errors_case); }

}  // namespace
