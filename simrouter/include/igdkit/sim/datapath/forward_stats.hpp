#pragma once
// Counters shared by the lab's TCP and UDP forwarders. Read them on the forwarder's executor:
// forwarders have no internal locking.
#include <cstddef>
#include <cstdint>

namespace igdkit::sim {

struct forward_stats {
  std::uint64_t bytes_inbound = 0;   // outside -> internal target
  std::uint64_t bytes_outbound = 0;  // internal target -> outside
  std::size_t sessions_total = 0;    // sessions ever created (refused ones excluded)
  std::size_t sessions_active = 0;
  std::size_t connect_failures = 0;  // TCP: target refused/timed out; UDP: session socket failed
  std::size_t refused_sessions = 0;  // over max_sessions (UDP: one per dropped datagram)
  std::uint64_t datagrams_inbound = 0;   // UDP only
  std::uint64_t datagrams_outbound = 0;  // UDP only
  std::uint64_t datagrams_dropped = 0;   // UDP only: over max_sessions or a failed send
};

}  // namespace igdkit::sim
