#pragma once
// SSDP failures, local to this folder: every rejected datagram maps to one specific code.
#include <string_view>
#include <system_error>
#include <type_traits>

namespace igdkit::ssdp {

enum class errc {
  datagram_too_large = 1,
  empty_datagram,
  binary_garbage,
  not_http,
  bad_start_line,
  unexpected_status,
  truncated,
  malformed_headers,
  missing_location,
  unsupported_location_scheme,
  invalid_location,
  missing_st,
  invalid_st,
  missing_usn,
  missing_nt,
  missing_nts,
  unknown_nts,
  missing_man,
  bad_man,
  missing_mx,
  invalid_mx,
  missing_max_age,
  invalid_max_age,
  invalid_boot_id,
  invalid_config_id,
  invalid_search_port,
  invalid_header_value,
  source_not_allowed,
  no_response,
  search_finished,
};

const std::error_category& category() noexcept;

// The enumerator's own name ("missing_location"): stable text for fixtures, logs and JSON.
std::string_view to_string(errc e) noexcept;

inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace igdkit::ssdp

template <>
struct std::is_error_code_enum<igdkit::ssdp::errc> : std::true_type {};
