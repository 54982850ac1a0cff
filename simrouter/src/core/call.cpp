#include "call.hpp"

namespace igdkit::sim::detail {

soap::action_response ok(const call& c, soap::argument_list out) {
  return soap::action_response{c.request.service_type, c.request.action, std::move(out), std::nullopt};
}

soap::action_response fault(const call& c, soap::upnp_errc code) {
  const int n = static_cast<int>(code);
  const auto context = c.ctx.service == service_id::wan_ipv6_firewall_control ? soap::error_context::firewall
                                                                              : soap::error_context::port_mapping;
  soap::action_response r{c.request.service_type, c.request.action, {}, std::nullopt};
  r.fault = soap::upnp_fault{n, std::string(soap::upnp_error_name(n, context))};
  return r;
}

}  // namespace igdkit::sim::detail
