#pragma once
// The probe-server's HTTP+JSON protocol, pure (no sockets, no clocks); docs/probe-server.md.
//   POST /v1/probe  {"protocol":"TCP"|"UDP","port":N,"timeout_ms":M?,"expect":"banner prefix"?}
//   GET  /v1/whoami
// A request never names a target: the server probes only the caller's observed source address,
// so it cannot be pointed at a third party. Parsers report the field at fault in `detail`.
#include "igdkit/igd/reach/error.hpp"
#include "igdkit/protocol.hpp"
#include "igdkit/result.hpp"

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace igdkit::igd::reach {

inline constexpr std::size_t max_request_header_bytes = 4096;
inline constexpr std::size_t max_request_body_bytes = 1024;
inline constexpr std::size_t max_banner_bytes = 64;  // also the longest "expect"
inline constexpr std::chrono::milliseconds default_probe_timeout{2000};
inline constexpr std::chrono::milliseconds max_probe_timeout{10000};
inline constexpr std::string_view probe_path = "/v1/probe";
inline constexpr std::string_view whoami_path = "/v1/whoami";

struct probe_request {
  protocol proto = protocol::tcp;
  std::uint16_t port = 0;
  std::optional<std::chrono::milliseconds> timeout;  // as asked; the server caps it
  std::optional<std::string> expect;                 // TCP only: the banner must start with it
};

// What the server did and saw. observed_address is the caller's source address (IPv4-mapped
// IPv6 shown as IPv4).
struct probe_report {
  boost::asio::ip::address observed_address;
  std::uint16_t port = 0;
  protocol proto = protocol::tcp;
  bool reachable = false;
  std::string reason;
  std::optional<double> rtt_ms;
  std::optional<std::string> banner;  // printable-escaped (escape_banner)
};

// Server side. Errors: body_too_large, not_json, not_an_object, unknown_field, missing_field,
// wrong_type, bad_protocol, port_out_of_range, timeout_out_of_range, expect_too_long,
// expect_not_for_udp.
result<probe_request> parse_probe_request(std::string_view body, std::string* detail = nullptr);
std::string render_probe_request(const probe_request& r);

// The timeout a request gets: its own (or `fallback`), at most `cap`.
std::chrono::milliseconds effective_timeout(const probe_request& r, std::chrono::milliseconds fallback,
                                            std::chrono::milliseconds cap) noexcept;

std::string render_probe_report(const probe_report& r);
std::string render_whoami(const boost::asio::ip::address& observed);
// {"error":"unknown_field","message":"…"}
std::string render_error(std::string_view error, std::string_view message);

// Client side. Errors: prober_bad_json, prober_missing_field, prober_invalid_field.
result<probe_report> parse_probe_report(std::string_view body, std::string* detail = nullptr);
result<boost::asio::ip::address> parse_whoami(std::string_view body, std::string* detail = nullptr);

// Bytes as JSON-safe text: printable ASCII kept, '\\' doubled, anything else as \xNN.
std::string escape_banner(std::string_view bytes);

// IPv4-mapped IPv6 (::ffff:a.b.c.d) as IPv4; anything else unchanged.
boost::asio::ip::address unmapped(const boost::asio::ip::address& a);

}  // namespace igdkit::igd::reach
