#pragma once
// Userspace UDP port forwarding, NAT style: one listener socket stands for the public
// address:port; each outside source gets a session with its own socket connected to the
// internal target, so the target sees one distinct peer per outside source and its replies go
// back to that source only (through the listener, so they come from the public endpoint).
// A session closes after idle_timeout without traffic either way. No internal locking: use it
// on its executor's thread.
#include "igdkit/sim/datapath/forward_stats.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <system_error>

namespace igdkit::sim {

struct udp_forwarder_options {
  boost::asio::ip::udp::endpoint listen{boost::asio::ip::make_address("127.0.0.1"), 0};
  boost::asio::ip::udp::endpoint target;
  std::chrono::milliseconds idle_timeout{30000};  // a session with no traffic either way is closed
  std::size_t max_sessions = 256;                 // datagrams from new sources beyond it are dropped
};

class udp_forwarder {
 public:
  udp_forwarder(boost::asio::any_io_executor ex, udp_forwarder_options options);
  ~udp_forwarder();  // stops
  udp_forwarder(const udp_forwarder&) = delete;
  udp_forwarder& operator=(const udp_forwarder&) = delete;

  // Binds; local_endpoint() is valid afterwards. Errors: invalid_argument (no target, zero
  // idle timeout), the bind error, already_open if started twice, operation_not_permitted
  // after stop().
  std::error_code start();
  boost::asio::ip::udp::endpoint local_endpoint() const;
  const boost::asio::ip::udp::endpoint& target() const noexcept;
  // Closes the listener and every session; safe to destroy right after.
  void stop();
  const forward_stats& stats() const noexcept;

 private:
  struct impl;
  struct session;
  std::shared_ptr<impl> impl_;
};

}  // namespace igdkit::sim
