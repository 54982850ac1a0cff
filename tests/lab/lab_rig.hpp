#pragma once
// A lab running on its own io_context thread, plus tiny loopback LAN services (TCP echo, UDP
// echo) on the same thread, so tests read as straight lines from the test thread.
#include "igdkit/sim/lab.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <future>
#include <memory>
#include <string>
#include <thread>

namespace igdkit::sim::test {

namespace asio = boost::asio;

inline const auto loopback_v4 = asio::ip::make_address_v4("127.0.0.1");

// Echoes every TCP byte back; closes its send side after the peer's EOF (half-close aware).
class tcp_echo_service {
 public:
  explicit tcp_echo_service(asio::any_io_executor ex) : acceptor_(ex, {loopback_v4, 0}) {
    asio::co_spawn(ex, accept_loop(), asio::detached);
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  void stop() {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  }

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      asio::co_spawn(acceptor_.get_executor(), echo(std::move(socket)), asio::detached);
    }
  }
  static asio::awaitable<void> echo(asio::ip::tcp::socket s) {
    std::array<char, 65536> buf{};
    for (;;) {
      auto [ec, n] = co_await s.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
      if (ec) break;
      auto [wec, wn] = co_await asio::async_write(s, asio::buffer(buf.data(), n), asio::as_tuple(asio::use_awaitable));
      if (wec) co_return;
    }
    boost::system::error_code ignored;
    s.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  }
  asio::ip::tcp::acceptor acceptor_;
};

// Echoes every UDP datagram back to its sender.
class udp_echo_service {
 public:
  explicit udp_echo_service(asio::any_io_executor ex) : socket_(ex, {loopback_v4, 0}) {
    asio::co_spawn(ex, loop(), asio::detached);
  }
  std::uint16_t port() const { return socket_.local_endpoint().port(); }
  void stop() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

 private:
  asio::awaitable<void> loop() {
    std::array<char, 65536> buf{};
    for (;;) {
      asio::ip::udp::endpoint from;
      auto [ec, n] = co_await socket_.async_receive_from(asio::buffer(buf), from, asio::as_tuple(asio::use_awaitable));
      if (ec == asio::error::operation_aborted || !socket_.is_open()) co_return;
      if (ec) continue;
      co_await socket_.async_send_to(asio::buffer(buf.data(), n), from, asio::as_tuple(asio::use_awaitable));
    }
  }
  asio::ip::udp::socket socket_;
};

class running_lab {
 public:
  explicit running_lab(lab_options o) : guard_(io_.get_executor()) {
    lab_ = std::make_unique<lab>(io_.get_executor(), std::move(o));
    start_error_ = lab_->start(&start_detail_);
    tcp_echo_ = std::make_unique<tcp_echo_service>(io_.get_executor());
    udp_echo_ = std::make_unique<udp_echo_service>(io_.get_executor());
    thread_ = std::thread([this] { io_.run(); });
  }
  ~running_lab() {
    asio::post(io_, [this] {
      lab_->stop();
      tcp_echo_->stop();
      udp_echo_->stop();
      guard_.reset();
    });
    thread_.join();
  }
  running_lab(const running_lab&) = delete;
  running_lab& operator=(const running_lab&) = delete;

  std::error_code start_error() const { return start_error_; }
  const std::string& start_detail() const { return start_detail_; }
  std::uint16_t tcp_echo_port() const { return tcp_echo_->port(); }
  std::uint16_t udp_echo_port() const { return udp_echo_->port(); }

  // Runs f(lab&) on the lab's thread and returns its result.
  template <class F>
  auto on_lab(F f) {
    std::packaged_task<decltype(f(std::declval<lab&>()))()> task([&] { return f(*lab_); });
    auto fut = task.get_future();
    asio::post(io_, [&] { task(); });
    return fut.get();
  }

  probe_result probe(protocol proto, const asio::ip::address_v4& ip, std::uint16_t port) {
    probe_request r;
    r.proto = proto;
    r.ip = ip;
    r.port = port;
    auto fut = on_lab([&](lab& l) { return l.async_probe(r, asio::use_future); });
    return fut.get();  // a failure arrives as boost::system::system_error
  }

  boost::urls::url description_url() { return on_lab([](lab& l) { return l.description_url(); }); }
  asio::any_io_executor executor() { return io_.get_executor(); }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  std::unique_ptr<lab> lab_;
  std::error_code start_error_;
  std::string start_detail_;
  std::unique_ptr<tcp_echo_service> tcp_echo_;
  std::unique_ptr<udp_echo_service> udp_echo_;
  std::thread thread_;
};

// A plain TCP client through a published endpoint: what reaches the LAN echo comes back.
inline std::string echo_through(const public_endpoint& ep, const std::string& payload) {
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  s.connect({ep.loopback_address, ep.loopback_port});
  asio::write(s, asio::buffer(payload));
  std::string back(payload.size(), '\0');
  asio::read(s, asio::buffer(back));
  return back;
}

}  // namespace igdkit::sim::test
