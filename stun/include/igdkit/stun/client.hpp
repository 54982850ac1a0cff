#pragma once
// STUN Binding client over UDP: sends a Binding Request to one server, retransmits on RFC 8489's
// schedule (RTO doubling from 500 ms) within one total deadline, and completes with the mapped
// address from the first matching answer. Bytes are built and parsed by the pure core
// (message.hpp); this file only does I/O. Answers from another address, with another
// transaction ID, or that do not parse are ignored (the query keeps waiting).
#include "igdkit/async.hpp"
#include "igdkit/stun/message.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>

#include <chrono>
#include <optional>
#include <utility>
#include <vector>

namespace igdkit::stun {

struct query_options {
  std::chrono::milliseconds timeout{3000};      // the whole query, from the first send
  std::chrono::milliseconds initial_rto{500};   // first retransmission after this; doubles each time
  unsigned max_sends = 7;                       // RFC 8489's Rc: the first request + 6 retransmissions
  // Local address to bind (port 0); unset: the wildcard of the server's family.
  std::optional<boost::asio::ip::address> local_address;
  bool fingerprint = true;                      // add FINGERPRINT to the request
};

struct binding_result {
  boost::asio::ip::udp::endpoint mapped;  // the server-reflexive address
  std::chrono::microseconds rtt{0};       // from the latest send before the answer
  unsigned sends = 0;                     // requests sent, retransmissions included
};

// Offsets from the first send at which requests go out: 0, RTO, 3 RTO, 7 RTO, ... (at most
// max_sends of them, all before the timeout). Pure; the transport follows it.
std::vector<std::chrono::milliseconds> retransmit_schedule(const query_options& options);

namespace detail {
boost::asio::awaitable<result<binding_result>> query(boost::asio::any_io_executor ex,
                                                    boost::asio::ip::udp::endpoint server, query_options options);
}  // namespace detail

// Completion: void(boost::system::error_code, binding_result). Fails with errc::timeout when no
// answer arrives before options.timeout, with a server_category() code (ERROR-CODE) when the
// server sends a Binding Error Response, or with the socket's error when the first send fails.
template <class CompletionToken>
auto async_query(boost::asio::any_io_executor ex, boost::asio::ip::udp::endpoint server, query_options options,
                 CompletionToken&& token) {
  return async_run<binding_result>(
      ex, [ex, server, options = std::move(options)]() mutable { return detail::query(ex, server, std::move(options)); },
      std::forward<CompletionToken>(token));
}

}  // namespace igdkit::stun
