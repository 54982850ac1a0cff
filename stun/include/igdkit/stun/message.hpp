#pragma once
// STUN (RFC 8489) Binding messages as a pure core: build and parse bytes, no sockets, no clocks,
// no randomness (the caller supplies the transaction ID). Client side: build_binding_request and
// parse_binding_response; server side: parse_binding_request, build_binding_success and
// build_binding_error. Every malformed input gives a specific stun::errc.
#include "igdkit/result.hpp"
#include "igdkit/stun/error.hpp"

#include <boost/asio/ip/udp.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace igdkit::stun {

inline constexpr std::uint32_t magic_cookie = 0x2112A442;
inline constexpr std::uint32_t fingerprint_xor = 0x5354554E;
inline constexpr std::size_t header_size = 20;
inline constexpr std::uint16_t default_port = 3478;
// Most attribute types kept in an UNKNOWN-ATTRIBUTES list, parsed or built (a message can hold
// thousands; a server names the few it met, and a longer list could not fit one message).
inline constexpr std::size_t max_unknown_attributes = 64;

// Message types (method Binding; classes request, success response, error response).
inline constexpr std::uint16_t binding_request_type = 0x0001;
inline constexpr std::uint16_t binding_success_type = 0x0101;
inline constexpr std::uint16_t binding_error_type = 0x0111;

// Attribute types this core reads or writes. 0x0000-0x7FFF are comprehension-required.
namespace attribute {
inline constexpr std::uint16_t mapped_address = 0x0001;
inline constexpr std::uint16_t username = 0x0006;
inline constexpr std::uint16_t message_integrity = 0x0008;
inline constexpr std::uint16_t error_code = 0x0009;
inline constexpr std::uint16_t unknown_attributes = 0x000A;
inline constexpr std::uint16_t realm = 0x0014;
inline constexpr std::uint16_t nonce = 0x0015;
inline constexpr std::uint16_t message_integrity_sha256 = 0x001C;
inline constexpr std::uint16_t password_algorithm = 0x001D;
inline constexpr std::uint16_t userhash = 0x001E;
inline constexpr std::uint16_t xor_mapped_address = 0x0020;
inline constexpr std::uint16_t software = 0x8022;
inline constexpr std::uint16_t fingerprint = 0x8028;
}  // namespace attribute

// 96 bits, chosen by the caller (the transport draws it from std::random_device).
using transaction_id = std::array<std::uint8_t, 12>;

// Client -> server. FINGERPRINT is optional (RFC 8489 section 14.7); servers ignore it if absent.
struct request_options {
  bool fingerprint = true;
};
std::vector<std::uint8_t> build_binding_request(const transaction_id& id, const request_options& options = {});

// Which attribute the mapped address came from.
enum class address_source { xor_mapped_address, mapped_address };

struct binding_success {
  boost::asio::ip::udp::endpoint mapped;
  address_source source = address_source::xor_mapped_address;
  bool fingerprint = false;  // a FINGERPRINT was present (and matched)
};

struct binding_error {
  int code = 0;        // class * 100 + number, 300..699
  std::string reason;  // the server's reason phrase, as sent
  std::vector<std::uint16_t> unknown_attributes;  // with 420; at most max_unknown_attributes
};

using binding_response = std::variant<binding_success, binding_error>;

// A Binding Success or Error Response to the request `expected` (header, cookie and transaction
// ID checked; XOR-MAPPED-ADDRESS preferred over MAPPED-ADDRESS; MESSAGE-INTEGRITY is not
// verified, attributes after it other than FINGERPRINT are ignored; a FINGERPRINT, if present,
// must match and be last; unknown comprehension-optional attributes are skipped).
result<binding_response> parse_binding_response(std::span<const std::uint8_t> datagram, const transaction_id& expected);

// Server side: what a Binding Request asks.
struct binding_request {
  transaction_id id{};
  bool fingerprint = false;
  // Comprehension-required attributes this core does not know, each once, at most
  // max_unknown_attributes of them: the server answers 420 with them.
  std::vector<std::uint16_t> unknown_required;
};
result<binding_request> parse_binding_request(std::span<const std::uint8_t> datagram);

// Server side answers: XOR-MAPPED-ADDRESS + FINGERPRINT; ERROR-CODE (+ UNKNOWN-ATTRIBUTES when
// given, the first max_unknown_attributes) + FINGERPRINT. `code` is clamped to 300..699; the reason is cut to RFC 8489's 763 bytes
// at a UTF-8 character boundary.
std::vector<std::uint8_t> build_binding_success(const transaction_id& id, const boost::asio::ip::udp::endpoint& mapped);
std::vector<std::uint8_t> build_binding_error(const transaction_id& id, int code, std::string_view reason,
                                              std::span<const std::uint16_t> unknown_attributes = {});

// CRC-32 of `bytes` XOR 0x5354554E: the FINGERPRINT value for the message that precedes it.
std::uint32_t fingerprint_of(std::span<const std::uint8_t> bytes) noexcept;

}  // namespace igdkit::stun
