// SCPD tables of WANCommonInterfaceConfig:1, WANIPv6FirewallControl:1 and Layer3Forwarding:1
// (digest §5.1, §5.2, §5.4).
#include "igdkit/sim/scpd.hpp"

namespace igdkit::sim::detail {

namespace {
constexpr scpd_argument in(std::string_view n, std::string_view rel) { return {n, arg_direction::in, rel}; }
constexpr scpd_argument out(std::string_view n, std::string_view rel) { return {n, arg_direction::out, rel}; }
}  // namespace

scpd_service common_interface_scpd() {
  scpd_service s;
  s.actions.push_back({"GetCommonLinkProperties",
                       {out("NewWANAccessType", "WANAccessType"),
                        out("NewLayer1UpstreamMaxBitRate", "Layer1UpstreamMaxBitRate"),
                        out("NewLayer1DownstreamMaxBitRate", "Layer1DownstreamMaxBitRate"),
                        out("NewPhysicalLinkStatus", "PhysicalLinkStatus")}});
  s.actions.push_back({"GetTotalBytesSent", {out("NewTotalBytesSent", "TotalBytesSent")}});
  s.actions.push_back({"GetTotalBytesReceived", {out("NewTotalBytesReceived", "TotalBytesReceived")}});
  s.actions.push_back({"GetTotalPacketsSent", {out("NewTotalPacketsSent", "TotalPacketsSent")}});
  s.actions.push_back({"GetTotalPacketsReceived", {out("NewTotalPacketsReceived", "TotalPacketsReceived")}});
  s.actions.push_back({"GetMaximumActiveConnections",
                       {out("NewMaximumActiveConnections", "MaximumActiveConnections")}});
  s.actions.push_back({"GetEnabledForInternet", {out("NewEnabledForInternet", "EnabledForInternet")}});

  s.variables.push_back({"WANAccessType", "string", false, {"DSL", "POTS", "Cable", "Ethernet"}, {}});
  s.variables.push_back({"Layer1UpstreamMaxBitRate", "ui4", false, {}, {}});
  s.variables.push_back({"Layer1DownstreamMaxBitRate", "ui4", false, {}, {}});
  s.variables.push_back({"PhysicalLinkStatus", "string", true, {"Up", "Down"}, {}});
  s.variables.push_back({"EnabledForInternet", "boolean", true, {}, {}});
  s.variables.push_back({"MaximumActiveConnections", "ui2", false, {}, value_range{1, 65535, 1}});
  s.variables.push_back({"NumberOfActiveConnections", "ui2", true, {}, {}});
  // ui4 per the spec: the wire value wraps at 2^32 (digest §2.3).
  s.variables.push_back({"TotalBytesSent", "ui4", false, {}, {}});
  s.variables.push_back({"TotalBytesReceived", "ui4", false, {}, {}});
  s.variables.push_back({"TotalPacketsSent", "ui4", false, {}, {}});
  s.variables.push_back({"TotalPacketsReceived", "ui4", false, {}, {}});
  return s;
}

scpd_service firewall_scpd() {
  scpd_service s;
  // Argument names carry no "New" prefix except UpdatePinhole's NewLeaseTime (§5.2).
  s.actions.push_back({"GetFirewallStatus",
                       {out("FirewallEnabled", "FirewallEnabled"),
                        out("InboundPinholeAllowed", "InboundPinholeAllowed")}});
  s.actions.push_back({"GetOutboundPinholeTimeout",
                       {in("RemoteHost", "A_ARG_TYPE_IPv6Address"), in("RemotePort", "A_ARG_TYPE_Port"),
                        in("InternalClient", "A_ARG_TYPE_IPv6Address"), in("InternalPort", "A_ARG_TYPE_Port"),
                        in("Protocol", "A_ARG_TYPE_Protocol"),
                        out("OutboundPinholeTimeout", "A_ARG_TYPE_OutboundPinholeTimeout")}});
  s.actions.push_back({"AddPinhole",
                       {in("RemoteHost", "A_ARG_TYPE_IPv6Address"), in("RemotePort", "A_ARG_TYPE_Port"),
                        in("InternalClient", "A_ARG_TYPE_IPv6Address"), in("InternalPort", "A_ARG_TYPE_Port"),
                        in("Protocol", "A_ARG_TYPE_Protocol"), in("LeaseTime", "A_ARG_TYPE_LeaseTime"),
                        out("UniqueID", "A_ARG_TYPE_UniqueID")}});
  s.actions.push_back({"UpdatePinhole",
                       {in("UniqueID", "A_ARG_TYPE_UniqueID"), in("NewLeaseTime", "A_ARG_TYPE_LeaseTime")}});
  s.actions.push_back({"DeletePinhole", {in("UniqueID", "A_ARG_TYPE_UniqueID")}});
  s.actions.push_back({"GetPinholePackets",
                       {in("UniqueID", "A_ARG_TYPE_UniqueID"), out("PinholePackets", "A_ARG_TYPE_PinholePackets")}});
  s.actions.push_back({"CheckPinholeWorking",
                       {in("UniqueID", "A_ARG_TYPE_UniqueID"), out("IsWorking", "A_ARG_TYPE_Boolean")}});

  s.variables.push_back({"FirewallEnabled", "boolean", true, {}, {}});
  s.variables.push_back({"InboundPinholeAllowed", "boolean", true, {}, {}});
  s.variables.push_back({"A_ARG_TYPE_OutboundPinholeTimeout", "ui4", false, {}, {}});
  s.variables.push_back({"A_ARG_TYPE_IPv6Address", "string", false, {}, {}});
  s.variables.push_back({"A_ARG_TYPE_Port", "ui2", false, {}, {}});
  s.variables.push_back({"A_ARG_TYPE_Protocol", "ui2", false, {}, {}});
  s.variables.push_back({"A_ARG_TYPE_UniqueID", "ui2", false, {}, {}});
  s.variables.push_back({"A_ARG_TYPE_LeaseTime", "ui4", false, {}, value_range{1, 86400, std::nullopt}});
  s.variables.push_back({"A_ARG_TYPE_Boolean", "boolean", false, {}, {}});
  s.variables.push_back({"A_ARG_TYPE_PinholePackets", "ui4", false, {}, {}});
  return s;
}

scpd_service layer3_scpd() {
  scpd_service s;
  s.actions.push_back(
      {"SetDefaultConnectionService", {in("NewDefaultConnectionService", "DefaultConnectionService")}});
  s.actions.push_back(
      {"GetDefaultConnectionService", {out("NewDefaultConnectionService", "DefaultConnectionService")}});
  s.variables.push_back({"DefaultConnectionService", "string", true, {}, {}});
  return s;
}

}  // namespace igdkit::sim::detail
