#pragma once
// SOAP action responses and faults: built by the (simulated) router, parsed by the control point.
#include "igdkit/result.hpp"
#include "igdkit/soap/action.hpp"
#include "igdkit/soap/limits.hpp"

#include <string>
#include <string_view>

namespace igdkit::soap {

// How GetListOfPortMappings' NewPortListing (an XML fragment in a string) is carried.
enum class listing_encoding { cdata, entity_escaped };

// Firmware quirks a simulated router can imitate; the defaults follow miniupnpd.
struct envelope_style {
  std::string prefix = "s";           // "s", "SOAP-ENV", ...; empty = default namespace, no prefix
  bool xml_declaration = true;        // emit <?xml version="1.0"?>
  bool fault_code_camel_case = false;  // <faultCode> instead of <faultcode>
  bool fault_string = true;           // emit <faultstring>UPnPError</faultstring>
  listing_encoding port_listing = listing_encoding::cdata;
};

// <u:ActionResponse> with the out arguments, or <Fault> with UPnPError when response.fault is
// set (the HTTP status for a fault is 500; choosing it is the server's job).
std::string build_response_body(const action_response& response, const envelope_style& style = {});

// Client side. Matches local names only, so any envelope prefix works; accepts faultcode and
// faultCode, faults without faultstring, and an errorCode anywhere in the document.
// A fault is a success here: the result has .fault set and no arguments.
result<action_response> parse_response(std::string_view body, std::string_view expected_action,
                                       const xml_limits& limits = {});

}  // namespace igdkit::soap
