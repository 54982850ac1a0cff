#include "request_log.hpp"

#include <algorithm>

namespace igdkit::sim::detail {

void request_log::add(log_entry entry) {
  if (capacity_ == 0) return;
  if (entries_.size() == capacity_) entries_.pop_front();
  entries_.push_back(std::move(entry));
}

std::vector<log_entry> request_log::recent(std::size_t limit) const {
  const auto n = std::min(limit, entries_.size());
  return {entries_.end() - static_cast<std::ptrdiff_t>(n), entries_.end()};
}

}  // namespace igdkit::sim::detail
