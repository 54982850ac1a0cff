#pragma once
// Thin HTTP/1.1 server (Beast + coroutines) in front of a pure request function. Each
// connection is one coroutine; every read and write has a deadline on the stream, so a client
// that never finishes its headers (slowloris) or idles on keep-alive is dropped. Both
// keep-alive and "Connection: close" are honoured. Who may hold a connection is decided by
// connection_admission (per-source cap, eviction of the longest-unfinished when full), so one
// host cannot fill the server. No exceptions leave a coroutine.
#include "igdkit/connection_admission.hpp"
#include "igdkit/http_message.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

namespace igdkit {

// Fault injection: what to do with one reply (the lab's HTTP faults).
enum class reply_action {
  answer,            // send the response
  reset,             // close with RST, no response
  truncate_body,     // headers (with the full Content-Length) and half the body, then close
  status_500_empty,  // "500 Internal Server Error" with Content-Length: 0
  hold,              // never answer; keep the connection until the client gives up
};
struct reply_plan {
  std::chrono::milliseconds delay{0};
  reply_action action = reply_action::answer;
};
using reply_hook = std::function<reply_plan(const http_request&)>;

struct http_server_options {
  boost::asio::ip::tcp::endpoint listen{boost::asio::ip::make_address("127.0.0.1"), 0};  // port 0 = ephemeral
  http_limits limits;
  admission_limits admission;  // connection cap, per-source cap on unfinished requests
  std::chrono::milliseconds header_timeout{5000};  // first byte to end of headers
  std::chrono::milliseconds body_timeout{5000};
  std::chrono::milliseconds idle_timeout{15000};  // keep-alive wait for the next request
  std::chrono::milliseconds write_timeout{5000};
  std::string server = "Linux/6.1 UPnP/1.1 igdkit-simrouter/0.1";
  reply_hook on_reply;  // optional; consulted once per complete request
  // Optional; called once a response is fully written (a GENA publisher releases the initial
  // event of a SUBSCRIBE only then, so the subscriber knows its SID before the event comes).
  std::function<void(const http_response&)> on_written;
};

struct http_server_stats {
  std::size_t accepted = 0, refused = 0, requests = 0, timeouts = 0, bad_requests = 0, active = 0;
  std::size_t evicted = 0;  // unfinished connections closed to make room (connection_admission)
};

// Called for every complete request with the peer's address (the requesting client).
using http_request_function = std::function<http_response(const http_request&, const boost::asio::ip::address& peer)>;

// The same for request functions that must wait for something (the lab's admin API probes).
// The request and peer references stay valid until the returned awaitable completes.
using http_async_request_function = std::function<boost::asio::awaitable<http_response>(
    const http_request&, const boost::asio::ip::address& peer)>;

class http_server {
 public:
  http_server(boost::asio::any_io_executor ex, http_server_options options, http_request_function fn);
  http_server(boost::asio::any_io_executor ex, http_server_options options, http_async_request_function fn);
  ~http_server();
  http_server(const http_server&) = delete;
  http_server& operator=(const http_server&) = delete;

  std::error_code start();  // binds and listens; local_endpoint() is known afterwards
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  // Closes the acceptor and every connection; no request function is called afterwards.
  void stop();
  const http_server_stats& stats() const noexcept;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace igdkit
