#pragma once
// Userspace TCP port forwarding: a loopback listener standing for a public address:port, each
// accepted connection relayed to the internal target. Both directions run concurrently with
// half-close (EOF on one side becomes shutdown(send) on the other); a failed connect to the
// target resets the outside connection (RST), as a router with no reachable host would.
// Like the rest of the simulator it has no internal locking: use it on its executor's thread.
#include "igdkit/sim/datapath/forward_stats.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <system_error>

namespace igdkit::sim {

// Called once per accepted TCP connection when the connection to the internal target has been
// made (ec empty) or has failed (ec set: refused, timed out). `outside_peer` is the accepted
// socket's remote endpoint, so a prober can match its own local endpoint. Never called after
// stop(), so it may capture objects that die with the forwarder's owner.
using tcp_session_observer =
    std::function<void(const boost::asio::ip::tcp::endpoint& outside_peer, std::error_code internal_result)>;

struct tcp_forwarder_options {
  boost::asio::ip::tcp::endpoint listen{boost::asio::ip::make_address("127.0.0.1"), 0};
  boost::asio::ip::tcp::endpoint target;
  std::chrono::milliseconds connect_timeout{3000};
  std::size_t max_sessions = 256;       // beyond it, new connections are closed at once
  std::size_t buffer_size = std::size_t{64} * 1024;  // per direction
  tcp_session_observer on_session;      // optional
};

class tcp_forwarder {
 public:
  tcp_forwarder(boost::asio::any_io_executor ex, tcp_forwarder_options options);
  ~tcp_forwarder();  // stops
  tcp_forwarder(const tcp_forwarder&) = delete;
  tcp_forwarder& operator=(const tcp_forwarder&) = delete;

  // Binds and listens; local_endpoint() is valid afterwards. Errors: invalid_argument (no
  // target, zero buffer or timeout), the bind/listen error, already_open if started twice,
  // operation_not_permitted after stop().
  std::error_code start();
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  const boost::asio::ip::tcp::endpoint& target() const noexcept;
  // Closes the listener and resets every session; safe to destroy right after, even with
  // sessions in flight (their coroutines keep the shared state alive until they unwind).
  void stop();
  const forward_stats& stats() const noexcept;

 private:
  struct impl;
  struct session;
  std::shared_ptr<impl> impl_;
};

}  // namespace igdkit::sim
