#include "igdkit/sim/evented_state.hpp"

#include "igdkit/sim/scpd.hpp"

#include <string>
#include <string_view>

namespace igdkit::sim {
namespace {

struct getter {
  std::string_view variable;
  std::string_view action;
  std::string_view argument;
};

constexpr getter getters[] = {
    {"ExternalIPAddress", "GetExternalIPAddress", "NewExternalIPAddress"},
    {"ConnectionStatus", "GetStatusInfo", "NewConnectionStatus"},
    {"PossibleConnectionTypes", "GetConnectionTypeInfo", "NewPossibleConnectionTypes"},
    {"PhysicalLinkStatus", "GetCommonLinkProperties", "NewPhysicalLinkStatus"},
    {"EnabledForInternet", "GetEnabledForInternet", "NewEnabledForInternet"},
    {"FirewallEnabled", "GetFirewallStatus", "FirewallEnabled"},
    {"InboundPinholeAllowed", "GetFirewallStatus", "InboundPinholeAllowed"},
    {"DefaultConnectionService", "GetDefaultConnectionService", "NewDefaultConnectionService"},
};

std::string read_through_action(igd_handler& igd, const service_layout& service, const request_context& ctx,
                                std::string_view variable) {
  for (const auto& g : getters) {
    if (g.variable != variable) continue;
    const auto res = igd.handle({service.service_type(), std::string(g.action), {}}, ctx);
    if (res.fault) return {};
    const auto value = soap::find_argument(res.arguments, g.argument);
    return value ? std::string(*value) : std::string{};
  }
  return {};
}

}  // namespace

std::vector<gena::property> evented_values(igd_handler& igd, const service_layout& service, clock::time_point now) {
  request_context ctx;
  ctx.client = boost::asio::ip::make_address("127.0.0.1");  // the getters do not depend on who asks
  ctx.now = now;
  ctx.service = service.id;
  ctx.wan_device = service.wan_device;
  std::vector<gena::property> out;
  for (const auto& v : scpd_for(service.id, service.version).variables) {
    if (!v.send_events) continue;
    std::string value;
    if (v.name == "PortMappingNumberOfEntries")
      value = std::to_string(igd.mapping_count(now));
    else if (v.name == "SystemUpdateID")
      value = std::to_string(igd.system_update_id());
    else if (v.name == "NumberOfActiveConnections")
      value = "1";  // one WANConnectionDevice per WANDevice
    else
      value = read_through_action(igd, service, ctx, v.name);
    out.push_back({std::string(v.name), std::move(value)});
  }
  return out;
}

}  // namespace igdkit::sim
