// The STUN client against tiny responders on 127.0.0.1 built from the pure server functions:
// an answer, a server that never answers (timeout within the deadline), answers with a wrong
// transaction ID or from another port (ignored), and a Binding Error Response.
#define BOOST_TEST_MODULE stun_loopback
#include <boost/test/unit_test.hpp>

#include "igdkit/stun/client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <array>
#include <functional>
#include <optional>

using namespace igdkit;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::udp;

namespace {

const auto loopback = asio::ip::make_address_v4("127.0.0.1");

// What the responder does with one parsed request: the datagrams to send back, each from the
// responder's socket (or from `stray`, a second socket, when `from_stray` is set).
struct reply {
  std::vector<std::uint8_t> bytes;
  bool from_stray = false;
};
using policy = std::function<std::vector<reply>(const stun::binding_request&, const udp::endpoint& from)>;

class responder {
 public:
  responder(asio::io_context& io, policy p)
      : socket_(io, {loopback, 0}), stray_(io, {loopback, 0}), policy_(std::move(p)) {
    asio::co_spawn(io, loop(), asio::detached);
  }
  udp::endpoint endpoint() const { return socket_.local_endpoint(); }
  unsigned requests() const { return requests_; }
  void stop() {
    boost::system::error_code ignored;
    socket_.close(ignored);
    stray_.close(ignored);
  }

 private:
  asio::awaitable<void> loop() {
    std::array<std::uint8_t, 2048> buf{};
    for (;;) {
      udp::endpoint from;
      auto [ec, n] = co_await socket_.async_receive_from(asio::buffer(buf), from, asio::as_tuple(asio::use_awaitable));
      if (ec == asio::error::operation_aborted || !socket_.is_open()) co_return;
      if (ec) continue;
      auto request = stun::parse_binding_request(std::span<const std::uint8_t>(buf.data(), n));
      if (!request) continue;
      ++requests_;
      for (const auto& r : policy_(*request, from)) {
        auto& s = r.from_stray ? stray_ : socket_;
        co_await s.async_send_to(asio::buffer(r.bytes), from, asio::as_tuple(asio::use_awaitable));
      }
    }
  }
  udp::socket socket_, stray_;
  policy policy_;
  unsigned requests_ = 0;
};

struct outcome {
  boost::system::error_code ec;
  stun::binding_result result;
  std::chrono::milliseconds elapsed{0};
};

outcome run_query(policy p, stun::query_options o = {}) {
  asio::io_context io;
  responder r(io, std::move(p));
  outcome out;
  const auto start = std::chrono::steady_clock::now();
  stun::async_query(io.get_executor(), r.endpoint(), o, [&](boost::system::error_code ec, stun::binding_result res) {
    out.ec = ec;
    out.result = res;
    out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    r.stop();
  });
  io.run();
  return out;
}

// The usual server: the requester's own address and port, as a server on its path sees them.
std::vector<reply> reflect(const stun::binding_request& req, const udp::endpoint& from) {
  return {{stun::build_binding_success(req.id, from)}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(query_returns_the_reflexive_address) {
  const auto out = run_query(&reflect);
  BOOST_REQUIRE_MESSAGE(!out.ec, out.ec.message());
  BOOST_TEST(out.result.mapped.address() == asio::ip::address(loopback));
  BOOST_TEST(out.result.mapped.port() != 0);
  BOOST_TEST(out.result.sends == 1u);
  BOOST_TEST(out.elapsed < 1000ms);
}

BOOST_AUTO_TEST_CASE(query_reports_a_chosen_public_address) {
  const udp::endpoint public_ep(asio::ip::make_address("203.0.113.10"), 40000);
  const auto out = run_query([&](const stun::binding_request& req, const udp::endpoint&) {
    return std::vector<reply>{{stun::build_binding_success(req.id, public_ep)}};
  });
  BOOST_REQUIRE_MESSAGE(!out.ec, out.ec.message());
  BOOST_TEST(out.result.mapped == public_ep);
}

BOOST_AUTO_TEST_CASE(silent_server_times_out_within_the_deadline) {
  stun::query_options o;
  o.timeout = 700ms;
  o.initial_rto = 100ms;
  unsigned seen = 0;
  const auto out = run_query(
      [&](const stun::binding_request&, const udp::endpoint&) {
        ++seen;
        return std::vector<reply>{};
      },
      o);
  BOOST_TEST(out.ec == stun::errc::timeout, out.ec.message());
  BOOST_TEST(out.elapsed >= 700ms);
  BOOST_TEST(out.elapsed < 1500ms);  // slack for a busy machine
  BOOST_TEST(seen == 3u);  // sent at 0, 100 and 300 ms; the next (700 ms) is past the deadline
}

BOOST_AUTO_TEST_CASE(wrong_transaction_and_wrong_source_are_ignored) {
  const udp::endpoint right(asio::ip::make_address("198.51.100.1"), 1111);
  const auto out = run_query([&](const stun::binding_request& req, const udp::endpoint&) {
    auto other = req.id;
    other[0] ^= 0xff;
    std::vector<reply> r;
    r.push_back({stun::build_binding_success(other, udp::endpoint(asio::ip::make_address("192.0.2.66"), 6666))});
    r.push_back({stun::build_binding_success(req.id, udp::endpoint(asio::ip::make_address("192.0.2.77"), 7777)), true});
    r.push_back({{0x01, 0x01, 0x00}});  // garbage
    r.push_back({stun::build_binding_success(req.id, right)});
    return r;
  });
  BOOST_REQUIRE_MESSAGE(!out.ec, out.ec.message());
  BOOST_TEST(out.result.mapped == right);
}

BOOST_AUTO_TEST_CASE(only_wrong_transaction_answers_end_in_timeout) {
  stun::query_options o;
  o.timeout = 400ms;
  o.initial_rto = 100ms;
  const auto out = run_query(
      [&](const stun::binding_request& req, const udp::endpoint& from) {
        auto other = req.id;
        other[11] ^= 1;
        return std::vector<reply>{{stun::build_binding_success(other, from)}};
      },
      o);
  BOOST_TEST(out.ec == stun::errc::timeout, out.ec.message());
  BOOST_TEST(out.elapsed < 900ms);
}

BOOST_AUTO_TEST_CASE(answer_to_a_retransmission_completes) {
  stun::query_options o;
  o.timeout = 2000ms;
  o.initial_rto = 100ms;
  unsigned seen = 0;
  const auto out = run_query(
      [&](const stun::binding_request& req, const udp::endpoint& from) {
        // Drop the first two requests, as a lossy path would.
        if (++seen < 3) return std::vector<reply>{};
        return std::vector<reply>{{stun::build_binding_success(req.id, from)}};
      },
      o);
  BOOST_REQUIRE_MESSAGE(!out.ec, out.ec.message());
  BOOST_TEST(out.result.sends == 3u);
  BOOST_TEST(out.elapsed >= 300ms);
  BOOST_TEST(out.elapsed < 1500ms);
}

BOOST_AUTO_TEST_CASE(error_response_completes_with_the_server_code) {
  const auto out = run_query([](const stun::binding_request& req, const udp::endpoint&) {
    return std::vector<reply>{{stun::build_binding_error(req.id, 500, "Server Error")}};
  });
  BOOST_TEST(out.ec == stun::server_errc::server_error, out.ec.message());
  BOOST_TEST((std::error_code(out.ec).category() == stun::server_category()));
}

BOOST_AUTO_TEST_CASE(schedule_follows_rfc8489_within_the_deadline) {
  stun::query_options o;  // defaults: 3 s total, RTO 500 ms doubling
  const auto s = stun::retransmit_schedule(o);
  BOOST_REQUIRE_EQUAL(s.size(), 3u);
  BOOST_TEST(s[0].count() == 0);
  BOOST_TEST(s[1].count() == 500);
  BOOST_TEST(s[2].count() == 1500);  // 3500 would be past the deadline
  o.timeout = 60s;
  const auto full = stun::retransmit_schedule(o);
  BOOST_REQUIRE_EQUAL(full.size(), 7u);  // Rc
  BOOST_TEST(full.back().count() == 31500);
  o.timeout = 0ms;
  BOOST_TEST(stun::retransmit_schedule(o).empty());
}
