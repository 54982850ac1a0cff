#pragma once
// The responder's pure admission rules (digest §1.2 device side, §6.3 amplification).
#include "igdkit/result.hpp"
#include "igdkit/ssdp/messages.hpp"

#include <boost/asio/ip/address.hpp>

#include <chrono>
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

}  // namespace igdkit::ssdp
