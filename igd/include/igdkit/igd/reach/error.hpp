#pragma once
// Failures of the reachability probers (category "igdkit.reach"): a probe request the
// probe-server refuses, and a prober's answer the client cannot use. "Not reachable" is not an
// error: it is a probe_outcome with reachable = false and the prober's reason.
#include <system_error>

namespace igdkit::igd::reach {

enum class errc : int {
  // A probe request (probe-server side; the wire name in {"error": …} is to_wire_name()).
  body_too_large = 1,
  not_json,
  not_an_object,
  unknown_field,         // e.g. "ip": the server never takes a target address
  missing_field,
  wrong_type,
  bad_protocol,          // not "TCP" or "UDP"
  port_out_of_range,     // 0 or above 65535
  timeout_out_of_range,  // timeout_ms 0
  expect_too_long,       // longer than the banner the server reads
  expect_not_for_udp,
  // A prober's answer (client side).
  bad_prober_spec,       // not "lab:http://…" or "http://…"
  missing_external_ip,   // the lab kind needs the address to probe
  prober_rate_limited,   // HTTP 429
  prober_busy,           // HTTP 503
  prober_http_status,    // any other status than 200
  prober_bad_json,       // not JSON, or not an object
  prober_missing_field,
  prober_invalid_field,
};

const std::error_category& reach_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), reach_category()}; }

// "unknown_field" etc.: the probe-server's {"error": …} value for the request errors.
const char* to_wire_name(errc e) noexcept;

}  // namespace igdkit::igd::reach

template <>
struct std::is_error_code_enum<igdkit::igd::reach::errc> : std::true_type {};
