#include "igdkit/connection_admission.hpp"
#include "igdkit/address.hpp"

#include <algorithm>

namespace igdkit {

namespace ip = boost::asio::ip;

ip::address admission_source(const ip::address& peer) { return unmapped(peer); }

connection_admission::connection_admission(admission_limits limits) : limits_(limits) {
  limits_.max_connections = std::max<std::size_t>(limits_.max_connections, 1);
  limits_.max_unfinished_per_source = std::max<std::size_t>(limits_.max_unfinished_per_source, 1);
}

admission_verdict connection_admission::admit(connection_id id, const ip::address& peer, time_point now) {
  const auto from = admission_source(peer);
  admission_verdict out{true, std::nullopt};
  const bool over_share = unfinished_from(from) >= limits_.max_unfinished_per_source;
  const bool full = connections_.size() >= limits_.max_connections;
  if (over_share) {
    const auto own_oldest = *oldest_unfinished_by_source_.lower_bound({from, time_point::min(), 0});
    if (full || now - std::get<time_point>(own_oldest) >= limits_.eviction_grace)
      out.evict = evict(std::get<connection_id>(own_oldest));
  } else if (full) {
    if (oldest_unfinished_.empty()) return {false, std::nullopt};
    out.evict = evict(oldest_unfinished_.begin()->second);
  }
  auto& c = connections_.emplace(id, connection{from, std::nullopt}).first->second;
  mark_waiting(id, c, now);
  return out;
}

void connection_admission::request_complete(connection_id id) {
  if (auto it = connections_.find(id); it != connections_.end()) mark_busy(id, it->second);
}

void connection_admission::awaiting_request(connection_id id, time_point now) {
  if (auto it = connections_.find(id); it != connections_.end()) mark_waiting(id, it->second, now);
}

void connection_admission::release(connection_id id) {
  auto it = connections_.find(id);
  if (it == connections_.end()) return;
  mark_busy(id, it->second);
  connections_.erase(it);
}

std::size_t connection_admission::unfinished_from(const ip::address& peer) const {
  const auto from = admission_source(peer);
  const auto first = oldest_unfinished_by_source_.lower_bound({from, time_point::min(), 0});
  auto last = first;
  while (last != oldest_unfinished_by_source_.end() && std::get<source>(*last) == from) ++last;
  return static_cast<std::size_t>(std::distance(first, last));
}

void connection_admission::mark_waiting(connection_id id, connection& c, time_point since) {
  mark_busy(id, c);
  c.waiting_since = since;
  oldest_unfinished_.emplace(since, id);
  oldest_unfinished_by_source_.emplace(c.from, since, id);
}

void connection_admission::mark_busy(connection_id id, connection& c) {
  if (!c.waiting_since) return;
  oldest_unfinished_.erase({*c.waiting_since, id});
  oldest_unfinished_by_source_.erase({c.from, *c.waiting_since, id});
  c.waiting_since.reset();
}

connection_id connection_admission::evict(connection_id id) {
  release(id);
  return id;
}

}  // namespace igdkit
