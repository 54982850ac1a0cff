#pragma once
// The control point's callback server for NOTIFY: igdkit's HTTP server (the same admission
// table and deadlines as simrouter's) bound to the local address that routes to the device, on
// an ephemeral port. Every refusal is specific: 405 for another method, 403 for a NOTIFY from
// another host than the device (nobody else may feed us events), 503 past the rate limit,
// 400/412/413 for what gena::read_notify_request rejects, with the reason in the body.
#include "igdkit/gena/messages.hpp"
#include "igdkit/http_server.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <system_error>

namespace igdkit::igd::eventing {

struct listener_options {
  boost::asio::ip::address local = boost::asio::ip::make_address("127.0.0.1");
  std::optional<boost::asio::ip::address> publisher;  // set: only its NOTIFYs are read
  gena::propertyset_limits limits;
  std::size_t burst = 64;                          // NOTIFYs at once...
  std::chrono::milliseconds refill{10};            // ...then one per 10 ms (100/s)
  admission_limits admission{.max_connections = 32, .max_unfinished_per_source = 8};
};

struct listener_stats {
  std::size_t accepted = 0, wrong_method = 0, wrong_sender = 0, rate_limited = 0, malformed = 0, unknown_sid = 0;
};

class notify_listener {
 public:
  // on_notify returns the status to answer (200, or 412 for a SID it does not hold).
  using notify_handler = std::function<unsigned(gena::notification)>;

  notify_listener(boost::asio::any_io_executor ex, listener_options options, notify_handler on_notify);

  std::error_code start();
  void stop();
  boost::urls::url callback_url() const;  // http://<local>:<port>/notify
  const listener_stats& stats() const noexcept { return stats_; }

 private:
  http_response answer(const http_request& request, const boost::asio::ip::address& peer);

  listener_options options_;
  notify_handler on_notify_;
  http_server server_;
  listener_stats stats_;
  std::size_t tokens_;
  std::chrono::steady_clock::time_point refilled_;
};

}  // namespace igdkit::igd::eventing
