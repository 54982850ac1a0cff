// Layer3Forwarding:1 (digest §5.4) and the WANPPPConnection-only link query (§5.3).
#include "args.hpp"
#include "call.hpp"

#include "igdkit/igd/actions/connection_settings.hpp"

namespace igdkit::sim::detail {
namespace {

using soap::upnp_errc;

soap::action_response get_default_connection_service(call& c) {
  return reply<igd::get_default_connection_service>(c, {c.model.connection.default_connection_service});
}

// "uuid:<device-uuid>:WANConnectionDevice:1,urn:upnp-org:serviceId:WANIPConn1": 720 for a bad
// device part, 721 for a service the router does not have.
soap::action_response set_default_connection_service(call& c) {
  const auto req = decode<igd::set_default_connection_service>(c);
  if (!req || req->connection_service.size() > max_string_argument) return fault(c, upnp_errc::invalid_args);
  const auto* value = &req->connection_service;
  const auto comma = value->find(',');
  if (comma == std::string::npos) return fault(c, upnp_errc::invalid_conn_service_selection);
  const std::string_view device = std::string_view(*value).substr(0, comma);
  const std::string_view service = std::string_view(*value).substr(comma + 1);
  if (!device.starts_with("uuid:") || !device.ends_with(":WANConnectionDevice:1"))
    return fault(c, upnp_errc::invalid_device_uuid);
  if (service != "urn:upnp-org:serviceId:WANIPConn1" && service != "urn:upnp-org:serviceId:WANPPPConn1")
    return fault(c, upnp_errc::invalid_service_id);
  c.model.connection.default_connection_service = *value;
  return ok(c);
}

soap::action_response get_link_layer_max_bit_rates(call& c) {
  const auto& l = c.model.config.link;
  return reply<igd::get_link_layer_max_bit_rates>(c, {l.upstream_max_bit_rate, l.downstream_max_bit_rate});
}

constexpr action_entry l3_table[] = {
    {"GetDefaultConnectionService", igd_version::v1, &get_default_connection_service},
    {"SetDefaultConnectionService", igd_version::v1, &set_default_connection_service},
};

constexpr action_entry ppp_table[] = {
    {"GetLinkLayerMaxBitRates", igd_version::v1, &get_link_layer_max_bit_rates},
};

}  // namespace

std::span<const action_entry> layer3_actions() noexcept { return l3_table; }
std::span<const action_entry> ppp_actions() noexcept { return ppp_table; }

}  // namespace igdkit::sim::detail
