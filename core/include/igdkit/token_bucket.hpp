#pragma once
// The refill step of a token bucket, shared by the per-source rate limits (ssdp::answer_budget,
// the probe-server's source_rate_limiter). Pure: the caller passes `now`.
#include <chrono>
#include <cstddef>

namespace igdkit {

// Adds one token per whole `interval` since `refilled`, up to `burst`. When the bucket fills,
// `refilled` becomes `now`; otherwise it advances by the intervals earned, keeping the part of
// an interval already under way.
template <class TimePoint>
void refill_tokens(std::size_t& tokens, TimePoint& refilled, TimePoint now, std::size_t burst,
                   std::chrono::milliseconds interval) noexcept {
  if (now <= refilled) return;
  const auto earned = static_cast<std::size_t>((now - refilled) / interval);
  if (tokens + earned >= burst) {
    tokens = burst;
    refilled = now;
  } else {
    tokens += earned;
    refilled += earned * interval;
  }
}

}  // namespace igdkit
