// WANIPConnection behaviour common to v1 and v2 (WANIPConnection:1 §2.4, :2 §2.5; digest §4.3,
// §4.4). Every mapping is made on a port verified free and removed by the session's ledger.
#include "check_support.hpp"

#include <boost/asio/ip/address_v4.hpp>


namespace igdkit::conformance::support {
namespace wanip_group {

bool one_of(const std::optional<std::string>& v, std::initializer_list<std::string_view> allowed) {
  if (!v) return false;
  for (auto a : allowed) {
    if (*v == a) return true;
  }
  return false;
}

// A free port with the suite's mapping on it, or nullopt with `r` failed/skipped.
struct made {
  const igd::service* wan = nullptr;
  std::uint16_t port = 0;
};
std::optional<made> make_mapping(session& s, check_result& r, std::uint16_t internal_port = 0) {
  auto* wan = need_wan(s, r);
  if (!wan) return std::nullopt;
  auto port = need_free_port(s, r);
  if (!port) return std::nullopt;
  auto a = s.add_mapping(*port, protocol::tcp, internal_port ? internal_port : *port);
  if (!a.succeeded()) {
    fail(r, "AddPortMapping of a free port: " + describe(a));
    return std::nullopt;
  }
  return made{wan, *port};
}

soap_answer read_back(session& s, const made& m) {
  return s.call(*m.wan, "GetSpecificPortMappingEntry", mapping_key(m.port, protocol::tcp));
}

std::string other_lan_host(const session& s) {
  auto b = s.facts().our_address.to_bytes();
  b[3] = static_cast<unsigned char>(b[3] == 254 ? 253 : b[3] + 1);
  return boost::asio::ip::address_v4(b).to_string();
}

void external_ip(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.call(*wan, "GetExternalIPAddress", {});
  if (!a.succeeded()) return fail(r, describe(a));
  auto ip = out_arg(a, "NewExternalIPAddress");
  if (!ip) return fail(r, "no NewExternalIPAddress");
  boost::system::error_code ec;
  if (!ip->empty()) (void)boost::asio::ip::make_address_v4(*ip, ec);
  if (ec) fail(r, "NewExternalIPAddress '" + *ip + "' is neither a dotted IPv4 address nor empty");
}

void status_info(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.call(*wan, "GetStatusInfo", {});
  if (!a.succeeded()) return fail(r, describe(a));
  auto st = out_arg(a, "NewConnectionStatus");
  if (!one_of(st, {"Unconfigured", "Connecting", "Connected", "PendingDisconnect", "Disconnecting", "Disconnected"}))
    fail(r, "NewConnectionStatus '" + st.value_or("(absent)") + "' is not an allowed value");
  if (!out_arg(a, "NewLastConnectionError")) fail(r, "no NewLastConnectionError");
  if (!numeric_arg(a, "NewUptime")) fail(r, "NewUptime '" + out_arg(a, "NewUptime").value_or("(absent)") + "' is not a ui4");
}

void connection_type_info(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.call(*wan, "GetConnectionTypeInfo", {});
  if (!a.succeeded()) return fail(r, describe(a));
  auto t = out_arg(a, "NewConnectionType");
  if (!one_of(t, {"Unconfigured", "IP_Routed", "IP_Bridged"}) &&
      wan->kind == igd::service_kind::wan_ip_connection)
    fail(r, "NewConnectionType '" + t.value_or("(absent)") + "' is not Unconfigured, IP_Routed or IP_Bridged");
  if (!out_arg(a, "NewPossibleConnectionTypes")) fail(r, "no NewPossibleConnectionTypes");
}

void nat_rsip_status(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.call(*wan, "GetNATRSIPStatus", {});
  if (!a.succeeded()) return fail(r, describe(a));
  for (auto name : {"NewRSIPAvailable", "NewNATEnabled"}) {
    if (!is_boolean(out_arg(a, name)))
      fail(r, std::string(name) + " '" + out_arg(a, name).value_or("(absent)") + "' is not a boolean");
  }
}

void add_and_read(session& s, check_result& r) {
  auto m = make_mapping(s, r);
  if (!m) return;
  auto a = read_back(s, *m);
  if (!a.succeeded()) return fail(r, "GetSpecificPortMappingEntry of the new mapping: " + describe(a));
  if (out_arg(a, "NewInternalPort") != std::to_string(m->port))
    fail(r, "NewInternalPort is '" + out_arg(a, "NewInternalPort").value_or("") + "'");
  if (out_arg(a, "NewInternalClient") != s.facts().our_address.to_string())
    fail(r, "NewInternalClient is '" + out_arg(a, "NewInternalClient").value_or("") + "', expected " + s.facts().our_address.to_string());
  if (!one_of(out_arg(a, "NewEnabled"), {"1", "true"})) fail(r, "NewEnabled is '" + out_arg(a, "NewEnabled").value_or("") + "'");
  if (out_arg(a, "NewPortMappingDescription") != std::string("igdkit conformance"))
    fail(r, "NewPortMappingDescription is '" + out_arg(a, "NewPortMappingDescription").value_or("") + "'");
}

void overwrite_own(session& s, check_result& r) {
  auto m = make_mapping(s, r);
  if (!m) return;
  auto again = s.add_mapping(m->port, protocol::tcp, m->port, "igdkit conformance again");
  if (!again.succeeded()) return fail(r, "AddPortMapping of our own mapping with a new description: " + describe(again));
  auto a = read_back(s, *m);
  if (out_arg(a, "NewPortMappingDescription") != std::string("igdkit conformance again"))
    fail(r, "after the overwrite the description is '" + out_arg(a, "NewPortMappingDescription").value_or("") + "'");
}

void port_translation_v1(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  if (s.facts().igd_version >= 2) return skip(r, "IGD:2 must translate ports: see wanip.v2-different-internal-port");
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  const auto internal = static_cast<std::uint16_t>(*port == 65535 ? 1025 : *port + 1);
  auto a = s.add_mapping(*port, protocol::tcp, internal);
  if (!a.succeeded())
    fail(r, "external " + std::to_string(*port) + " -> internal " + std::to_string(internal) + ": " + describe(a) +
                " (724 is allowed on IGD:1, but then every camera needs its own external port number)");
}

void conflict_718(session& s, check_result& r) {
  auto m = make_mapping(s, r);
  if (!m) return;
  mapping_request req(m->port, m->port);
  req.internal_client = other_lan_host(s);
  auto a = s.add_mapping(req);
  if (a.succeeded()) return fail(r, "the mapping was handed to " + other_lan_host(s) + " (expected 718 ConflictInMappingEntry)");
  // 606 (v2) and 718 (v1 secure mode) also refuse a mapping for another host; either keeps ours.
  if (a.upnp_code() != 718 && a.upnp_code() != 606) fail(r, describe(a) + ", expected 718 ConflictInMappingEntry");
  auto still = read_back(s, *m);
  if (out_arg(still, "NewInternalClient") != s.facts().our_address.to_string()) fail(r, "our mapping changed after the refused add");
}

void delete_own(session& s, check_result& r) {
  auto m = make_mapping(s, r);
  if (!m) return;
  auto d = s.call(*m->wan, "DeletePortMapping", mapping_key(m->port, protocol::tcp));
  if (!d.succeeded()) return fail(r, "DeletePortMapping: " + describe(d));
  s.removed({"", m->port, protocol::tcp});
  auto a = read_back(s, *m);
  if (a.upnp_code() != 714) fail(r, "after the delete, GetSpecificPortMappingEntry: " + describe(a) + ", expected 714");
}

void delete_absent(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::udp);
  if (!port) return;
  auto a = s.call(*wan, "DeletePortMapping", mapping_key(*port, protocol::udp));
  if (a.upnp_code() != 714) fail(r, "DeletePortMapping of an absent mapping: " + describe(a) + ", expected 714 NoSuchEntryInArray");
}

void get_absent(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  (void)need_free_port(s, r, protocol::udp);
}

// The generic index walk: the entries until the first error, and that error's code.
struct walk_result {
  std::vector<std::pair<std::string, std::string>> entries;  // (external port, protocol)
  int end_code = 0;
  bool capped = false;
};
walk_result walk(session& s, const igd::service& wan, unsigned cap = 256) {
  walk_result w;
  for (unsigned i = 0; i < cap; ++i) {
    auto a = s.call(wan, "GetGenericPortMappingEntry", {{"NewPortMappingIndex", std::to_string(i)}});
    if (!a.succeeded()) {
      w.end_code = a.upnp_code();
      return w;
    }
    w.entries.emplace_back(out_arg(a, "NewExternalPort").value_or(""), out_arg(a, "NewProtocol").value_or(""));
  }
  w.capped = true;
  return w;
}

bool listed(const walk_result& w, std::uint16_t port) {
  for (const auto& e : w.entries) {
    if (e.first == std::to_string(port) && e.second == "TCP") return true;
  }
  return false;
}

void generic_walk(session& s, check_result& r) {
  auto m = make_mapping(s, r);
  if (!m) return;
  auto w = walk(s, *m->wan);
  if (w.capped) return skip(r, "more than 256 mappings: the walk was not finished");
  if (!listed(w, m->port)) fail(r, "the generic walk (" + std::to_string(w.entries.size()) + " entries) does not list our mapping");
  if (w.end_code != 713) fail(r, "the walk ended with UPnPError " + std::to_string(w.end_code) + ", expected 713 SpecifiedArrayIndexInvalid");
}

void generic_past_end(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.call(*wan, "GetGenericPortMappingEntry", {{"NewPortMappingIndex", "65535"}});
  if (a.upnp_code() != 713) fail(r, "index 65535: " + describe(a) + ", expected 713 SpecifiedArrayIndexInvalid");
}

void generic_compaction(session& s, check_result& r) {
  auto first = make_mapping(s, r);
  if (!first) return;
  auto second = make_mapping(s, r);
  if (!second) return;
  auto before = walk(s, *first->wan);
  if (before.capped) return skip(r, "more than 256 mappings");
  auto d = s.call(*first->wan, "DeletePortMapping", mapping_key(first->port, protocol::tcp));
  if (!d.succeeded()) return fail(r, "DeletePortMapping: " + describe(d));
  s.removed({"", first->port, protocol::tcp});
  auto after = walk(s, *first->wan);
  if (after.entries.size() + 1 != before.entries.size())
    fail(r, "the walk listed " + std::to_string(before.entries.size()) + " then " + std::to_string(after.entries.size()) +
                " entries after one delete");
  if (!listed(after, second->port)) fail(r, "the surviving mapping is no longer listed: the index was not compacted");
  if (after.end_code != 713) fail(r, "the walk after the delete ended with " + std::to_string(after.end_code) + ", expected 713");
}

void lease_returned(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  // No retry with lease 0: this check judges the answer to the lease.
  mapping_request req(*port, *port);
  auto a = s.add_mapping(req, false);
  if (a.upnp_code() == 725 && s.facts().igd_version < 2)
    return note(r, "725 OnlyPermanentLeasesSupported: this IGD:1 device keeps only permanent mappings (allowed on v1)");
  if (!a.succeeded())
    return fail(r, "AddPortMapping with a 600 s lease: " + describe(a) +
                       (a.upnp_code() == 402 ? " (WANIPConnection:1 defines 725 OnlyPermanentLeasesSupported for this)" : ""));
  auto back = s.call(*wan, "GetSpecificPortMappingEntry", mapping_key(*port, protocol::tcp));
  auto lease = numeric_arg(back, "NewLeaseDuration");
  if (!lease) return fail(r, "NewLeaseDuration '" + out_arg(back, "NewLeaseDuration").value_or("(absent)") + "' is not a ui4");
  if (*lease == 0 || *lease > 600) fail(r, "a 600 s lease reads back as " + std::to_string(*lease) + " s (the remaining lease)");
}

void remote_host_specific(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  const std::string remote = "198.51.100.7";
  mapping_request req(*port, *port);
  req.remote_host = remote;
  auto a = s.add_mapping(req);
  if (a.succeeded()) return;
  if (a.upnp_code() == 726 && s.facts().igd_version < 2) return note(r, "726 RemoteHostOnlySupportsWildcard (allowed on v1)");
  fail(r, "a mapping for one remote host: " + describe(a) +
              (s.facts().igd_version >= 2 ? " (IGD:2 must support specific remote hosts)" : ", expected success or 726"));
}

void external_port_wildcard(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  mapping_request req(0, 42999);
  auto a = s.add_mapping(req);
  if (s.facts().igd_version >= 2 && a.upnp_code() != 716)
    fail(r, "ExternalPort 0 on IGD:2: " + describe(a) + ", expected 716 WildCardNotPermittedInExtPort");
  if (s.facts().igd_version < 2 && a.upnp_code() == 724) return skip(r, "the device requires InternalPort == ExternalPort (724)");
  if (s.facts().igd_version < 2 && !a.succeeded() && a.upnp_code() != 716)
    fail(r, "ExternalPort 0: " + describe(a) + ", expected success (wildcard) or 716");
}

void internal_client_wildcard(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  mapping_request req(*port, *port);
  req.internal_client = "";
  auto a = s.add_mapping(req);
  if (a.succeeded()) {
    return fail(r, "an empty NewInternalClient was accepted, expected 715 WildCardNotPermittedInSrcIP");
  }
  if (a.upnp_code() != 715 && a.upnp_code() != 402) fail(r, describe(a) + ", expected 715 WildCardNotPermittedInSrcIP");
}

void protocol_invalid(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.call(*wan, "GetSpecificPortMappingEntry", {{"NewRemoteHost", ""}, {"NewExternalPort", "42999"}, {"NewProtocol", "ICMP"}});
  if (a.upnp_code() != 402 && a.upnp_code() != 600 && a.upnp_code() != 601)
    fail(r, "NewProtocol ICMP: " + describe(a) + ", expected 402, 600 or 601");
}

void protocol_case(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  mapping_request req(*port, *port);
  req.protocol = "tcp";
  auto a = s.add_mapping(req);
  if (a.succeeded()) {
    return fail(r, "NewProtocol 'tcp' was accepted: the values are exactly TCP and UDP");
  }
}

void description_escaping(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto port = need_free_port(s, r, protocol::tcp);
  if (!port) return;
  const std::string text = "igdkit <&> \"test\"";
  auto a = s.add_mapping(*port, protocol::tcp, *port, text);
  if (!a.succeeded()) return fail(r, "AddPortMapping: " + describe(a));
  auto back = s.call(*wan, "GetSpecificPortMappingEntry", mapping_key(*port, protocol::tcp));
  if (out_arg(back, "NewPortMappingDescription") != text)
    fail(r, "the description '" + text + "' reads back as '" + out_arg(back, "NewPortMappingDescription").value_or("") + "'");
}

constexpr std::string_view v1 = "WANIPConnection:1 §2.4";
constexpr std::string_view rules = "WANIPConnection:1 §2.4.16, :2 §2.5.16";
constexpr auto g = group::wanip;
const check_def table[] = {
    {{"wanip.external-ip", g, severity::must, "WANIPConnection:2 §2.3.13", "GetExternalIPAddress gives a dotted IPv4 address or empty"}, external_ip},
    {{"wanip.status-info", g, severity::must, v1, "GetStatusInfo gives an allowed status, an error and a ui4 uptime"}, status_info},
    {{"wanip.connection-type-info", g, severity::must, v1, "GetConnectionTypeInfo gives an allowed type"}, connection_type_info},
    {{"wanip.nat-rsip-status", g, severity::must, v1, "GetNATRSIPStatus gives two booleans"}, nat_rsip_status},
    {{"wanip.add-and-read", g, severity::must, rules, "a new mapping reads back with the values given"}, add_and_read},
    {{"wanip.overwrite-own", g, severity::must, rules, "adding our own mapping again overwrites it"}, overwrite_own},
    {{"wanip.v1-port-translation", g, severity::quirk, "WANIPConnection:1 §2.4.16 (724)", "an IGD:1 device maps one port number to another"}, port_translation_v1},
    {{"wanip.conflict", g, severity::must, rules, "a mapping held by us is not handed to another host (718)"}, conflict_718},
    {{"wanip.delete-own", g, severity::must, "WANIPConnection:1 §2.4.17", "DeletePortMapping removes our mapping"}, delete_own},
    {{"wanip.delete-absent", g, severity::must, "WANIPConnection:1 §2.4.17 (714)", "deleting an absent mapping gets 714"}, delete_absent},
    {{"wanip.get-absent", g, severity::must, "WANIPConnection:1 §2.4.15 (714)", "reading an absent mapping gets 714"}, get_absent},
    {{"wanip.generic-walk", g, severity::must, "WANIPConnection:1 §2.4.14", "the generic walk lists our mapping and ends with 713"}, generic_walk},
    {{"wanip.generic-past-end", g, severity::must, "WANIPConnection:1 §2.4.14 (713)", "an index past the end gets 713"}, generic_past_end},
    {{"wanip.generic-compaction", g, severity::must, "WANIPConnection:2 §2.5.14", "the index compacts after a delete"}, generic_compaction},
    {{"wanip.lease-returned", g, severity::must, "WANIPConnection:2 §2.4.6", "a 600 s lease reads back as the remaining lease"}, lease_returned},
    {{"wanip.remote-host", g, severity::must, rules, "a mapping for one remote host is accepted (or 726 on v1)"}, remote_host_specific},
    {{"wanip.external-port-wildcard", g, severity::must, rules, "ExternalPort 0: 716 on IGD:2, a wildcard or 716 on v1"}, external_port_wildcard},
    {{"wanip.internal-client-wildcard", g, severity::should, rules, "an empty NewInternalClient gets 715"}, internal_client_wildcard},
    {{"wanip.protocol-invalid", g, severity::must, "WANIPConnection:2 §2.5.16 (601)", "NewProtocol ICMP is refused"}, protocol_invalid},
    {{"wanip.protocol-case", g, severity::should, "WANIPConnection:1 §2.2.13", "NewProtocol 'tcp' (not TCP) is refused"}, protocol_case},
    {{"wanip.description-escaping", g, severity::must, "UDA 2.0 §3.2.1", "a description with <&>\" reads back unchanged"}, description_escaping},
};

}  // namespace wanip_group

std::span<const check_def> wanip_checks() { return wanip_group::table; }

}  // namespace igdkit::conformance::support
