#pragma once
// The responder's pure admission rules (digest §1.2 device side, §6.3 amplification).
#include "igdkit/result.hpp"
#include "igdkit/ssdp/messages.hpp"

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstddef>
#include <map>
#include <string_view>
#include <vector>

namespace igdkit::ssdp {

// UDA caps the response spread at 5 s whatever MX says.
inline constexpr std::chrono::seconds max_response_delay{5};

// Whether to answer, and if so the longest random delay allowed before the answer:
// min(MX, 5) s for multicast, 0 for unicast. Errors say why the request is dropped:
// bad_man (MAN not exactly "ssdp:discover"), missing_mx (multicast without MX).
result<std::chrono::seconds> should_answer(const search_request& request, bool is_multicast);

// An address prefix such as 192.168.1.0/24 or fe80::/10.
class ip_prefix {
 public:
  ip_prefix(const boost::asio::ip::address& network, unsigned length);
  static result<ip_prefix> parse(std::string_view text);  // "a.b.c.d/n" or "x::/n"

  // IPv4-mapped IPv6 sources are compared as IPv4. A network with a zone (fe80::%3) admits
  // only sources with that same zone.
  bool contains(const boost::asio::ip::address& a) const noexcept;
  const boost::asio::ip::address& network() const noexcept { return network_; }
  unsigned length() const noexcept { return length_; }

 private:
  boost::asio::ip::address network_;
  unsigned length_;
};

// Default LAN policy for a listen address: its /24 (IPv4) or /64 (IPv6), plus all of loopback
// when the address is loopback. An unspecified address yields loopback only (safe default).
std::vector<ip_prefix> default_allowed_sources(const boost::asio::ip::address& listen);

bool source_allowed(const std::vector<ip_prefix>& allowed, const boost::asio::ip::address& source) noexcept;

// Per-source answer budget (issue 12 §1): one host must neither turn the responder into an
// amplifier (an ssdp:all search costs one datagram per advertised target) nor fill the shared
// cap on delayed answers so that nobody else is answered. A token bucket per source address
// (IPv4-mapped IPv6 as IPv4) plus a cap on its answers still waiting for their random delay.
struct answer_budget_limits {
  // A whole default search (5 targets x 3 sends) twice over is answered in full.
  std::size_t burst = 32;                    // answers one source may get back to back
  std::chrono::milliseconds refill{100};     // then one more every refill (10 a second)
  // A quarter of responder_options::max_pending_answers: three flooders leave room for others.
  std::size_t max_pending_per_source = 16;   // delayed answers one source may have queued
  std::size_t max_sources = 1024;            // sources remembered at once (UDP sources are cheap to forge)
};

class answer_budget {
 public:
  using time_point = std::chrono::steady_clock::time_point;

  explicit answer_budget(answer_budget_limits limits);

  // Whether `source` may be answered now; if so it has spent one answer and one pending slot.
  bool try_spend(const boost::asio::ip::address& source, time_point now);
  // One answer admitted by try_spend() has been sent (or dropped): its pending slot is free.
  void answer_done(const boost::asio::ip::address& source);

  std::size_t sources() const noexcept { return buckets_.size(); }

 private:
  struct bucket {
    std::size_t tokens = 0;
    time_point refilled{};
    std::size_t pending = 0;
  };
  void refill(bucket& b, time_point now) const;
  void forget_sources_at_rest(time_point now);

  answer_budget_limits limits_;
  std::map<boost::asio::ip::address, bucket> buckets_;
};

}  // namespace igdkit::ssdp
