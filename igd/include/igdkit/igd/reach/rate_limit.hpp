#pragma once
// A pure per-source rate limiter: one token bucket per source address, time passed in, a bounded
// number of remembered sources (a full bucket carries no state, so it is the one forgotten).
// Same design as ssdp::answer_budget, without its pending-answer accounting, and it says how
// long to wait (for Retry-After).
#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstddef>
#include <map>

namespace igdkit::igd::reach {

struct rate_limits {
  std::size_t burst = 5;                  // requests one source may make back to back
  std::chrono::milliseconds refill{1000};  // then one more every refill
  std::size_t max_sources = 4096;          // sources remembered at once
};

class source_rate_limiter {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  struct decision {
    bool allowed = false;
    std::chrono::milliseconds retry_after{0};  // when refused: until the next token
  };

  explicit source_rate_limiter(rate_limits limits);

  // Spends one token of `source` (IPv4-mapped IPv6 counted as IPv4) if it has one.
  decision try_acquire(const boost::asio::ip::address& source, time_point now);

  std::size_t sources() const noexcept { return buckets_.size(); }

 private:
  struct bucket {
    std::size_t tokens = 0;
    time_point refilled{};
  };
  void refill(bucket& b, time_point now) const;
  void forget_full_buckets(time_point now);

  rate_limits limits_;
  std::map<boost::asio::ip::address, bucket> buckets_;
};

}  // namespace igdkit::igd::reach
