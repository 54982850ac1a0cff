#pragma once
// One keep-alive HTTP/1.1 connection that posts SOAP actions, for the load generator and the
// scale bench. igdkit's own client opens a connection per call (as miniupnpc does), which would
// measure connection setup rather than the server; this keeps the connection, and when the
// server closes it (no keep-alive, an idle timeout) reconnects on the next call and counts it.
#include "igdkit/soap/http_call.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace igdkit::bench {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// Where the actions go: the control URL split for the socket and the Host header.
struct soap_target {
  asio::ip::tcp::endpoint endpoint;
  std::string host_header;  // "192.168.66.1:5555"
  std::string path;         // "/ctl/IPConn"
  std::string service_type;
};

struct exchange {
  boost::system::error_code ec;  // transport failure; a SOAP fault is status 500 with ec clear
  unsigned status = 0;
  std::string body;
};

class soap_session {
 public:
  soap_session(asio::any_io_executor ex, soap_target target, std::chrono::milliseconds timeout)
      : stream_(std::move(ex)), target_(std::move(target)), timeout_(timeout) {}

  // The request for one action, ready to send any number of times.
  http::request<http::string_body> make_request(const soap::action_request& action) const {
    auto req = soap::make_call_request(target_.path, action);
    req.set(http::field::host, target_.host_header);
    req.keep_alive(true);
    req.prepare_payload();
    return req;
  }

  asio::awaitable<boost::system::error_code> ensure_connected() {
    if (connected_) co_return boost::system::error_code{};
    stream_.expires_after(timeout_);
    auto [ec] = co_await stream_.async_connect(target_.endpoint, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return ec;
    connected_ = true;
    ++connects_;
    buffer_.clear();
    co_return ec;
  }

  // Sends `req` and reads the answer. A failure on a reused connection is retried once on a new
  // one: the server may have closed it while it was idle, which is not the request's fault.
  asio::awaitable<exchange> call(const http::request<http::string_body>& req) {
    const bool reused = connected_;
    auto out = co_await call_once(req);
    if (out.ec && reused) out = co_await call_once(req);
    co_return out;
  }

  const soap_target& target() const noexcept { return target_; }
  asio::ip::address local_address() const { return stream_.socket().local_endpoint().address(); }
  // Connections opened so far; more than one means the server closed or refused keep-alive.
  std::uint64_t connects() const noexcept { return connects_; }

 private:
  asio::awaitable<exchange> call_once(const http::request<http::string_body>& req) {
    exchange out;
    if ((out.ec = co_await ensure_connected())) co_return out;
    stream_.expires_after(timeout_);
    auto [wec, written] = co_await http::async_write(stream_, req, asio::as_tuple(asio::use_awaitable));
    if (wec) co_return drop(out, wec);
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::size_t{16} * 1024 * 1024);  // a 1000-entry listing is well under this
    auto [rec, read] = co_await http::async_read(stream_, buffer_, parser, asio::as_tuple(asio::use_awaitable));
    if (rec) co_return drop(out, rec);
    auto res = parser.release();
    out.status = res.result_int();
    if (!res.keep_alive()) close();
    out.body = std::move(res.body());
    co_return out;
  }

  exchange& drop(exchange& out, boost::system::error_code ec) {
    out.ec = ec;
    close();
    return out;
  }

  void close() {
    boost::system::error_code ignored;
    stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    stream_.close();
    connected_ = false;
  }

  beast::tcp_stream stream_;
  soap_target target_;
  std::chrono::milliseconds timeout_;
  beast::flat_buffer buffer_;
  bool connected_ = false;
  std::uint64_t connects_ = 0;
};

}  // namespace igdkit::bench
