#pragma once
// simrouter --strict, HTTP side: one request (as the server parsed it) against the rules of
// rules.hpp. Pure: the device tree says which service a control or event URL belongs to and
// which SCPD applies; nothing here answers or changes the request.
#include "igdkit/http_message.hpp"
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/sim/strict/rules.hpp"

#include <span>
#include <string>
#include <vector>

namespace igdkit::sim::strict {

// `hosts`: the Host values that name the router ("127.0.0.1:49152", "[fd00::1]:49152"), one per
// listener. A Host without a port means port 80. Unknown paths are checked for HTTP only.
std::vector<finding> check_http_request(const http_request& request, const root_layout& layout,
                                        std::span<const std::string> hosts);

}  // namespace igdkit::sim::strict
