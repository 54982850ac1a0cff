#pragma once
// Private to simrouter --strict: the per-role checks check_http_request() dispatches to.
#include "igdkit/http_message.hpp"
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/sim/scpd.hpp"
#include "igdkit/sim/strict/rules.hpp"

#include <string_view>
#include <vector>

namespace igdkit::sim::strict::detail {

using findings = std::vector<finding>;

// POST on a control URL: Content-Type, SOAPACTION, envelope, arguments and their values.
void check_control(const http_request& request, const service_layout& service, findings& out);

// SUBSCRIBE / UNSUBSCRIBE on an event URL: NT, CALLBACK, TIMEOUT, SID.
void check_subscription(const http_request& request, findings& out);

// One in-argument's text against its state variable (type, allowed values, range).
// `action` and `version` pick the rules that only apply to some actions or versions.
void check_value(std::string_view action, unsigned version, const scpd_argument& argument,
                 const scpd_state_variable& variable, std::string_view text, findings& out);

}  // namespace igdkit::sim::strict::detail
