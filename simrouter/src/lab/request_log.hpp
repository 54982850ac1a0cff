#pragma once
// The lab's recent-request log (/log): a bounded ring, oldest dropped first.
#include "igdkit/sim/lab_types.hpp"

#include <cstddef>
#include <deque>
#include <vector>

namespace igdkit::sim::detail {

class request_log {
 public:
  explicit request_log(std::size_t capacity) : capacity_(capacity) {}
  void add(log_entry entry);
  std::vector<log_entry> recent(std::size_t limit) const;  // most recent last

 private:
  std::size_t capacity_;
  std::deque<log_entry> entries_;
};

}  // namespace igdkit::sim::detail
