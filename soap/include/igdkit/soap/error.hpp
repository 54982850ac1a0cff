#pragma once
// Local SOAP/HTTP failures (category "igdkit.soap"). Router-reported faults use upnp_errc instead,
// so callers can tell "the router said no" from "we never got a usable answer".
#include <system_error>

namespace igdkit::soap {

enum class errc : int {
  // XML / envelope
  xml_malformed = 1,
  xml_too_large,
  xml_too_deep,
  not_a_soap_envelope,
  no_body,
  response_element_missing,
  unexpected_action,         // the body answers (or asks for) a different action
  fault_without_upnp_error,  // <Fault> with no UPnPError/errorCode detail
  invalid_error_code,        // errorCode present but not a number
  too_many_arguments,
  // request side (server)
  missing_soapaction,
  bad_soapaction,
  // HTTP transport
  invalid_url,
  unsupported_scheme,  // https:// and anything else that is not http://
  timeout,
  resolve_failed,
  connection_failed,
  connection_reset,
  truncated_response,
  header_too_large,
  body_too_large,
  http_protocol_error,
  unexpected_http_status,
  bad_argument_name,  // an argument element whose local name is not a UPnP argument name
};

const std::error_category& soap_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), soap_category()}; }

}  // namespace igdkit::soap

template <>
struct std::is_error_code_enum<igdkit::soap::errc> : std::true_type {};
