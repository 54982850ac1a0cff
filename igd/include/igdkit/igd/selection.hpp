#pragma once
// Pure ranking of probed WAN connections, so that the client picks the same IGD miniupnpc would
// (digest §2.1 "Choosing the IGD"). The caller probes GetStatusInfo / GetExternalIPAddress and
// passes the answers in; nothing here does I/O.
#include "igdkit/igd/description.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/address_v6.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace igdkit::igd {

// Values match miniupnpc's UPNP_GetValidIGD return codes.
enum class igd_status {
  connected_public = 1,    // connected, routable external address
  connected_reserved = 2,  // connected, but private/CGNAT/reserved (or no) external address
  disconnected = 3,        // an IGD, but no candidate reports a connection
  not_igd = 4,             // no usable WAN connection candidate at all
};

// Which range of the reserved-address table an IPv4 address falls in (global: none of them).
// `shared` is RFC 6598's 100.64.0.0/10, the carrier-grade NAT space, kept apart from the RFC 1918
// `private_use` ranges because the two call for different advice.
enum class ipv4_scope : std::uint8_t {
  global,
  unspecified,      // 0.0.0.0/8
  private_use,      // 10/8, 172.16/12, 192.168/16
  shared,           // 100.64.0.0/10 (CGNAT)
  loopback,         // 127/8
  link_local,       // 169.254/16
  documentation,    // TEST-NET-1/2/3
  special_purpose,  // IETF assignments, AS112, AMT, 6to4 relay, benchmarking
  multicast,        // 224/4
  future_use,       // 240/4, incl. 255.255.255.255
};
ipv4_scope classify_ipv4(const boost::asio::ip::address_v4& addr) noexcept;
// "private", "shared (CGNAT)", "link-local", ...
std::string_view to_string(ipv4_scope s) noexcept;

// IANA special-purpose / private / multicast / reserved IPv4 ranges (not globally routable).
bool is_reserved_ipv4(const boost::asio::ip::address_v4& addr) noexcept;
// Loopback, unspecified, link-local, ULA, multicast, documentation; v4-mapped uses the v4 table.
bool is_reserved_ipv6(const boost::asio::ip::address_v6& addr) noexcept;
bool is_reserved_address(const boost::asio::ip::address& addr) noexcept;

// "Connected" and "Up" (case-insensitive, surrounding whitespace ignored) count as connected.
bool is_connected_status(std::string_view connection_status) noexcept;

struct candidate {
  service_kind kind = service_kind::other;  // wan_ip_connection or wan_ppp_connection
  std::uint32_t version = 0;
  std::string_view connection_status;       // NewConnectionStatus from GetStatusInfo
  std::optional<boost::asio::ip::address> external_ip;  // none if the probe failed or was empty
};

struct selection {
  igd_status status = igd_status::not_igd;
  std::optional<std::size_t> index;  // into the candidates; none only for not_igd
};

// Rank: connected+public > connected+reserved (or no address) > anything else; within a rank
// WANIPConnection of higher version > lower version > WANPPPConnection; ties keep input order.
// Candidates whose kind is not a WAN connection are ignored.
selection select_connection(std::span<const candidate> candidates) noexcept;

}  // namespace igdkit::igd
