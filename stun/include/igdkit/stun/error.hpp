#pragma once
// STUN failures. Two categories, as for SOAP: local failures (`errc`: every rejected datagram
// maps to one specific code, plus the transport's own outcomes) and the server's answers
// (`server_errc`: the value is the ERROR-CODE of a Binding Error Response, class * 100 + number;
// codes not listed here are kept as they came).
#include <string_view>
#include <system_error>
#include <type_traits>

namespace igdkit::stun {

enum class errc {
  truncated_header = 1,
  not_stun,
  bad_length,
  length_mismatch,
  bad_magic_cookie,
  unexpected_message_type,
  transaction_mismatch,
  truncated_attribute,
  unknown_required_attribute,
  bad_address,
  unsupported_address_family,
  missing_mapped_address,
  bad_error_code,
  missing_error_code,
  bad_fingerprint,
  fingerprint_mismatch,
  attribute_after_fingerprint,
  timeout,
};

const std::error_category& category() noexcept;

// The enumerator's own name ("fingerprint_mismatch"): stable text for fixtures, logs and JSON.
std::string_view to_string(errc e) noexcept;

inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

// ERROR-CODE values of RFC 8489 section 14.8 (and 420's UNKNOWN-ATTRIBUTES companion).
enum class server_errc {
  try_alternate = 300,
  bad_request = 400,
  unauthorized = 401,
  unknown_attribute = 420,
  stale_nonce = 438,
  server_error = 500,
};

const std::error_category& server_category() noexcept;

// Any wire code, listed or not, as an error_code in server_category().
inline std::error_code make_server_error(int code) noexcept { return {code, server_category()}; }
inline std::error_code make_error_code(server_errc e) noexcept { return make_server_error(static_cast<int>(e)); }

}  // namespace igdkit::stun

template <>
struct std::is_error_code_enum<igdkit::stun::errc> : std::true_type {};
template <>
struct std::is_error_code_enum<igdkit::stun::server_errc> : std::true_type {};
