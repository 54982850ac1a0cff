#include "igdkit/igd/actions/service.hpp"

#include "igdkit/text.hpp"

namespace igdkit::igd {
namespace {
constexpr std::string_view urn_prefix = "urn:schemas-upnp-org:service:";
constexpr action_service all_services[] = {action_service::wan_ip_connection, action_service::wan_ppp_connection,
                                           action_service::wan_common_interface_config,
                                           action_service::wan_ipv6_firewall_control,
                                           action_service::layer3_forwarding};
}  // namespace

std::string_view service_name(action_service s) noexcept {
  switch (s) {
    case action_service::wan_ip_connection: return "WANIPConnection";
    case action_service::wan_ppp_connection: return "WANPPPConnection";
    case action_service::wan_common_interface_config: return "WANCommonInterfaceConfig";
    case action_service::wan_ipv6_firewall_control: return "WANIPv6FirewallControl";
    case action_service::layer3_forwarding: return "Layer3Forwarding";
  }
  return {};
}

std::string action_service_type(service_version sv) {
  std::string out(urn_prefix);
  out += service_name(sv.service);
  out += ':';
  out += std::to_string(sv.version);
  return out;
}

std::optional<service_version> parse_action_service_type(std::string_view service_type) noexcept {
  if (!service_type.starts_with(urn_prefix)) return std::nullopt;
  service_type.remove_prefix(urn_prefix.size());
  const auto colon = service_type.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto name = service_type.substr(0, colon);
  const auto ver = service_type.substr(colon + 1);
  if (ver.empty() || ver.size() > 3) return std::nullopt;
  const auto v = igdkit::text::parse_decimal<unsigned>(ver);
  if (!v || *v == 0) return std::nullopt;
  for (auto s : all_services)
    if (service_name(s) == name) return service_version{s, *v};
  return std::nullopt;
}

}  // namespace igdkit::igd
