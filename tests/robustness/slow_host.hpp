#pragma once
// A slowloris host for the flood tests, on its own thread (like a separate process on the
// attacking machine): `slots` connections from one source address, each sends a request head
// without its final blank line and trickles one more header line every 500 ms; whenever the
// server closes one, that slot connects again at once. The counters tell the test what the
// server did to the attack.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>

namespace igdkit::robustness {

class slow_host {
 public:
  using tcp = boost::asio::ip::tcp;

  slow_host(boost::asio::ip::address source, tcp::endpoint target, std::size_t slots)
      : source_(std::move(source)), target_(std::move(target)) {
    for (std::size_t i = 0; i < slots; ++i) boost::asio::co_spawn(io_, slot(), boost::asio::detached);
    thread_ = std::thread([this] { run(); });
  }
  ~slow_host() { stop(); }
  slow_host(const slow_host&) = delete;
  slow_host& operator=(const slow_host&) = delete;

  // Closes every socket and waits for the slots and tricklers to end; false if some were still
  // running after 3 s (the thread gives up on them then).
  bool stop() {
    stop_requested_ = true;
    if (thread_.joinable()) thread_.join();
    return ended_cleanly_;
  }

  std::atomic<std::size_t> slots_connected{0};   // slots that got at least one connection through
  std::atomic<std::size_t> connects{0};          // connections made, first ones and re-opens
  std::atomic<std::size_t> closed_by_server{0};  // connections the server closed (EOF or reset, no data)
  std::atomic<std::size_t> connect_failures{0};  // a failing slot stops (server gone, ports ran out)

 private:
  static constexpr auto tuple_awaitable = boost::asio::as_tuple(boost::asio::use_awaitable);

  struct running_guard {
    explicit running_guard(std::size_t& n) : n_(n) { ++n_; }
    ~running_guard() { --n_; }
    running_guard(const running_guard&) = delete;
    running_guard& operator=(const running_guard&) = delete;
    std::size_t& n_;
  };

  void run() {
    while (!stop_requested_) io_.run_one_for(std::chrono::milliseconds(50));
    stopping_ = true;
    boost::system::error_code ignored;
    for (auto* s : open_) s->close(ignored);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (running_ > 0 && std::chrono::steady_clock::now() < give_up) io_.run_one_for(std::chrono::milliseconds(50));
    ended_cleanly_ = running_ == 0;
  }

  boost::asio::awaitable<void> slot() {
    running_guard running(running_);
    bool connected_once = false;
    while (!stopping_) {
      auto socket = std::make_shared<tcp::socket>(io_);
      boost::system::error_code ec;
      socket->open(target_.protocol(), ec);
      if (!ec) socket->bind(tcp::endpoint(source_, 0), ec);
      if (!ec) std::tie(ec) = co_await socket->async_connect(target_, tuple_awaitable);
      if (stopping_) co_return;
      if (ec) {
        ++connect_failures;
        co_return;
      }
      ++connects;
      if (!connected_once) ++slots_connected;
      connected_once = true;
      open_.insert(socket.get());
      const std::string head = "GET /rootDesc.xml HTTP/1.1\r\nHost: 127.0.0.1\r\n";
      auto [wec, wn] = co_await boost::asio::async_write(*socket, boost::asio::buffer(head), tuple_awaitable);
      if (!wec && !stopping_) {
        boost::asio::co_spawn(io_, trickle(socket), boost::asio::detached);
        std::array<char, 512> buf{};
        auto [rec, rn] = co_await socket->async_read_some(boost::asio::buffer(buf), tuple_awaitable);
        if (!stopping_ && rn == 0 && (rec == boost::asio::error::eof || rec == boost::asio::error::connection_reset))
          ++closed_by_server;
      }
      open_.erase(socket.get());
      socket->close(ec);
    }
  }

  boost::asio::awaitable<void> trickle(std::shared_ptr<tcp::socket> socket) {
    running_guard running(running_);
    boost::asio::steady_timer timer(io_);
    const std::string line = "X-Slow: 1\r\n";
    while (!stopping_ && socket->is_open()) {
      timer.expires_after(std::chrono::milliseconds(500));
      co_await timer.async_wait(tuple_awaitable);
      if (stopping_ || !socket->is_open()) break;
      auto [ec, n] = co_await boost::asio::async_write(*socket, boost::asio::buffer(line), tuple_awaitable);
      if (ec) break;
    }
  }

  boost::asio::io_context io_;
  boost::asio::ip::address source_;
  tcp::endpoint target_;
  std::set<tcp::socket*> open_;  // touched only on the host's thread
  std::size_t running_ = 0;      // likewise
  bool stopping_ = false;        // likewise
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> ended_cleanly_{false};
  std::thread thread_;
};

}  // namespace igdkit::robustness
