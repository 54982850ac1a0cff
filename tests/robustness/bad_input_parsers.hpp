#pragma once
// Runs one bad-input case through its parser and reports the outcome in the manifest's words:
//   "<errc name>"                 the parser failed with that enumerator of its own category
//                                 (ssdp::errc, soap::errc or igd::errc, by the parser)
//   "<errc name>:<Argument>"      port_listing: and the diagnostic named that argument
//   "<status>" / "<status>/<code>" simrouter_http: the HTTP status, and the UPnP errorCode of a fault
//   "upnp:<code>"                 http_response: the client read a UPnP fault
//   "ok"                          the parser accepted the input
// An error from another category reads "<category>:<value>", so it never matches a plain name.
#include "bad_input_manifest.hpp"

#include <string>
#include <string_view>
#include <system_error>

namespace igdkit::robustness {

std::string run_parser(const bad_case& c, std::string_view bytes);

// "xml_malformed", "missing_location", ... for ssdp/soap/igd codes; "<category>:<value>" otherwise.
std::string error_name(const std::error_code& ec);

}  // namespace igdkit::robustness
