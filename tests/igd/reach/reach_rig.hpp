#pragma once
// Loopback pieces for the reach tests, all on one io_context driven by the test thread
// (run_until), so there are no threads and no sleeps: a TCP service that writes a banner, a
// listener that only counts accepts, UDP echo and UDP "hears but never answers" services, and
// a raw HTTP exchange for requests the prober client would never send.
#include <boost/asio.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <chrono>
#include <future>
#include <memory>
#include <tuple>
#include <optional>
#include <stdexcept>
#include <string>

namespace igdkit::test::reach {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using udp = asio::ip::udp;
inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// (error_code, T) completions into a future of the pair (as_tuple(use_future) does not compose
// with this Asio).
template <class T>
using ec_future = std::future<std::tuple<boost::system::error_code, T>>;

template <class T, class Start>
ec_future<T> start_with_future(Start start) {
  auto p = std::make_shared<std::promise<std::tuple<boost::system::error_code, T>>>();
  auto f = p->get_future();
  start([p](boost::system::error_code ec, T v) { p->set_value({ec, std::move(v)}); });
  return f;
}

// Runs handlers until `f` is ready, for at most `limit` (then throws: a hung test fails fast).
template <class T>
T run_until(asio::io_context& io, std::future<T>& f, std::chrono::seconds limit = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (f.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("test deadline passed");
    io.run_one_for(std::chrono::milliseconds(100));
  }
  return f.get();
}

// Accepts, writes `banner` (if any), then waits for the peer to close.
class tcp_banner_service {
 public:
  tcp_banner_service(asio::io_context& io, const char* address, std::string banner, std::uint16_t port = 0)
      : acceptor_(io, {asio::ip::make_address(address), port}), banner_(std::move(banner)) {
    asio::co_spawn(io, loop(), asio::detached);
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  int accepted = 0;

 private:
  asio::awaitable<void> loop() {
    for (;;) {
      auto [ec, s] = co_await acceptor_.async_accept(use_tuple);
      if (ec) co_return;
      ++accepted;
      asio::co_spawn(acceptor_.get_executor(), serve(std::move(s), banner_), asio::detached);
    }
  }
  static asio::awaitable<void> serve(tcp::socket s, std::string banner) {
    if (!banner.empty()) co_await asio::async_write(s, asio::buffer(banner), use_tuple);
    std::array<char, 256> sink{};
    for (;;) {
      auto [ec, n] = co_await s.async_read_some(asio::buffer(sink), use_tuple);
      if (ec) break;
    }
  }
  tcp::acceptor acceptor_;
  std::string banner_;
};

// Echoes datagrams (echo = true) or only counts them (echo = false).
class udp_service {
 public:
  udp_service(asio::io_context& io, bool echo) : socket_(io, {asio::ip::make_address("127.0.0.1"), 0}), echo_(echo) {
    asio::co_spawn(io, loop(), asio::detached);
  }
  std::uint16_t port() const { return socket_.local_endpoint().port(); }
  int received = 0;
  std::string last;

 private:
  asio::awaitable<void> loop() {
    std::array<char, 2048> buf{};
    for (;;) {
      udp::endpoint from;
      auto [ec, n] = co_await socket_.async_receive_from(asio::buffer(buf), from, use_tuple);
      if (ec == asio::error::operation_aborted) co_return;
      if (ec) continue;
      ++received;
      last.assign(buf.data(), n);
      if (echo_) co_await socket_.async_send_to(asio::buffer(buf.data(), n), from, use_tuple);
    }
  }
  udp::socket socket_;
  bool echo_;
};

// A port with nothing listening on it (bound, then closed).
inline std::uint16_t closed_tcp_port(asio::io_context& io) {
  tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

struct raw_reply {
  unsigned status = 0;
  std::string body;
  std::string retry_after;
  std::string error;  // transport failure, if any
};

// Writes `bytes` verbatim from `local` (0.0.0.0 = any) and reads one response, 5 s at most.
inline asio::awaitable<raw_reply> raw_exchange(tcp::endpoint to, std::string bytes,
                                               asio::ip::address local = asio::ip::address_v4::any()) {
  namespace http = boost::beast::http;
  raw_reply out;
  boost::beast::tcp_stream stream(co_await asio::this_coro::executor);
  boost::system::error_code ec;
  stream.socket().open(tcp::v4(), ec);
  if (!ec) stream.socket().bind({local, 0}, ec);
  if (ec) {
    out.error = "bind: " + ec.message();
    co_return out;
  }
  stream.expires_after(std::chrono::seconds(5));
  auto [cec] = co_await stream.async_connect(to, use_tuple);
  if (cec) {
    out.error = "connect: " + cec.message();
    co_return out;
  }
  auto [wec, wn] = co_await asio::async_write(stream, asio::buffer(bytes), use_tuple);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  auto [rec, rn] = co_await http::async_read(stream, buffer, res, use_tuple);
  if (rec) {
    out.error = "read: " + rec.message() + (wec ? " (write: " + wec.message() + ")" : "");
    co_return out;
  }
  out.status = res.result_int();
  out.body = res.body();
  if (auto it = res.find(http::field::retry_after); it != res.end()) out.retry_after = it->value();
  co_return out;
}

inline std::string post_probe_bytes(const std::string& body) {
  return "POST /v1/probe HTTP/1.1\r\nHost: probe\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace igdkit::test::reach
