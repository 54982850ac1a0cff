// The WAN device's other services: WANCommonInterfaceConfig:1 (§2.4; digest §5.1) and
// WANIPv6FirewallControl:1 (digest §5.2).
#include "check_support.hpp"

namespace igdkit::conformance::support {
namespace wancommon_group {

void link_properties(session& s, check_result& r) {
  auto* svc = need_service(s, r, igd::service_kind::wan_common_interface_config);
  if (!svc) return;
  auto a = s.call(*svc, "GetCommonLinkProperties", {});
  if (!a.succeeded()) return fail(r, describe(a));
  auto type = out_arg(a, "NewWANAccessType").value_or("(absent)");
  if (type != "DSL" && type != "POTS" && type != "Cable" && type != "Ethernet" && type != "Other")
    fail(r, "NewWANAccessType '" + type + "' is not DSL, POTS, Cable, Ethernet or Other");
  for (auto name : {"NewLayer1UpstreamMaxBitRate", "NewLayer1DownstreamMaxBitRate"}) {
    if (!numeric_arg(a, name, UINT64_MAX)) fail(r, std::string(name) + " '" + out_arg(a, name).value_or("(absent)") + "' is not a ui4");
  }
  auto link = out_arg(a, "NewPhysicalLinkStatus").value_or("(absent)");
  if (link != "Up" && link != "Down" && link != "Initializing" && link != "Unavailable")
    fail(r, "NewPhysicalLinkStatus '" + link + "' is not Up, Down, Initializing or Unavailable");
}

// An optional action: if the device answers it, the value must be of its type; 401 is allowed.
void optional_counter(session& s, check_result& r, std::string_view action, std::string_view out, bool boolean) {
  auto* svc = need_service(s, r, igd::service_kind::wan_common_interface_config);
  if (!svc) return;
  auto a = s.call(*svc, action, {});
  if (a.upnp_code() == 401) return note(r, std::string(action) + " is not implemented (optional)");
  if (!a.succeeded()) return fail(r, std::string(action) + ": " + describe(a));
  auto v = out_arg(a, out);
  if (boolean ? !is_boolean(v) : !numeric_arg(a, out, UINT64_MAX)) fail(r, std::string(out) + " is '" + v.value_or("(absent)") + "'");
}

void bytes_sent(session& s, check_result& r) { optional_counter(s, r, "GetTotalBytesSent", "NewTotalBytesSent", false); }
void bytes_received(session& s, check_result& r) { optional_counter(s, r, "GetTotalBytesReceived", "NewTotalBytesReceived", false); }
void packets_sent(session& s, check_result& r) { optional_counter(s, r, "GetTotalPacketsSent", "NewTotalPacketsSent", false); }
void enabled_for_internet(session& s, check_result& r) {
  optional_counter(s, r, "GetEnabledForInternet", "NewEnabledForInternet", true);
}

void common_unknown_action(session& s, check_result& r) {
  auto* svc = need_service(s, r, igd::service_kind::wan_common_interface_config);
  if (!svc) return;
  // A WANIPConnection action sent to the common interface service.
  auto a = s.call(*svc, "AddPortMapping", mapping_key(42999, protocol::tcp));
  if (a.upnp_code() != 401) fail(r, "AddPortMapping on WANCommonInterfaceConfig: " + describe(a) + ", expected 401 Invalid Action");
}

void firewall_status(session& s, check_result& r) {
  auto* svc = need_service(s, r, igd::service_kind::wan_ipv6_firewall_control);
  if (!svc) return;
  auto a = s.call(*svc, "GetFirewallStatus", {});
  if (!a.succeeded()) return fail(r, describe(a));
  for (auto name : {"FirewallEnabled", "InboundPinholeAllowed"}) {
    if (!is_boolean(out_arg(a, name))) fail(r, std::string(name) + " is '" + out_arg(a, name).value_or("(absent)") + "'");
  }
}

void firewall_unknown_pinhole(session& s, check_result& r) {
  auto* svc = need_service(s, r, igd::service_kind::wan_ipv6_firewall_control);
  if (!svc) return;
  auto a = s.call(*svc, "DeletePinhole", {{"UniqueID", "65535"}});
  // 702 when the firewall is disabled, 704 NoSuchEntry otherwise; 606 for an unauthorised caller.
  if (a.upnp_code() != 704 && a.upnp_code() != 702 && a.upnp_code() != 606)
    fail(r, "DeletePinhole of an unknown UniqueID: " + describe(a) + ", expected 704 NoSuchEntry");
}

void firewall_ipv4_client(session& s, check_result& r) {
  auto* svc = need_service(s, r, igd::service_kind::wan_ipv6_firewall_control);
  if (!svc) return;
  auto a = s.call(*svc, "AddPinhole",
                  {{"RemoteHost", ""}, {"RemotePort", "0"}, {"InternalClient", s.facts().our_address.to_string()},
                   {"InternalPort", "42999"}, {"Protocol", "6"}, {"LeaseTime", "60"}});
  if (a.succeeded()) {
    if (auto id = out_arg(a, "UniqueID")) (void)s.call(*svc, "DeletePinhole", {{"UniqueID", *id}});
    fail(r, "a pinhole to the IPv4 address " + s.facts().our_address.to_string() + " was accepted");
  }
}

void firewall_lease_range(session& s, check_result& r) {
  auto* svc = need_service(s, r, igd::service_kind::wan_ipv6_firewall_control);
  if (!svc) return;
  auto a = s.call(*svc, "AddPinhole",
                  {{"RemoteHost", ""}, {"RemotePort", "0"}, {"InternalClient", "fe80::1"},
                   {"InternalPort", "42999"}, {"Protocol", "6"}, {"LeaseTime", "86401"}});
  if (a.succeeded()) {
    if (auto id = out_arg(a, "UniqueID")) (void)s.call(*svc, "DeletePinhole", {{"UniqueID", *id}});
    fail(r, "a pinhole lease of 86401 s (above the 1..86400 range) was accepted");
  }
}

constexpr auto c = group::wancommon;
constexpr auto f = group::firewall;
constexpr std::string_view cic = "WANCommonInterfaceConfig:1 §2.4";
constexpr std::string_view fw = "WANIPv6FirewallControl:1 §2.4";
const check_def common_table[] = {
    {{"wancommon.link-properties", c, severity::must, cic, "GetCommonLinkProperties gives allowed values"}, link_properties},
    {{"wancommon.bytes-sent", c, severity::should, cic, "GetTotalBytesSent gives a number (or 401: optional)"}, bytes_sent},
    {{"wancommon.bytes-received", c, severity::should, cic, "GetTotalBytesReceived gives a number (or 401)"}, bytes_received},
    {{"wancommon.packets-sent", c, severity::should, cic, "GetTotalPacketsSent gives a number (or 401)"}, packets_sent},
    {{"wancommon.enabled-for-internet", c, severity::should, cic, "GetEnabledForInternet gives a boolean (or 401)"}, enabled_for_internet},
    {{"wancommon.unknown-action", c, severity::must, "UDA 2.0 §3.2.2 (401)", "another service's action gets 401"}, common_unknown_action},
};
const check_def firewall_table[] = {
    {{"firewall.status", f, severity::must, fw, "GetFirewallStatus gives two booleans"}, firewall_status},
    {{"firewall.unknown-pinhole", f, severity::must, "WANIPv6FirewallControl:1 §2.4 (704)", "deleting an unknown pinhole gets 704"}, firewall_unknown_pinhole},
    {{"firewall.ipv4-client", f, severity::must, fw, "a pinhole to an IPv4 address is refused"}, firewall_ipv4_client},
    {{"firewall.lease-range", f, severity::must, "WANIPv6FirewallControl:1 §2.3 (1..86400)", "a pinhole lease above 86400 s is refused"}, firewall_lease_range},
};

}  // namespace wancommon_group

std::span<const check_def> wancommon_checks() { return wancommon_group::common_table; }
std::span<const check_def> firewall_checks() { return wancommon_group::firewall_table; }

}  // namespace igdkit::conformance::support
