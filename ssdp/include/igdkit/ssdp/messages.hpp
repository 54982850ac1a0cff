#pragma once
// The three SSDP messages as typed values (digest §1.2, §1.4, §1.5).
#include "igdkit/ssdp/search_target.hpp"

#include <boost/url/url.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace igdkit::ssdp {

// Real SSDP messages are well under 1 KiB and must fit one UDP datagram; 8 KiB leaves room for
// verbose vendors while bounding every buffer and the parser's header limit.
inline constexpr std::size_t max_datagram_size = 8192;

inline constexpr std::uint16_t multicast_port = 1900;
inline constexpr std::string_view multicast_v4 = "239.255.255.250";
inline constexpr std::string_view multicast_v6_link_local = "ff02::c";
inline constexpr std::string_view multicast_v6_site_local = "ff05::c";
inline constexpr std::string_view discover_man = "\"ssdp:discover\"";

// Highest values the digest allows for BOOTID (31-bit) and CONFIGID (24-bit).
inline constexpr std::uint32_t max_boot_id = 0x7fffffffu;
inline constexpr std::uint32_t max_config_id = 0xffffffu;

struct search_request {
  std::string host{"239.255.255.250:1900"};  // HOST as sent
  std::string man{discover_man};         // kept verbatim: should_answer() judges it
  std::optional<std::chrono::seconds> mx;  // absent in unicast searches
  search_target st;
  std::string user_agent;
  std::string cpfn;    // CPFN.UPNP.ORG (UDA 2.0)
  std::string cpuuid;  // CPUUID.UPNP.ORG (UDA 2.0)
};

struct search_response {
  boost::urls::url location;
  search_target st;
  std::string usn;
  std::string server;  // may be empty: some routers send "SERVER:" with nothing
  std::chrono::seconds max_age{1800};
  bool ext = true;     // EXT: present; informational, many routers omit it
  std::string date;    // RFC 1123 text as sent; empty when absent
  std::optional<std::uint32_t> boot_id;
  std::optional<std::uint32_t> config_id;
  std::optional<std::uint16_t> search_port;
};

enum class notify_kind { alive, byebye, update };

std::string_view to_string(notify_kind k) noexcept;  // "ssdp:alive", ...

struct notify_message {
  notify_kind kind = notify_kind::alive;
  std::string host{"239.255.255.250:1900"};
  search_target nt;
  std::string usn;
  std::optional<boost::urls::url> location;  // required for alive and update
  std::chrono::seconds max_age{1800};        // alive only
  std::string server;                        // alive only
  std::optional<std::uint32_t> boot_id;
  std::optional<std::uint32_t> config_id;
  std::optional<std::uint32_t> next_boot_id;  // update only
  std::optional<std::uint16_t> search_port;
};

}  // namespace igdkit::ssdp
