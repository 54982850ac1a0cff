#pragma once
// Who may hold a connection to an HTTP server (issue 12 §1): the pure admission table behind
// http_server (the IGD's and the lab admin API's). No sockets, no clocks: the server reports
// what each connection does, with `now`, and closes whatever the table tells it to evict.
//
// The scarce resource is a connection that has not yet delivered a complete request: it costs
// a slot and does nothing for anyone (slowloris). A well-formed request arrives within a round
// trip, so the connection that has waited longest is the one most surely not coming. Hence
//  - a source over max_unfinished_per_source pays for its next connection with its own oldest
//    unfinished one, once that has waited eviction_grace (younger ones are likely requests on
//    their way: a busy client's burst is let through), and at once when the server is full;
//  - when the server is full, a source under its cap evicts the connection that has waited
//    longest, whoever owns it; only if every connection is busy answering a complete request
//    is the newcomer refused.
// So a host flooding the server churns only its own connections, another host always gets a
// slot, and the flooding host's own new, well-formed request is the youngest of its set, the
// last to go. A source is an address (IPv4-mapped IPv6 counts as
// IPv4); not an IPv6 /64, which on a LAN is every host at once.
#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace igdkit {

struct admission_limits {
  std::size_t max_connections = 256;           // busy or unfinished; at least 1
  std::size_t max_unfinished_per_source = 32;  // connections one source may keep waiting; at least 1
  std::chrono::milliseconds eviction_grace{1000};  // see above; keep it under the header timeout
};

using connection_id = std::uint64_t;

struct admission_verdict {
  bool admitted = false;
  std::optional<connection_id> evict;  // close this one; it has already left the table
};

// What the table counts a source by: the address, IPv4-mapped IPv6 as IPv4.
boost::asio::ip::address admission_source(const boost::asio::ip::address& peer);

class connection_admission {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  explicit connection_admission(admission_limits limits);

  // A new connection; ids must be unique (the server counts them up).
  admission_verdict admit(connection_id id, const boost::asio::ip::address& peer, time_point now);
  // Its request has been read in full: it is busy and no longer evictable.
  void request_complete(connection_id id);
  // Keep-alive: it waits for its next request from now on, and is evictable again.
  void awaiting_request(connection_id id, time_point now);
  // Closed (ids that were evicted or never admitted are ignored).
  void release(connection_id id);

  std::size_t size() const noexcept { return connections_.size(); }
  std::size_t unfinished() const noexcept { return oldest_unfinished_.size(); }
  std::size_t unfinished_from(const boost::asio::ip::address& peer) const;

 private:
  using source = boost::asio::ip::address;
  struct connection {
    source from;
    std::optional<time_point> waiting_since;  // empty while busy
  };

  void mark_waiting(connection_id id, connection& c, time_point since);
  void mark_busy(connection_id id, connection& c);
  connection_id evict(connection_id id);

  admission_limits limits_;
  std::map<connection_id, connection> connections_;
  // The unfinished connections, oldest first: overall, and per source.
  std::set<std::pair<time_point, connection_id>> oldest_unfinished_;
  std::set<std::tuple<source, time_point, connection_id>> oldest_unfinished_by_source_;
};

}  // namespace igdkit
