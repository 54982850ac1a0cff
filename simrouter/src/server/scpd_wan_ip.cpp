// WANIPConnection :1/:2 SCPD table (digest §4.1, §4.2; names as in the official SCPD XML).
#include "igdkit/sim/scpd.hpp"

namespace igdkit::sim::detail {

namespace {
constexpr scpd_argument in(std::string_view n, std::string_view rel) { return {n, arg_direction::in, rel}; }
constexpr scpd_argument out(std::string_view n, std::string_view rel) { return {n, arg_direction::out, rel}; }

std::vector<scpd_argument> mapping_key_in() {
  return {in("NewRemoteHost", "RemoteHost"), in("NewExternalPort", "ExternalPort"),
          in("NewProtocol", "PortMappingProtocol")};
}

std::vector<scpd_argument> add_mapping_in() {
  auto a = mapping_key_in();
  a.push_back(in("NewInternalPort", "InternalPort"));
  a.push_back(in("NewInternalClient", "InternalClient"));
  a.push_back(in("NewEnabled", "PortMappingEnabled"));
  a.push_back(in("NewPortMappingDescription", "PortMappingDescription"));
  a.push_back(in("NewLeaseDuration", "PortMappingLeaseDuration"));
  return a;
}

std::vector<scpd_argument> mapping_entry_out() {
  return {out("NewInternalPort", "InternalPort"), out("NewInternalClient", "InternalClient"),
          out("NewEnabled", "PortMappingEnabled"), out("NewPortMappingDescription", "PortMappingDescription"),
          out("NewLeaseDuration", "PortMappingLeaseDuration")};
}

std::vector<scpd_action> actions() {
  std::vector<scpd_action> a;
  a.push_back({"SetConnectionType", {in("NewConnectionType", "ConnectionType")}});
  a.push_back({"GetConnectionTypeInfo",
               {out("NewConnectionType", "ConnectionType"),
                out("NewPossibleConnectionTypes", "PossibleConnectionTypes")}});
  a.push_back({"RequestConnection", {}});
  a.push_back({"RequestTermination", {}});
  a.push_back({"ForceTermination", {}});
  a.push_back({"SetAutoDisconnectTime", {in("NewAutoDisconnectTime", "AutoDisconnectTime")}});
  a.push_back({"SetIdleDisconnectTime", {in("NewIdleDisconnectTime", "IdleDisconnectTime")}});
  a.push_back({"SetWarnDisconnectDelay", {in("NewWarnDisconnectDelay", "WarnDisconnectDelay")}});
  a.push_back({"GetStatusInfo",
               {out("NewConnectionStatus", "ConnectionStatus"),
                out("NewLastConnectionError", "LastConnectionError"), out("NewUptime", "Uptime")}});
  a.push_back({"GetAutoDisconnectTime", {out("NewAutoDisconnectTime", "AutoDisconnectTime")}});
  a.push_back({"GetIdleDisconnectTime", {out("NewIdleDisconnectTime", "IdleDisconnectTime")}});
  a.push_back({"GetWarnDisconnectDelay", {out("NewWarnDisconnectDelay", "WarnDisconnectDelay")}});
  a.push_back({"GetNATRSIPStatus",
               {out("NewRSIPAvailable", "RSIPAvailable"), out("NewNATEnabled", "NATEnabled")}});
  {
    std::vector<scpd_argument> args{in("NewPortMappingIndex", "PortMappingNumberOfEntries")};
    for (auto x : mapping_key_in()) args.push_back({x.name, arg_direction::out, x.related_state_variable});
    for (auto x : mapping_entry_out()) args.push_back(x);
    a.push_back({"GetGenericPortMappingEntry", std::move(args)});
  }
  {
    auto args = mapping_key_in();
    for (auto x : mapping_entry_out()) args.push_back(x);
    a.push_back({"GetSpecificPortMappingEntry", std::move(args)});
  }
  a.push_back({"AddPortMapping", add_mapping_in()});
  a.push_back({"DeletePortMapping", mapping_key_in()});
  a.push_back({"GetExternalIPAddress", {out("NewExternalIPAddress", "ExternalIPAddress")}});
  {
    auto args = add_mapping_in();
    args.push_back(out("NewReservedPort", "ExternalPort"));
    a.push_back({"AddAnyPortMapping", std::move(args), 2});
  }
  a.push_back({"DeletePortMappingRange",
               {in("NewStartPort", "ExternalPort"), in("NewEndPort", "ExternalPort"),
                in("NewProtocol", "PortMappingProtocol"), in("NewManage", "A_ARG_TYPE_Manage")},
               2});
  a.push_back({"GetListOfPortMappings",
               {in("NewStartPort", "ExternalPort"), in("NewEndPort", "ExternalPort"),
                in("NewProtocol", "PortMappingProtocol"), in("NewManage", "A_ARG_TYPE_Manage"),
                in("NewNumberOfPorts", "PortMappingNumberOfEntries"),
                out("NewPortListing", "A_ARG_TYPE_PortListing")},
               2});
  return a;
}

std::vector<scpd_state_variable> variables() {
  std::vector<scpd_state_variable> v;
  v.push_back({"ConnectionType", "string", false, {"Unconfigured", "IP_Routed", "IP_Bridged"}, {}});
  v.push_back({"PossibleConnectionTypes", "string", true, {"Unconfigured", "IP_Routed", "IP_Bridged"}, {}});
  v.push_back({"ConnectionStatus", "string", true,
               {"Unconfigured", "Connecting", "Connected", "PendingDisconnect", "Disconnecting", "Disconnected"},
               {}});
  v.push_back({"Uptime", "ui4", false, {}, {}});
  v.push_back({"LastConnectionError", "string", false, {"ERROR_NONE", "ERROR_COMMAND_ABORTED",
               "ERROR_NOT_ENABLED_FOR_INTERNET", "ERROR_USER_DISCONNECT", "ERROR_ISP_DISCONNECT",
               "ERROR_IDLE_DISCONNECT", "ERROR_FORCED_DISCONNECT", "ERROR_NO_CARRIER", "ERROR_IP_CONFIGURATION",
               "ERROR_UNKNOWN"}, {}});
  v.push_back({"AutoDisconnectTime", "ui4", false, {}, {}});
  v.push_back({"IdleDisconnectTime", "ui4", false, {}, {}});
  v.push_back({"WarnDisconnectDelay", "ui4", false, {}, {}});
  v.push_back({"RSIPAvailable", "boolean", false, {}, {}});
  v.push_back({"NATEnabled", "boolean", false, {}, {}});
  v.push_back({"ExternalIPAddress", "string", true, {}, {}});
  v.push_back({"PortMappingNumberOfEntries", "ui2", true, {}, {}});
  v.push_back({"PortMappingEnabled", "boolean", false, {}, {}});
  v.push_back({"PortMappingLeaseDuration", "ui4", false, {}, value_range{0, 604800, std::nullopt}});
  v.push_back({"RemoteHost", "string", false, {}, {}});
  v.push_back({"ExternalPort", "ui2", false, {}, {}});
  v.push_back({"InternalPort", "ui2", false, {}, value_range{1, 65535, std::nullopt}});
  v.push_back({"PortMappingProtocol", "string", false, {"TCP", "UDP"}, {}});
  v.push_back({"InternalClient", "string", false, {}, {}});
  v.push_back({"PortMappingDescription", "string", false, {}, {}});
  v.push_back({"SystemUpdateID", "ui4", true, {}, {}, 2});
  v.push_back({"A_ARG_TYPE_Manage", "boolean", false, {}, {}, 2});
  v.push_back({"A_ARG_TYPE_PortListing", "string", false, {}, {}, 2});
  return v;
}

}  // namespace

scpd_service wan_ip_connection_scpd() { return {actions(), variables()}; }

}  // namespace igdkit::sim::detail
