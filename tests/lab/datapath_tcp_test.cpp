// Loopback: the lab's TCP forwarder. Bulk data with checksums both ways, half-close, a refused
// and a timed-out target (RST + observer), the observer's outside peer, stop() with sessions
// in flight, max_sessions, and start() errors. Every test runs on one io_context thread and
// must unwind completely (no leftover work) once the forwarder is gone.
#define BOOST_TEST_MODULE lab_datapath_tcp
#include "igdkit/sim/datapath/tcp_forwarder.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace igdkit::sim;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
const auto loopback = asio::ip::make_address("127.0.0.1");

// 100 MB per bulk test, in every build: it takes ~1.5 s in dev and ~5 s under ASan+UBSan.
// IGDKIT_DATAPATH_MB overrides it (e.g. for a slower CI machine).
std::size_t bulk_bytes() {
  if (const char* env = std::getenv("IGDKIT_DATAPATH_MB")) return std::strtoull(env, nullptr, 10) * 1024 * 1024;
  return std::size_t{100} * 1024 * 1024;
}

// Runs one test coroutine, then requires that everything it started unwinds: a forwarder that
// leaves work behind after stop()/destruction would keep run_for() busy until the limit.
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
  io.restart();
  io.run_for(30s);  // returns as soon as the work is done; the limit only catches a hang
  BOOST_TEST(io.stopped(), "work left behind after the test case finished");
}

// 64-bit FNV-1a: any lost, duplicated or reordered byte changes it.
struct fnv1a {
  std::uint64_t value = 14695981039346656037ull;
  void update(const char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      value ^= static_cast<unsigned char>(p[i]);
      value *= 1099511628211ull;
    }
  }
};

// Deterministic non-repeating bytes (xorshift64), so misplaced blocks cannot hash the same.
struct byte_pattern {
  std::uint64_t state = 0x9E3779B97F4A7C15ull;
  void fill(char* p, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (i % 8 == 0) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
      }
      p[i] = static_cast<char>(state >> (8 * (i % 8)));
    }
  }
};

tcp::acceptor make_listener(const asio::any_io_executor& ex, int backlog = asio::socket_base::max_listen_connections) {
  tcp::acceptor a(ex);
  a.open(tcp::v4());
  a.bind({loopback, 0});
  a.listen(backlog);
  return a;
}

// A loopback port with nobody listening (bound, then released).
std::uint16_t closed_port(const asio::any_io_executor& ex) {
  tcp::acceptor a(ex);
  a.open(tcp::v4());
  a.bind({loopback, 0});
  return a.local_endpoint().port();
}

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor);
  t.expires_after(d);
  co_await t.async_wait(tuple_awaitable);
}

struct read_outcome {
  std::string data;
  boost::system::error_code ec;  // how the stream ended
};

asio::awaitable<read_outcome> read_until_closed(tcp::socket& s) {
  read_outcome out;
  char buf[4096];
  for (;;) {
    auto [ec, n] = co_await s.async_read_some(asio::buffer(buf), tuple_awaitable);
    out.data.append(buf, n);
    if (ec) {
      out.ec = ec;
      co_return out;
    }
  }
}

bool closed_by_peer(const boost::system::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset;
}

asio::awaitable<tcp::socket> connect_to(tcp::endpoint ep) {
  tcp::socket s(co_await asio::this_coro::executor);
  auto [ec] = co_await s.async_connect(ep, tuple_awaitable);
  BOOST_REQUIRE_MESSAGE(!ec, "connect: " << ec.message());
  co_return s;
}

// Polls a condition on the io thread (stats settle a few handlers after the sockets close). The
// limit only catches a hang, so it is generous: a loaded machine may take a while.
asio::awaitable<bool> eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = 30000ms) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) co_return false;
    co_await sleep_for(10ms);
  }
  co_return true;
}

// Echo server: every accepted connection echoes until EOF, then half-closes.
asio::awaitable<void> echo_session(tcp::socket s) {
  std::vector<char> buf(std::size_t{64} * 1024);
  for (;;) {
    auto [ec, n] = co_await s.async_read_some(asio::buffer(buf), tuple_awaitable);
    if (n > 0) {
      auto [wec, wn] = co_await asio::async_write(s, asio::buffer(buf.data(), n), tuple_awaitable);
      if (wec) co_return;
    }
    if (ec) break;
  }
  boost::system::error_code ignored;
  s.shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> echo_server(std::shared_ptr<tcp::acceptor> acceptor) {
  for (;;) {
    auto [ec, s] = co_await acceptor->async_accept(tuple_awaitable);
    if (ec) co_return;
    asio::co_spawn(acceptor->get_executor(), echo_session(std::move(s)), asio::detached);
  }
}

std::shared_ptr<tcp::acceptor> start_echo_server(const asio::any_io_executor& ex) {
  auto acceptor = std::make_shared<tcp::acceptor>(make_listener(ex));
  asio::co_spawn(ex, echo_server(acceptor), asio::detached);
  return acceptor;
}

struct observed_session {
  tcp::endpoint peer;
  std::error_code result;
};

tcp_forwarder_options options_for(const tcp::endpoint& target, std::vector<observed_session>* seen = nullptr) {
  tcp_forwarder_options o;
  o.target = target;
  if (seen) o.on_session = [seen](const tcp::endpoint& peer, std::error_code ec) { seen->push_back({peer, ec}); };
  return o;
}

// One echo round trip: proves the session reached the target.
asio::awaitable<void> require_echo(tcp::socket& s, std::string_view message) {
  auto [wec, wn] = co_await asio::async_write(s, asio::buffer(message), tuple_awaitable);
  BOOST_REQUIRE(!wec);
  std::string reply(message.size(), '\0');
  auto [rec, rn] = co_await asio::async_read(s, asio::buffer(reply), tuple_awaitable);
  BOOST_REQUIRE_MESSAGE(!rec, "echo read: " << rec.message());
  BOOST_TEST(reply == message);
}

// ---------------------------------------------------------------------------------------------

struct upload_result {
  std::uint64_t bytes = 0;
  std::uint64_t hash = 0;
};

// Reads everything to EOF, then answers with the byte count and hash (16 bytes) and closes.
asio::awaitable<void> hashing_sink(std::shared_ptr<tcp::acceptor> acceptor) {
  auto [aec, s] = co_await acceptor->async_accept(tuple_awaitable);
  if (aec) co_return;
  std::vector<char> buf(std::size_t{64} * 1024);
  fnv1a hash;
  std::uint64_t total = 0;
  for (;;) {
    auto [ec, n] = co_await s.async_read_some(asio::buffer(buf), tuple_awaitable);
    hash.update(buf.data(), n);
    total += n;
    if (ec) break;
  }
  const upload_result r{total, hash.value};
  co_await asio::async_write(s, asio::buffer(&r, sizeof r), tuple_awaitable);
}

asio::awaitable<void> upload_case() {
  auto ex = co_await asio::this_coro::executor;
  auto sink = std::make_shared<tcp::acceptor>(make_listener(ex));
  asio::co_spawn(ex, hashing_sink(sink), asio::detached);
  tcp_forwarder fwd(ex, options_for(sink->local_endpoint()));
  BOOST_REQUIRE(!fwd.start());

  const std::size_t total = bulk_bytes();
  auto client = co_await connect_to(fwd.local_endpoint());
  std::vector<char> chunk(std::size_t{64} * 1024);
  byte_pattern pattern;
  fnv1a sent;
  for (std::size_t done = 0; done < total;) {
    const std::size_t n = std::min(chunk.size(), total - done);
    pattern.fill(chunk.data(), n);
    sent.update(chunk.data(), n);
    auto [ec, written] = co_await asio::async_write(client, asio::buffer(chunk.data(), n), tuple_awaitable);
    BOOST_REQUIRE_MESSAGE(!ec, "upload write: " << ec.message());
    done += written;
  }
  client.shutdown(tcp::socket::shutdown_send);

  upload_result r;
  auto [rec, rn] = co_await asio::async_read(client, asio::buffer(&r, sizeof r), tuple_awaitable);
  BOOST_REQUIRE_MESSAGE(!rec, "sink reply: " << rec.message());
  BOOST_TEST(r.bytes == total);
  BOOST_TEST(r.hash == sent.value);
  auto rest = co_await read_until_closed(client);
  BOOST_TEST(rest.data.empty());
  BOOST_TEST((rest.ec == asio::error::eof), rest.ec.message());
  BOOST_TEST(fwd.stats().bytes_inbound == total);
  BOOST_TEST(fwd.stats().bytes_outbound == sizeof(upload_result));
}

BOOST_AUTO_TEST_CASE(upload_bulk_checksum) { run_case(upload_case, 300s); }

struct echo_writer_state {
  std::uint64_t hash = 0;
  bool done = false;
  boost::system::error_code ec;
};

asio::awaitable<void> bulk_writer(tcp::socket& s, std::size_t total, std::shared_ptr<echo_writer_state> state) {
  std::vector<char> chunk(std::size_t{64} * 1024);
  byte_pattern pattern;
  fnv1a sent;
  for (std::size_t done = 0; done < total;) {
    const std::size_t n = std::min(chunk.size(), total - done);
    pattern.fill(chunk.data(), n);
    sent.update(chunk.data(), n);
    auto [ec, written] = co_await asio::async_write(s, asio::buffer(chunk.data(), n), tuple_awaitable);
    if (ec) {
      state->ec = ec;
      co_return;
    }
    done += written;
  }
  boost::system::error_code ignored;
  s.shutdown(tcp::socket::shutdown_send, ignored);
  state->hash = sent.value;
  state->done = true;
}

// Both directions at once: the client streams while reading the echo back.
asio::awaitable<void> echo_case() {
  auto ex = co_await asio::this_coro::executor;
  auto server = start_echo_server(ex);
  tcp_forwarder fwd(ex, options_for(server->local_endpoint()));
  BOOST_REQUIRE(!fwd.start());

  const std::size_t total = bulk_bytes();
  auto client = co_await connect_to(fwd.local_endpoint());
  auto writer = std::make_shared<echo_writer_state>();
  asio::co_spawn(ex, bulk_writer(client, total, writer), asio::detached);

  std::vector<char> buf(std::size_t{64} * 1024);
  fnv1a received;
  std::uint64_t count = 0;
  boost::system::error_code end;
  for (;;) {
    auto [ec, n] = co_await client.async_read_some(asio::buffer(buf), tuple_awaitable);
    received.update(buf.data(), n);
    count += n;
    if (ec) {
      end = ec;
      break;
    }
  }
  BOOST_TEST((end == asio::error::eof), end.message());
  BOOST_REQUIRE_MESSAGE(writer->done, "writer: " << writer->ec.message());
  BOOST_TEST(count == total);
  BOOST_TEST(received.value == writer->hash);
  BOOST_TEST(fwd.stats().bytes_inbound == total);
  BOOST_TEST(fwd.stats().bytes_outbound == total);
  server->close();
}

BOOST_AUTO_TEST_CASE(echo_bulk_checksum_both_directions) { run_case(echo_case, 300s); }

// ---------------------------------------------------------------------------------------------

// Reads the request to EOF, then replies and closes: only works if the forwarder passes the
// client's FIN on as shutdown(send) and keeps the other direction open.
asio::awaitable<void> reply_after_eof(std::shared_ptr<tcp::acceptor> acceptor) {
  auto [aec, s] = co_await acceptor->async_accept(tuple_awaitable);
  if (aec) co_return;
  auto request = co_await read_until_closed(s);
  if (request.ec != asio::error::eof) co_return;
  const std::string reply = "reply:" + request.data;
  co_await asio::async_write(s, asio::buffer(reply), tuple_awaitable);
  boost::system::error_code ignored;
  s.shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> half_close_case() {
  auto ex = co_await asio::this_coro::executor;
  auto server = std::make_shared<tcp::acceptor>(make_listener(ex));
  asio::co_spawn(ex, reply_after_eof(server), asio::detached);
  std::vector<observed_session> seen;
  tcp_forwarder fwd(ex, options_for(server->local_endpoint(), &seen));
  BOOST_REQUIRE(!fwd.start());

  auto client = co_await connect_to(fwd.local_endpoint());
  const std::string hello = "hello";
  co_await asio::async_write(client, asio::buffer(hello), tuple_awaitable);
  client.shutdown(tcp::socket::shutdown_send);
  auto reply = co_await read_until_closed(client);
  BOOST_TEST(reply.data == "reply:hello");
  BOOST_TEST((reply.ec == asio::error::eof), reply.ec.message());

  // The observer saw a successful session from exactly this client socket.
  BOOST_REQUIRE_EQUAL(seen.size(), 1u);
  BOOST_TEST(!seen[0].result);
  BOOST_TEST(seen[0].peer == client.local_endpoint());

  client.close();
  const std::function<bool()> idle = [&] { return fwd.stats().sessions_active == 0; };
  const bool settled = co_await eventually(idle);
  BOOST_TEST(settled);
  BOOST_TEST(fwd.stats().sessions_total == 1u);
  BOOST_TEST(fwd.stats().connect_failures == 0u);
  BOOST_TEST(fwd.stats().bytes_inbound == 5u);
  BOOST_TEST(fwd.stats().bytes_outbound == 11u);
}

BOOST_AUTO_TEST_CASE(half_close_passes_through) { run_case(half_close_case); }

asio::awaitable<void> refused_case() {
  auto ex = co_await asio::this_coro::executor;
  std::vector<observed_session> seen;
  tcp_forwarder fwd(ex, options_for({loopback, closed_port(ex)}, &seen));
  BOOST_REQUIRE(!fwd.start());

  auto client = co_await connect_to(fwd.local_endpoint());
  const auto client_endpoint = client.local_endpoint();
  auto outcome = co_await read_until_closed(client);
  BOOST_TEST(outcome.data.empty());
  BOOST_TEST(closed_by_peer(outcome.ec), outcome.ec.message());

  BOOST_REQUIRE_EQUAL(seen.size(), 1u);
  BOOST_TEST((seen[0].result == std::errc::connection_refused), seen[0].result.message());
  BOOST_TEST(seen[0].peer == client_endpoint);
  BOOST_TEST(fwd.stats().connect_failures == 1u);
  const std::function<bool()> idle = [&] { return fwd.stats().sessions_active == 0; };
  const bool settled = co_await eventually(idle);
  BOOST_TEST(settled);
}

BOOST_AUTO_TEST_CASE(refused_target_resets_client_and_reports) { run_case(refused_case); }

// A listener whose accept queue is full drops SYNs (Linux), so connects to it hang: the
// forwarder's connect timeout must fire. `fillers` keep the queue full.
struct stalled_target {
  tcp::acceptor acceptor;
  std::vector<std::unique_ptr<tcp::socket>> fillers;
};

asio::awaitable<std::unique_ptr<stalled_target>> make_stalled_target() {
  auto ex = co_await asio::this_coro::executor;
  auto t = std::make_unique<stalled_target>(stalled_target{make_listener(ex, 0), {}});
  // A backlog-0 queue holds one completed connection (Linux: backlog + 1); once one filler is
  // in, the queue is full and later SYNs, the forwarder's included, are dropped. The other
  // fillers stay in SYN retransmission and keep it full. Wait for that first completion.
  auto connected = std::make_shared<int>(0);
  for (int i = 0; i < 4; ++i) {
    auto s = std::make_unique<tcp::socket>(ex);
    s->async_connect(t->acceptor.local_endpoint(), [connected](boost::system::error_code ec) {
      if (!ec) ++*connected;
    });
    t->fillers.push_back(std::move(s));
  }
  const std::function<bool()> queue_full = [connected] { return *connected >= 1; };
  BOOST_REQUIRE_MESSAGE(co_await eventually(queue_full), "no filler connection reached the accept queue");
  co_return t;
}

asio::awaitable<void> timeout_case() {
  auto ex = co_await asio::this_coro::executor;
  auto target = co_await make_stalled_target();
  std::vector<observed_session> seen;
  auto o = options_for(target->acceptor.local_endpoint(), &seen);
  o.connect_timeout = 300ms;
  tcp_forwarder fwd(ex, o);
  BOOST_REQUIRE(!fwd.start());

  const auto started = std::chrono::steady_clock::now();
  auto client = co_await connect_to(fwd.local_endpoint());
  auto outcome = co_await read_until_closed(client);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  BOOST_TEST(closed_by_peer(outcome.ec), outcome.ec.message());
  BOOST_TEST((elapsed >= 250ms && elapsed < 2500ms));
  BOOST_REQUIRE_EQUAL(seen.size(), 1u);
  BOOST_TEST((seen[0].result == std::errc::timed_out), seen[0].result.message());
  BOOST_TEST(fwd.stats().connect_failures == 1u);
  for (auto& f : target->fillers) f->close();
}

BOOST_AUTO_TEST_CASE(connect_timeout_resets_client_and_reports) { run_case(timeout_case); }

// ---------------------------------------------------------------------------------------------

asio::awaitable<void> stop_case() {
  auto ex = co_await asio::this_coro::executor;
  auto server = start_echo_server(ex);
  auto stalled = co_await make_stalled_target();
  std::vector<observed_session> seen;
  auto fwd = std::make_unique<tcp_forwarder>(ex, options_for(server->local_endpoint(), &seen));
  BOOST_REQUIRE(!fwd->start());
  auto o = options_for(stalled->acceptor.local_endpoint(), &seen);
  o.connect_timeout = 300ms;
  auto connecting_fwd = std::make_unique<tcp_forwarder>(ex, o);
  BOOST_REQUIRE(!connecting_fwd->start());
  const auto old_endpoint = fwd->local_endpoint();

  std::vector<tcp::socket> clients;
  for (int i = 0; i < 3; ++i) {
    auto client = co_await connect_to(fwd->local_endpoint());
    clients.push_back(std::move(client));
    const std::string message = "session " + std::to_string(i);
    co_await require_echo(clients.back(), message);
  }
  BOOST_TEST(fwd->stats().sessions_active == 3u);
  // One more client whose session is still connecting to its (stalled) target.
  auto pending = co_await connect_to(connecting_fwd->local_endpoint());
  const std::function<bool()> accepted = [&] { return connecting_fwd->stats().sessions_active == 1u; };
  BOOST_TEST(co_await eventually(accepted));  // the forwarder took the client and is connecting
  BOOST_REQUIRE_EQUAL(seen.size(), 3u);

  // Stop and destroy at once, with reads and a connect in flight.
  fwd->stop();
  fwd.reset();
  connecting_fwd->stop();
  connecting_fwd.reset();

  for (auto& c : clients) {
    auto outcome = co_await read_until_closed(c);
    BOOST_TEST(outcome.data.empty());
    BOOST_TEST(closed_by_peer(outcome.ec), outcome.ec.message());
  }
  auto outcome = co_await read_until_closed(pending);
  BOOST_TEST(closed_by_peer(outcome.ec), outcome.ec.message());
  // Past the connect timeout: a stopped forwarder never calls the observer again. (A window,
  // not synchronisation: an absence can only be shown by waiting past the point it would occur.)
  co_await sleep_for(400ms);
  BOOST_TEST(seen.size() == 3u);

  tcp::socket late(ex);
  auto [ec] = co_await late.async_connect(old_endpoint, tuple_awaitable);
  BOOST_TEST((ec == asio::error::connection_refused), ec.message());
  server->close();
  for (auto& f : stalled->fillers) f->close();
}

BOOST_AUTO_TEST_CASE(stop_with_sessions_in_flight_then_destroy) { run_case(stop_case); }

// Created, started and destroyed before the executor ever runs its accept loop.
asio::awaitable<void> destroy_before_run_case() {
  auto ex = co_await asio::this_coro::executor;
  auto server = start_echo_server(ex);
  for (int i = 0; i < 10; ++i) {
    tcp_forwarder fwd(ex, options_for(server->local_endpoint()));
    BOOST_REQUIRE(!fwd.start());
  }
  // The destroyed forwarders' queued handlers run after this returns: run_case drains the
  // io_context and requires that nothing is left behind.
  server->close();
}

BOOST_AUTO_TEST_CASE(destroy_right_after_start) { run_case(destroy_before_run_case); }

asio::awaitable<void> max_sessions_case() {
  auto ex = co_await asio::this_coro::executor;
  auto server = start_echo_server(ex);
  auto o = options_for(server->local_endpoint());
  o.max_sessions = 2;
  tcp_forwarder fwd(ex, o);
  BOOST_REQUIRE(!fwd.start());

  auto a = co_await connect_to(fwd.local_endpoint());
  co_await require_echo(a, "a");
  auto b = co_await connect_to(fwd.local_endpoint());
  co_await require_echo(b, "b");

  auto c = co_await connect_to(fwd.local_endpoint());
  auto refused = co_await read_until_closed(c);
  BOOST_TEST(refused.data.empty());
  BOOST_TEST(closed_by_peer(refused.ec), refused.ec.message());
  BOOST_TEST(fwd.stats().refused_sessions == 1u);
  BOOST_TEST(fwd.stats().sessions_total == 2u);
  BOOST_TEST(fwd.stats().sessions_active == 2u);

  // A slot frees up when a session ends; the next client is served.
  a.close();
  const std::function<bool()> one_left = [&] { return fwd.stats().sessions_active == 1; };
  const bool settled = co_await eventually(one_left);
  BOOST_TEST(settled);
  auto d = co_await connect_to(fwd.local_endpoint());
  co_await require_echo(d, "d");
  BOOST_TEST(fwd.stats().sessions_total == 3u);
  co_await require_echo(b, "b again");
  server->close();
}

BOOST_AUTO_TEST_CASE(max_sessions_closes_extra_connections) { run_case(max_sessions_case); }

asio::awaitable<void> start_errors_case() {
  auto ex = co_await asio::this_coro::executor;
  auto server = start_echo_server(ex);

  tcp_forwarder no_target(ex, tcp_forwarder_options{});
  BOOST_TEST((no_target.start() == std::errc::invalid_argument));

  auto zero_buffer = options_for(server->local_endpoint());
  zero_buffer.buffer_size = 0;
  tcp_forwarder bad_buffer(ex, zero_buffer);
  BOOST_TEST((bad_buffer.start() == std::errc::invalid_argument));

  tcp_forwarder first(ex, options_for(server->local_endpoint()));
  BOOST_REQUIRE(!first.start());
  BOOST_TEST(static_cast<bool>(first.start()), "second start() must fail");
  BOOST_TEST(first.target() == server->local_endpoint());

  auto same_port = options_for(server->local_endpoint());
  same_port.listen = first.local_endpoint();
  tcp_forwarder second(ex, same_port);
  BOOST_TEST((second.start() == std::errc::address_in_use));

  first.stop();
  BOOST_TEST((first.start() == std::errc::operation_not_permitted));
  server->close();
}

BOOST_AUTO_TEST_CASE(start_errors) { run_case(start_errors_case); }

asio::awaitable<void> throwing_observer_case() {
  auto ex = co_await asio::this_coro::executor;
  auto server = start_echo_server(ex);
  auto o = options_for(server->local_endpoint());
  o.on_session = [](const tcp::endpoint&, std::error_code) { throw std::runtime_error("observer bug"); };
  tcp_forwarder fwd(ex, o);
  BOOST_REQUIRE(!fwd.start());
  auto client = co_await connect_to(fwd.local_endpoint());
  co_await require_echo(client, "still relayed");
  server->close();
}

BOOST_AUTO_TEST_CASE(throwing_observer_does_not_break_relay) { run_case(throwing_observer_case); }

}  // namespace
