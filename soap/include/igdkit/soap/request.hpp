#pragma once
// SOAP action requests: built by the control point, parsed by the (simulated) router. Pure.
#include "igdkit/result.hpp"
#include "igdkit/soap/action.hpp"
#include "igdkit/soap/limits.hpp"

#include <string>
#include <string_view>

namespace igdkit::soap {

// SOAPACTION header value, quotes included: "urn:...:WANIPConnection:1#AddPortMapping".
std::string soap_action_header(std::string_view service_type, std::string_view action);

// The envelope of digest section 3.1, arguments in the order given.
std::string build_request_body(const action_request& request);

// Service type and action named by a SOAPACTION header (quotes optional).
struct soap_action {
  std::string service_type;
  std::string action;
};
result<soap_action> parse_soap_action(std::string_view header);

// Server side: dispatches on the SOAPACTION header (service type = text before '#'); arguments
// are the action element's children in order, by local name. A body element naming another
// action gives errc::unexpected_action.
result<action_request> parse_request(std::string_view soapaction_header, std::string_view body,
                                     const xml_limits& limits = {});

}  // namespace igdkit::soap
