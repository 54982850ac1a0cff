#pragma once
// The SOAP action vocabulary shared by the client and simrouter: an action request (what a
// control point asks) and an action response (out arguments or a UPnP fault). Pure data.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igdkit::soap {

struct argument {
  std::string name;   // wire name, e.g. "NewExternalPort"
  std::string value;  // unescaped text
  friend bool operator==(const argument&, const argument&) = default;
};
using argument_list = std::vector<argument>;

// First argument with this name, or nullopt.
std::optional<std::string_view> find_argument(const argument_list& args, std::string_view name) noexcept;

struct action_request {
  std::string service_type;  // "urn:schemas-upnp-org:service:WANIPConnection:1"
  std::string action;        // "AddPortMapping"
  argument_list arguments;   // in SCPD order
};

struct upnp_fault {
  int code = 0;
  std::string description;  // the router's errorDescription, travels beside the code
};

struct action_response {
  std::string service_type;  // namespace of the <u:ActionResponse> element (echoes the request's)
  std::string action;        // "AddPortMapping" (without the "Response" suffix)
  argument_list arguments;   // out arguments, empty on a fault
  std::optional<upnp_fault> fault;
  unsigned http_status = 0;  // status line it arrived with (diagnostics); 0 when not from HTTP
};

}  // namespace igdkit::soap
