#pragma once
// The probe-server transport (`igdctl probe-server`): Beast over coroutines in front of the pure
// probe protocol (probe_protocol.hpp). One request per connection. It probes only the address
// a request comes from, so it can neither scan third parties nor reflect traffic at them; a UDP
// probe is one small datagram per admitted request. Limits: request header 4 KiB (431), body
// 1 KiB (413), a read deadline per connection, a per-source token bucket (429 + Retry-After),
// a cap on probes in flight (503), connection caps (total and per source: closed at once),
// and a per-probe deadline (default 2 s, at most max_probe_timeout, never above 10 s).
// Run it on one thread (or a strand): its bookkeeping is not locked.
#include "igdkit/igd/reach/probe_protocol.hpp"
#include "igdkit/igd/reach/rate_limit.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <system_error>

namespace igdkit::igd::reach {

struct probe_server_options {
  boost::asio::ip::tcp::endpoint listen{boost::asio::ip::make_address("127.0.0.1"), 0};  // port 0 = ephemeral
  std::chrono::milliseconds default_probe_timeout = reach::default_probe_timeout;
  std::chrono::milliseconds max_probe_timeout = reach::max_probe_timeout;  // capped at reach::max_probe_timeout
  // How long a TCP probe waits for a banner after connecting (unless "expect" asks for one).
  std::chrono::milliseconds banner_wait{500};
  std::chrono::milliseconds read_timeout{5000};   // accept to end of request
  std::chrono::milliseconds write_timeout{5000};
  rate_limits rate;                               // per source: burst 5, then 1 a second
  std::size_t max_concurrent_probes = 32;
  std::size_t max_connections = 256;
  std::size_t max_connections_per_source = 8;
};

struct probe_server_stats {
  std::size_t accepted = 0, refused_connections = 0, requests = 0, probes = 0;
  std::size_t bad_requests = 0, rate_limited = 0, busy = 0, timeouts = 0;
};

class probe_server {
 public:
  probe_server(boost::asio::any_io_executor ex, probe_server_options options);
  ~probe_server();
  probe_server(const probe_server&) = delete;
  probe_server& operator=(const probe_server&) = delete;

  std::error_code start();  // binds and listens; local_endpoint() is known afterwards
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  // Closes the acceptor and every client connection; probes in flight end at their deadline.
  void stop();
  const probe_server_stats& stats() const noexcept;

 private:
  struct impl;
  std::shared_ptr<impl> impl_;
};

}  // namespace igdkit::igd::reach
