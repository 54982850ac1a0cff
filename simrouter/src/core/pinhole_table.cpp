#include "igdkit/sim/pinhole_table.hpp"

namespace igdkit::sim {

std::size_t pinhole_table::expire(clock::time_point now) {
  std::size_t removed = 0;
  for (auto it = by_id_.begin(); it != by_id_.end();) {
    if (it->second.expires_at <= now) {
      by_tuple_.erase(it->second.tuple);
      it = by_id_.erase(it);
      ++removed;
    } else {
      ++it;
    }
  }
  return removed;
}

std::uint16_t pinhole_table::allocate_id() noexcept {
  // UniqueIDs grow and wrap, skipping 0 and ids in use, so a deleted id is not reused at once.
  // The caller guarantees a free id exists (size < capacity <= 65535).
  while (next_id_ == 0 || by_id_.contains(next_id_)) ++next_id_;
  return next_id_++;
}

std::optional<pinhole_add_result> pinhole_table::add(const pinhole_tuple& t, std::chrono::seconds lease,
                                                     clock::time_point now) {
  expire(now);
  if (auto it = by_tuple_.find(t); it != by_tuple_.end()) {
    by_id_.at(it->second).expires_at = now + lease;
    return pinhole_add_result{it->second, true};
  }
  if (by_id_.size() >= capacity_ || by_id_.size() >= 65535) return std::nullopt;
  const std::uint16_t id = allocate_id();
  by_id_.emplace(id, pinhole{id, t, now + lease, 0});
  by_tuple_.emplace(t, id);
  return pinhole_add_result{id, false};
}

bool pinhole_table::update(std::uint16_t id, std::chrono::seconds lease, clock::time_point now) {
  expire(now);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return false;
  it->second.expires_at = now + lease;
  return true;
}

bool pinhole_table::erase(std::uint16_t id, clock::time_point now) {
  expire(now);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return false;
  by_tuple_.erase(it->second.tuple);
  by_id_.erase(it);
  return true;
}

const pinhole* pinhole_table::find(std::uint16_t id, clock::time_point now) {
  expire(now);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &it->second;
}

bool pinhole_table::record_packets(std::uint16_t id, std::uint64_t n, clock::time_point now) {
  expire(now);
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return false;
  it->second.packets += n;
  return true;
}

std::vector<pinhole> pinhole_table::list(clock::time_point now) {
  expire(now);
  std::vector<pinhole> out;
  out.reserve(by_id_.size());
  for (const auto& [id, p] : by_id_) out.push_back(p);
  return out;
}

std::size_t pinhole_table::size(clock::time_point now) {
  expire(now);
  return by_id_.size();
}

}  // namespace igdkit::sim
