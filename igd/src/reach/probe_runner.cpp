#include "probe_runner.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <array>
#include <variant>

namespace igdkit::igd::reach::detail {
namespace asio = boost::asio;
namespace beast = boost::beast;
using clock = std::chrono::steady_clock;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

double ms_since(clock::time_point start) {
  return std::chrono::duration<double, std::milli>(clock::now() - start).count();
}

std::string within(std::chrono::milliseconds timeout) { return "within " + std::to_string(timeout.count()) + " ms"; }

probe_report report_for(const asio::ip::address& target, std::uint16_t port, protocol p) {
  probe_report r;
  r.observed_address = target;
  r.port = port;
  r.proto = p;
  return r;
}

}  // namespace

asio::awaitable<probe_report> tcp_probe(asio::ip::address target, std::uint16_t port, std::chrono::milliseconds timeout,
                                        std::chrono::milliseconds banner_wait, std::optional<std::string> expect) {
  auto out = report_for(target, port, protocol::tcp);
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  const auto start = clock::now();
  const auto deadline = start + timeout;
  stream.expires_at(deadline);
  auto [cec] = co_await stream.async_connect(asio::ip::tcp::endpoint(target, port), use_tuple);
  if (cec == beast::error::timeout) {
    out.reason = "no answer " + within(timeout) + " (filtered or dropped)";
    co_return out;
  }
  if (cec == asio::error::connection_refused) {
    out.reason = "connection refused (nothing listens, or the mapping is missing)";
    co_return out;
  }
  if (cec) {
    out.reason = "connect failed: " + cec.message();
    co_return out;
  }
  out.rtt_ms = ms_since(start);

  std::string banner;
  const auto banner_deadline = expect ? deadline : std::min(deadline, clock::now() + banner_wait);
  std::array<char, max_banner_bytes> buf{};
  while (banner.size() < max_banner_bytes) {
    stream.expires_at(banner_deadline);
    auto [rec, n] = co_await stream.async_read_some(asio::buffer(buf.data(), max_banner_bytes - banner.size()), use_tuple);
    banner.append(buf.data(), n);
    if (rec || (expect && banner.size() >= expect->size())) break;
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  stream.socket().close(ignored);
  if (!banner.empty()) out.banner = escape_banner(banner);

  if (expect && !std::string_view(banner).starts_with(*expect)) {
    out.reason = "connected, but the banner does not start with the expected text";
    co_return out;
  }
  out.reachable = true;
  out.reason = expect ? "connected; the banner starts with the expected text"
                      : banner.empty() ? "connected (the service sent nothing)" : "connected; banner read";
  co_return out;
}

asio::awaitable<probe_report> udp_probe(asio::ip::address target, std::uint16_t port, std::chrono::milliseconds timeout,
                                        std::string payload) {
  using namespace asio::experimental::awaitable_operators;
  auto out = report_for(target, port, protocol::udp);
  const auto ex = co_await asio::this_coro::executor;
  asio::ip::udp::socket socket(ex);
  boost::system::error_code ec;
  const asio::ip::udp::endpoint to(target, port);
  socket.open(to.protocol(), ec);
  // A connected socket takes datagrams from target:port only, and hears its ICMP errors.
  if (!ec) socket.connect(to, ec);
  if (ec) {
    out.reason = "cannot send: " + ec.message();
    co_return out;
  }
  const auto start = clock::now();
  asio::steady_timer timer(ex, start + timeout);
  auto [sec, sent] = co_await socket.async_send(asio::buffer(payload), use_tuple);
  if (sec) {
    out.reason = "cannot send: " + sec.message();
    co_return out;
  }
  std::array<char, 512> buf{};
  bool other_answers = false;
  for (;;) {
    auto winner = co_await (socket.async_receive(asio::buffer(buf), use_tuple) || timer.async_wait(use_tuple));
    if (winner.index() == 1) {
      out.reason = other_answers ? "answers came back, but none echoed the probe " + within(timeout)
                                 : "no echo " + within(timeout);
      co_return out;
    }
    auto [rec, n] = std::get<0>(winner);
    if (rec == asio::error::connection_refused) {
      out.reason = "port unreachable (ICMP)";
      co_return out;
    }
    if (rec) {
      out.reason = "receive failed: " + rec.message();
      co_return out;
    }
    if (std::string_view(buf.data(), n) == payload) {
      out.reachable = true;
      out.rtt_ms = ms_since(start);
      out.reason = "echo received";
      co_return out;
    }
    other_answers = true;
  }
}

}  // namespace igdkit::igd::reach::detail
