#pragma once
// The floor of a request/response exchange on loopback: a server that reads a request of a known
// size and answers fixed bytes of a known size, with no parsing and no logic. Whatever a real
// client and server take beyond this is theirs. TCP: one exchange per connection, then close (as
// igdkit's client and miniupnpc use HTTP). UDP: one datagram answers each datagram.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <string>
#include <vector>

namespace igdkit::bench {

namespace asio = boost::asio;

class canned_tcp_server {
 public:
  canned_tcp_server(asio::any_io_executor ex, std::size_t request_bytes, std::size_t response_bytes)
      : acceptor_(ex, {asio::ip::make_address("127.0.0.1"), 0}),
        request_bytes_(request_bytes),
        response_(response_bytes, 'x') {
    asio::co_spawn(ex, accept_loop(), asio::detached);
  }
  asio::ip::tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }
  void close() { acceptor_.close(); }

 private:
  asio::awaitable<void> accept_loop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      asio::co_spawn(acceptor_.get_executor(), answer(std::move(socket)), asio::detached);
    }
  }
  asio::awaitable<void> answer(asio::ip::tcp::socket socket) {
    std::vector<char> request(request_bytes_);
    auto [rec, n] = co_await asio::async_read(socket, asio::buffer(request), asio::as_tuple(asio::use_awaitable));
    if (rec) co_return;
    co_await asio::async_write(socket, asio::buffer(response_), asio::as_tuple(asio::use_awaitable));
    boost::system::error_code ignored;
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  }

  asio::ip::tcp::acceptor acceptor_;
  std::size_t request_bytes_;
  std::string response_;
};

class canned_udp_server {
 public:
  canned_udp_server(asio::any_io_executor ex, std::size_t response_bytes)
      : socket_(ex, {asio::ip::make_address("127.0.0.1"), 0}), response_(response_bytes, 'x') {
    asio::co_spawn(ex, answer_loop(), asio::detached);
  }
  asio::ip::udp::endpoint endpoint() const { return socket_.local_endpoint(); }
  void close() { socket_.close(); }

 private:
  asio::awaitable<void> answer_loop() {
    std::vector<char> datagram(64 * 1024);
    asio::ip::udp::endpoint from;
    for (;;) {
      auto [ec, n] = co_await socket_.async_receive_from(asio::buffer(datagram), from, asio::as_tuple(asio::use_awaitable));
      if (ec == asio::error::operation_aborted || !socket_.is_open()) co_return;
      if (ec) continue;
      co_await socket_.async_send_to(asio::buffer(response_), from, asio::as_tuple(asio::use_awaitable));
    }
  }

  asio::ip::udp::socket socket_;
  std::string response_;
};

// The client half of one TCP floor exchange, blocking: connect, send, read to EOF. Returns false
// if the bytes did not all arrive.
inline bool canned_tcp_exchange(asio::io_context& io, const asio::ip::tcp::endpoint& to, const std::string& request,
                                std::size_t response_bytes) {
  asio::ip::tcp::socket socket(io);
  boost::system::error_code ec;
  socket.connect(to, ec);
  if (ec) return false;
  asio::write(socket, asio::buffer(request), ec);
  if (ec) return false;
  std::vector<char> response(response_bytes + 1);
  const auto n = asio::read(socket, asio::buffer(response), ec);
  return ec == asio::error::eof && n == response_bytes;
}

}  // namespace igdkit::bench
