// The probe-server on 127.0.0.1:0 with the prober client: TCP with and without a banner, a closed
// port, UDP echo and a UDP service that never answers; then abuse: a request naming another
// address is refused and nothing connects there, size caps (413/431), the rate limit (429),
// probes in flight (503), the read deadline, and a client on 127.0.0.2 probed at 127.0.0.2.
#define BOOST_TEST_MODULE igd_reach_probe_server
#include <boost/test/unit_test.hpp>

#include "igd/reach/reach_rig.hpp"
#include "igdkit/igd/reach/probe_server.hpp"
#include "igdkit/igd/reach/prober.hpp"

#include <boost/asio/use_future.hpp>

#include <functional>

using namespace igdkit;
using namespace igdkit::igd::reach;
using namespace igdkit::test::reach;
using namespace std::chrono_literals;

namespace {

const auto loopback2 = asio::ip::make_address("127.0.0.2");

struct outcome_or_error {
  boost::system::error_code ec;
  probe_outcome outcome;
};

struct rig {
  explicit rig(probe_server_options o = defaults()) : server(io.get_executor(), o) {
    BOOST_REQUIRE(!server.start());
  }
  static probe_server_options defaults() {
    probe_server_options o;
    o.banner_wait = 200ms;
    return o;
  }

  outcome_or_error probe(protocol p, std::uint16_t port, std::chrono::milliseconds timeout = 1000ms,
                         std::optional<asio::ip::address> local = std::nullopt) {
    auto f = start_probe(p, port, timeout, local);
    auto [ec, out] = run_until(io, f);
    return {ec, std::move(out)};
  }
  ec_future<probe_outcome> start_probe(
      protocol p, std::uint16_t port, std::chrono::milliseconds timeout, std::optional<asio::ip::address> local = {}) {
    auto spec = prober::parse("http://127.0.0.1:" + std::to_string(server.local_endpoint().port()));
    BOOST_REQUIRE(spec.has_value());
    spec->set_local_address(local);
    probe_target t;
    t.proto = p;
    t.port = port;
    t.timeout = timeout;
    return start_with_future<probe_outcome>([&](auto h) { async_probe(io.get_executor(), *spec, t, std::move(h)); });
  }
  raw_reply raw(std::string bytes, asio::ip::address local = asio::ip::address_v4::any()) {
    auto f = asio::co_spawn(io, raw_exchange(server.local_endpoint(), std::move(bytes), local), asio::use_future);
    return run_until(io, f);
  }
  void run_while(const std::function<bool()>& busy) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (busy()) {
      BOOST_REQUIRE(std::chrono::steady_clock::now() < deadline);
      io.run_one_for(100ms);
    }
  }

  asio::io_context io;
  probe_server server;
};

}  // namespace

BOOST_AUTO_TEST_CASE(tcp_service_with_a_banner_is_reachable) {
  rig r;
  tcp_banner_service svc(r.io, "127.0.0.1", "SSH-2.0-igdkit-test\r\n");
  const auto got = r.probe(protocol::tcp, svc.port());
  BOOST_REQUIRE_MESSAGE(!got.ec, got.ec.message());
  BOOST_TEST(got.outcome.reachable, got.outcome.reason);
  BOOST_TEST(got.outcome.observed_address->to_string() == "127.0.0.1");
  BOOST_TEST(*got.outcome.banner == "SSH-2.0-igdkit-test\\x0d\\x0a");
  BOOST_TEST(got.outcome.rtt_ms.has_value());
  BOOST_TEST(svc.accepted == 1);
}

BOOST_AUTO_TEST_CASE(tcp_service_that_sends_nothing_is_still_reachable) {
  rig r;
  tcp_banner_service svc(r.io, "127.0.0.1", "");
  const auto got = r.probe(protocol::tcp, svc.port());
  BOOST_REQUIRE(!got.ec);
  BOOST_TEST(got.outcome.reachable, got.outcome.reason);
  BOOST_TEST(!got.outcome.banner.has_value());
  BOOST_TEST(got.outcome.reason.find("sent nothing") != std::string::npos, got.outcome.reason);
}

BOOST_AUTO_TEST_CASE(closed_tcp_port_is_not_reachable) {
  rig r;
  const auto got = r.probe(protocol::tcp, closed_tcp_port(r.io));
  BOOST_REQUIRE(!got.ec);
  BOOST_TEST(!got.outcome.reachable);
  BOOST_TEST(got.outcome.reason.find("connection refused") != std::string::npos, got.outcome.reason);
  BOOST_TEST(!got.outcome.rtt_ms.has_value());
}

BOOST_AUTO_TEST_CASE(expected_banner_prefix_must_match) {
  rig r;
  tcp_banner_service svc(r.io, "127.0.0.1", "SSH-2.0-x\r\n");
  auto reply = r.raw(post_probe_bytes(R"({"protocol":"TCP","port":)" + std::to_string(svc.port()) + R"(,"expect":"HTTP/"})"));
  BOOST_TEST(reply.status == 200u, reply.error);
  const auto report = parse_probe_report(reply.body);
  BOOST_REQUIRE(report.has_value());
  BOOST_TEST(!report->reachable);
  BOOST_TEST(report->reason.find("expected") != std::string::npos, report->reason);
  reply = r.raw(post_probe_bytes(R"({"protocol":"TCP","port":)" + std::to_string(svc.port()) + R"(,"expect":"SSH-"})"));
  BOOST_TEST(parse_probe_report(reply.body)->reachable, reply.body);
}

BOOST_AUTO_TEST_CASE(udp_echo_service_is_reachable) {
  rig r;
  udp_service echo(r.io, true);
  const auto got = r.probe(protocol::udp, echo.port());
  BOOST_REQUIRE(!got.ec);
  BOOST_TEST(got.outcome.reachable, got.outcome.reason);
  BOOST_TEST(echo.received == 1);
  BOOST_TEST(echo.last.starts_with("igdkit-probe "), echo.last);
  BOOST_TEST(echo.last.size() > 20u);  // a nonce follows
}

BOOST_AUTO_TEST_CASE(udp_service_that_does_not_echo_is_not_reachable) {
  rig r;
  udp_service silent(r.io, false);
  const auto got = r.probe(protocol::udp, silent.port(), 300ms);
  BOOST_REQUIRE(!got.ec);
  BOOST_TEST(!got.outcome.reachable);
  BOOST_TEST(got.outcome.reason.find("no echo within 300 ms") != std::string::npos, got.outcome.reason);
  BOOST_TEST(silent.received == 1);  // exactly one datagram per probe
}

BOOST_AUTO_TEST_CASE(a_request_naming_another_address_is_refused_and_nothing_connects_there) {
  rig r;
  tcp_banner_service third_party(r.io, "127.0.0.2", "");
  const auto port = std::to_string(third_party.port());
  for (const std::string field : {"ip", "host", "target", "address"}) {
    const auto reply = r.raw(post_probe_bytes(R"({"protocol":"TCP","port":)" + port + ",\"" + field + R"(":"127.0.0.2"})"));
    BOOST_TEST(reply.status == 400u, reply.error);
    BOOST_TEST(reply.body.find("\"error\":\"unknown_field\"") != std::string::npos, reply.body);
    BOOST_TEST(reply.body.find("\\\"" + field + "\\\"") != std::string::npos, reply.body);
  }
  // A well-formed probe for that port still goes to the requester (127.0.0.1), not 127.0.0.2.
  const auto got = r.probe(protocol::tcp, third_party.port());
  BOOST_REQUIRE(!got.ec);
  BOOST_TEST(got.outcome.observed_address->to_string() == "127.0.0.1");
  BOOST_TEST(third_party.accepted == 0);
  BOOST_TEST(r.server.stats().probes == 1u);
}

BOOST_AUTO_TEST_CASE(a_client_on_127_0_0_2_is_probed_at_127_0_0_2) {
  rig r;
  tcp_banner_service on2(r.io, "127.0.0.2", "hello from .2");
  // The same port on 127.0.0.1, which must not be the one probed.
  std::optional<tcp_banner_service> on1;
  try {
    on1.emplace(r.io, "127.0.0.1", "hello from .1", on2.port());
  } catch (const boost::system::system_error& e) {
    BOOST_TEST_MESSAGE("127.0.0.1:" << on2.port() << " is taken (" << e.what() << "); checking .2 only");
  }
  const auto got = r.probe(protocol::tcp, on2.port(), 1000ms, loopback2);
  BOOST_REQUIRE_MESSAGE(!got.ec, got.ec.message());
  BOOST_TEST(got.outcome.reachable, got.outcome.reason);
  BOOST_TEST(got.outcome.observed_address->to_string() == "127.0.0.2");
  BOOST_TEST(*got.outcome.banner == "hello from .2");
  BOOST_TEST(on2.accepted == 1);
  if (on1) BOOST_TEST(on1->accepted == 0);
  const auto whoami = r.raw("GET /v1/whoami HTTP/1.1\r\nHost: p\r\n\r\n", loopback2);
  BOOST_TEST(whoami.body == R"({"observed_address":"127.0.0.2"})");
}

BOOST_AUTO_TEST_CASE(oversized_body_gets_413_and_oversized_header_431) {
  rig r;
  auto reply = r.raw(post_probe_bytes(R"({"protocol":"TCP","port":80,"expect":")" + std::string(2000, 'a') + "\"}"));
  BOOST_TEST(reply.status == 413u, reply.error);
  BOOST_TEST(reply.body.find("body_too_large") != std::string::npos, reply.body);
  reply = r.raw("POST /v1/probe HTTP/1.1\r\nHost: p\r\nX-Pad: " + std::string(5000, 'x') + "\r\nContent-Length: 2\r\n\r\n{}");
  BOOST_TEST(reply.status == 431u, reply.error);
  BOOST_TEST(r.server.stats().probes == 0u);
}

BOOST_AUTO_TEST_CASE(a_burst_beyond_the_rate_gets_429_with_retry_after) {
  rig r;
  const auto closed = closed_tcp_port(r.io);
  const auto body = post_probe_bytes(R"({"protocol":"TCP","port":)" + std::to_string(closed) + "}");
  for (int i = 0; i < 5; ++i) BOOST_TEST(r.raw(body).status == 200u);
  const auto refused = r.raw(body);
  BOOST_TEST(refused.status == 429u);
  BOOST_TEST(refused.retry_after == "1");
  BOOST_TEST(refused.body.find("rate_limited") != std::string::npos, refused.body);
  const auto via_client = r.probe(protocol::tcp, closed);
  BOOST_TEST(via_client.ec == make_error_code(errc::prober_rate_limited), via_client.ec.message());
  // Another source has its own budget.
  BOOST_TEST(r.raw(body, loopback2).status == 200u);
  BOOST_TEST(r.server.stats().probes == 6u);
  BOOST_TEST(r.server.stats().rate_limited == 2u);
}

BOOST_AUTO_TEST_CASE(probes_beyond_the_concurrency_cap_get_503) {
  auto o = rig::defaults();
  o.max_concurrent_probes = 1;
  rig r(o);
  udp_service silent(r.io, false);
  auto first = r.start_probe(protocol::udp, silent.port(), 2000ms);
  r.run_while([&] { return silent.received == 0; });  // the first probe is in flight now
  const auto second = r.probe(protocol::tcp, closed_tcp_port(r.io), 500ms, loopback2);
  BOOST_TEST(second.ec == make_error_code(errc::prober_busy), second.ec.message());
  auto [ec, out] = run_until(r.io, first);
  BOOST_TEST(!ec);
  BOOST_TEST(!out.reachable);
}

BOOST_AUTO_TEST_CASE(routes_methods_and_the_read_deadline) {
  auto o = rig::defaults();
  o.read_timeout = 300ms;
  rig r(o);
  BOOST_TEST(r.raw("GET /v1/whoami HTTP/1.1\r\nHost: p\r\n\r\n").body == R"({"observed_address":"127.0.0.1"})");
  BOOST_TEST(r.raw("GET /v1/probe HTTP/1.1\r\nHost: p\r\n\r\n").status == 405u);
  BOOST_TEST(r.raw("POST /v1/whoami HTTP/1.1\r\nHost: p\r\nContent-Length: 0\r\n\r\n").status == 405u);
  BOOST_TEST(r.raw("GET /probe HTTP/1.1\r\nHost: p\r\n\r\n").status == 404u);
  // Headers that never end: the server closes at its read deadline and answers nothing.
  const auto slow = r.raw("POST /v1/probe HTTP/1.1\r\nHost: p\r\n");
  BOOST_TEST(slow.status == 0u);
  BOOST_TEST(!slow.error.empty());
  BOOST_TEST(r.server.stats().timeouts == 1u);
}

BOOST_AUTO_TEST_CASE(stop_closes_the_listener) {
  rig r;
  const auto ep = r.server.local_endpoint();
  r.server.stop();
  auto f = asio::co_spawn(r.io, raw_exchange(ep, "GET /v1/whoami HTTP/1.1\r\nHost: p\r\n\r\n"), asio::use_future);
  const auto reply = run_until(r.io, f);
  BOOST_TEST(reply.status == 0u);
  BOOST_TEST(reply.error.find("connect") != std::string::npos, reply.error);
}
