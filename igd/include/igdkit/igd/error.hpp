#pragma once
// Local failures of the igd layer (the router's own errors are soap::upnp_errc, re-exported here
// as igd::upnp_errc so that integrators see one namespace).
#include "igdkit/soap/upnp_error.hpp"

#include <system_error>

namespace igdkit::igd {

using soap::upnp_errc;

enum class errc {
  // Description documents.
  xml_malformed = 1,
  xml_too_large,
  xml_too_deep,
  not_a_device_description,  // root element is not <root> or there is no <device>
  missing_device_field,      // deviceType or UDN absent
  missing_service_field,     // serviceType or controlURL absent
  too_many_devices,
  too_many_services,
  invalid_url,               // a URL in the document cannot be parsed or resolved
  url_not_allowed,           // a control/SCPD URL points somewhere the LOCATION does not (SSRF guard)
  not_an_igd,                // no WANCommonInterfaceConfig / WAN connection service anywhere
  no_wan_connection_service,
  // Action arguments (typed action tables).
  missing_argument,
  invalid_argument_value,
  // Client-level.
  no_igd_found,
  not_supported_by_service,  // e.g. a v2-only action on a v1 service
  // The keeper's state file (keeper/state_store.hpp).
  state_file_corrupt,        // not JSON, or a field of the wrong type or range (the message says which)
  state_file_unsupported,    // another format or a newer version
};

const std::error_category& igd_category() noexcept;

inline std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), igd_category()}; }

}  // namespace igdkit::igd

template <>
struct std::is_error_code_enum<igdkit::igd::errc> : std::true_type {};
