#include "igdkit/igd/reach/rate_limit.hpp"
#include "igdkit/token_bucket.hpp"

#include "igdkit/igd/reach/probe_protocol.hpp"

#include <algorithm>
#include <iterator>

namespace igdkit::igd::reach {

source_rate_limiter::source_rate_limiter(rate_limits limits) : limits_(limits) {
  limits_.burst = std::max<std::size_t>(limits_.burst, 1);
  limits_.refill = std::max(limits_.refill, std::chrono::milliseconds{1});
  limits_.max_sources = std::max<std::size_t>(limits_.max_sources, 1);
}

void source_rate_limiter::refill(bucket& b, time_point now) const {
  refill_tokens(b.tokens, b.refilled, now, limits_.burst, limits_.refill);
}

void source_rate_limiter::forget_full_buckets(time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    refill(it->second, now);
    it = it->second.tokens == limits_.burst ? buckets_.erase(it) : std::next(it);
  }
}

source_rate_limiter::decision source_rate_limiter::try_acquire(const boost::asio::ip::address& source,
                                                               time_point now) {
  const auto key = unmapped(source);
  auto it = buckets_.find(key);
  if (it == buckets_.end()) {
    if (buckets_.size() >= limits_.max_sources) forget_full_buckets(now);
    // Every remembered source is mid-burst: a newcomer waits like them rather than evicting one.
    if (buckets_.size() >= limits_.max_sources) return {false, limits_.refill};
    it = buckets_.emplace(key, bucket{limits_.burst, now}).first;
  }
  auto& b = it->second;
  refill(b, now);
  if (b.tokens == 0) {
    const auto next = b.refilled + limits_.refill;
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next - now);
    return {false, std::max(wait, std::chrono::milliseconds{1})};
  }
  --b.tokens;
  return {true, std::chrono::milliseconds{0}};
}

}  // namespace igdkit::igd::reach
