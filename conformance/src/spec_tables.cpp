#include "spec_tables.hpp"

#include "igdkit/igd/actions/action.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace igdkit::conformance::spec {
namespace tables_detail {

template <class Struct>
void append_fields(std::vector<expected_argument>& out, bool in) {
  std::apply([&](const auto&... f) { (out.push_back({f.name, f.alias, in}), ...); }, Struct::fields());
}

// Required actions (R in the service templates; digest §4.1, §5.1, §5.2).
constexpr std::array<std::string_view, 14> required_connection = {
    "SetConnectionType",      "GetConnectionTypeInfo",       "RequestConnection",
    "ForceTermination",       "GetStatusInfo",               "GetNATRSIPStatus",
    "GetGenericPortMappingEntry", "GetSpecificPortMappingEntry", "AddPortMapping",
    "DeletePortMapping",      "GetExternalIPAddress",        "AddAnyPortMapping",
    "DeletePortMappingRange", "GetListOfPortMappings"};
constexpr std::array<std::string_view, 1> required_common = {"GetCommonLinkProperties"};
constexpr std::array<std::string_view, 5> required_firewall = {"GetFirewallStatus", "AddPinhole", "UpdatePinhole",
                                                            "DeletePinhole", "GetPinholePackets"};

bool is_required(igd::action_service s, std::string_view name) {
  auto in = [&](const auto& list) { return std::find(list.begin(), list.end(), name) != list.end(); };
  switch (s) {
    case igd::action_service::wan_ip_connection:
    case igd::action_service::wan_ppp_connection: return in(required_connection);
    case igd::action_service::wan_common_interface_config: return in(required_common);
    case igd::action_service::wan_ipv6_firewall_control: return in(required_firewall);
    case igd::action_service::layer3_forwarding: return false;
  }
  return false;
}

constexpr std::pair<std::string_view, std::string_view> variable_types[] = {
    {"ConnectionType", "string"},         {"PossibleConnectionTypes", "string"},
    {"ConnectionStatus", "string"},       {"Uptime", "ui4"},
    {"LastConnectionError", "string"},    {"AutoDisconnectTime", "ui4"},
    {"IdleDisconnectTime", "ui4"},        {"WarnDisconnectDelay", "ui4"},
    {"RSIPAvailable", "boolean"},         {"NATEnabled", "boolean"},
    {"ExternalIPAddress", "string"},      {"PortMappingNumberOfEntries", "ui2"},
    {"PortMappingEnabled", "boolean"},    {"PortMappingLeaseDuration", "ui4"},
    {"RemoteHost", "string"},             {"ExternalPort", "ui2"},
    {"InternalPort", "ui2"},              {"PortMappingProtocol", "string"},
    {"InternalClient", "string"},         {"PortMappingDescription", "string"},
    {"SystemUpdateID", "ui4"},            {"A_ARG_TYPE_Manage", "boolean"},
    {"A_ARG_TYPE_PortListing", "string"}, {"WANAccessType", "string"},
    {"Layer1UpstreamMaxBitRate", "ui4"},  {"Layer1DownstreamMaxBitRate", "ui4"},
    {"PhysicalLinkStatus", "string"},     {"EnabledForInternet", "boolean"},
    {"FirewallEnabled", "boolean"},       {"InboundPinholeAllowed", "boolean"},
};

}  // namespace tables_detail

std::vector<expected_action> actions_for(igd::service_version sv) {
  std::vector<expected_action> out;
  std::apply(
      [&](auto... tags) {
        auto one = [&](auto tag) {
          using A = decltype(tag);
          if (!A::availability.supports(sv)) return;
          expected_action e{A::name, {}, tables_detail::is_required(sv.service, A::name)};
          tables_detail::append_fields<typename A::request>(e.arguments, true);
          tables_detail::append_fields<typename A::response>(e.arguments, false);
          out.push_back(std::move(e));
        };
        (one(tags), ...);
      },
      igd::all_actions{});
  return out;
}

std::optional<std::string_view> variable_type(std::string_view variable) {
  for (const auto& [name, type] : tables_detail::variable_types) {
    if (name == variable) return type;
  }
  return std::nullopt;
}

bool evented_in_wan_connection(std::string_view variable, unsigned version) {
  return variable == "PossibleConnectionTypes" || variable == "ConnectionStatus" ||
         variable == "ExternalIPAddress" || variable == "PortMappingNumberOfEntries" ||
         (version >= 2 && variable == "SystemUpdateID");
}

}  // namespace igdkit::conformance::spec
