#pragma once
// WANIPv6FirewallControl pinholes (IGD:2). Pure: `now` passed in, lazy expiry on every access.
// Identity for AddPinhole is the 5-tuple; re-adding it extends the lease and keeps the UniqueID.
#include "igdkit/sim/mapping.hpp"

#include <boost/asio/ip/address_v6.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

namespace igdkit::sim {

inline constexpr std::uint16_t pinhole_protocol_wildcard = 65535;
inline constexpr std::chrono::seconds pinhole_min_lease{1};
inline constexpr std::chrono::seconds pinhole_max_lease{86400};

struct pinhole_tuple {
  std::optional<boost::asio::ip::address_v6> remote_host;  // nullopt = wildcard
  std::uint16_t remote_port = 0;                           // 0 = wildcard
  boost::asio::ip::address_v6 internal_client;
  std::uint16_t internal_port = 0;
  std::uint16_t protocol = 6;  // IANA number; 65535 = wildcard
  friend bool operator==(const pinhole_tuple&, const pinhole_tuple&) = default;
  friend bool operator<(const pinhole_tuple& a, const pinhole_tuple& b) noexcept {
    return std::tie(a.remote_host, a.remote_port, a.internal_client, a.internal_port, a.protocol) <
           std::tie(b.remote_host, b.remote_port, b.internal_client, b.internal_port, b.protocol);
  }
};

struct pinhole {
  std::uint16_t id = 0;
  pinhole_tuple tuple;
  clock::time_point expires_at;
  std::uint64_t packets = 0;
};

struct pinhole_add_result {
  std::uint16_t id = 0;
  bool extended = false;  // an existing pinhole with this 5-tuple was renewed
};

class pinhole_table {
 public:
  explicit pinhole_table(std::size_t capacity) : capacity_(capacity) {}

  std::size_t expire(clock::time_point now);
  // nullopt when the table is full (701). The lease must already be validated (1..86400).
  std::optional<pinhole_add_result> add(const pinhole_tuple& t, std::chrono::seconds lease, clock::time_point now);
  bool update(std::uint16_t id, std::chrono::seconds lease, clock::time_point now);
  bool erase(std::uint16_t id, clock::time_point now);
  const pinhole* find(std::uint16_t id, clock::time_point now);
  // For the NAT simulation: traffic that matched a pinhole.
  bool record_packets(std::uint16_t id, std::uint64_t n, clock::time_point now);
  std::vector<pinhole> list(clock::time_point now);
  std::size_t size(clock::time_point now);

 private:
  std::uint16_t allocate_id() noexcept;

  std::size_t capacity_;
  std::map<std::uint16_t, pinhole> by_id_;
  std::map<pinhole_tuple, std::uint16_t> by_tuple_;
  std::uint16_t next_id_ = 1;
};

}  // namespace igdkit::sim
