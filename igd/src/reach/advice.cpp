// The words of the diagnosis: evidence lines quoting the observations, advice, manual rules.
#include "findings.hpp"

#include "igdkit/soap/upnp_error.hpp"
#include "igdkit/text.hpp"

#include <string>

namespace igdkit::igd::reach {

std::string to_string(const manual_rule& r) {
  std::string s = "WAN port " + std::to_string(r.wan_port) + " " + std::string(igdkit::to_string(r.proto)) +
                  " -> " + r.lan_ip.to_string() + ":" + std::to_string(r.lan_port);
  if (!r.description.empty()) s += " (" + r.description + ")";
  return s;
}

namespace wording {
namespace {

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// "FRITZ!Box 7590" (AVM FRITZ!Box 7590) at http://192.168.178.1:49000/igddesc.xml
std::string device_name(const device_identity& d) {
  std::string s = quoted(d.friendly_name.empty() ? std::string_view("unnamed") : d.friendly_name);
  std::string model = d.manufacturer;
  if (!d.model_name.empty()) model += (model.empty() ? "" : " ") + d.model_name;
  if (!model.empty()) s += " (" + model + ")";
  if (!d.location.empty()) s += " at " + d.location;
  return s;
}

std::string igd_name(const igd_observation& igd) { return "IGD " + device_name(igd.chosen); }

// When several gateways answered, the chosen one may be the wrong router.
std::string several_note(const igd_observation& igd) {
  if (igd.answered < 2) return {};
  return " " + std::to_string(igd.answered) + " gateways answered and " + device_name(igd.chosen) +
         " was used: if that is not the router your Internet line is on, choose the right one (igdctl --url).";
}

std::string seen_suffix(const std::optional<public_address_observation>& seen) {
  if (!seen) return {};
  return "; " + seen->source + " sees us as " + seen->address.to_string();
}

// "TCP 81 -> 192.168.1.21:80"
std::string mapping_text(const wanted_mapping& w) {
  return std::string(igdkit::to_string(w.proto)) + " " + std::to_string(w.external_port) + " -> " +
         w.internal_client.to_string() + ":" + std::to_string(w.internal_port);
}

std::string entry_target(const mapping_entry& e) {
  std::string s = e.internal_client.to_string() + ":" + std::to_string(e.internal_port);
  if (!e.description.empty()) s += " (" + quoted(e.description) + ")";
  return s;
}

// "ConflictInMappingEntry (718)", "UPnPError (799)", or a local error's message.
std::string error_text(std::error_code ec) {
  if (ec.category() == soap::upnp_category()) {
    auto name = soap::upnp_error_name(ec.value());
    return std::string(name.empty() ? std::string_view("UPnPError") : name) + " (" + std::to_string(ec.value()) + ")";
  }
  return ec.message() + " [" + ec.category().name() + ":" + std::to_string(ec.value()) + "]";
}

std::string add_failed_evidence(const mapping_observation& m) {
  return "AddPortMapping " + mapping_text(m.wanted) + " failed: " + error_text(m.add_error);
}

finding make(verdict v, severity s, std::string evidence, std::string advice,
             std::optional<std::size_t> index = std::nullopt) {
  return finding{v, s, std::move(evidence), std::move(advice), index, std::nullopt};
}

std::string external_ip_text(const external_ip_observation& e) {
  if (!e.answered) return "GetExternalIPAddress gave no answer";
  return "external IP " + quoted(e.text);
}

}  // namespace

std::string probe_suffix(const mapping_observation& m) {
  if (m.probe == probe_result::not_run) return {};
  std::string s = "; probe from outside: ";
  s += m.probe == probe_result::reachable ? "open" : "closed";
  if (!m.probe_reason.empty()) s += " (" + m.probe_reason + ")";
  return s;
}

finding no_igd() {
  return make(verdict::no_igd, severity::blocking, "no UPnP IGD answered SSDP discovery",
              "Enable UPnP (IGD) on the router; check that this host is on the router's own LAN or Wi-Fi, not a "
              "guest network or an isolated/VPN interface, and that no host firewall drops multicast to "
              "239.255.255.250:1900. Otherwise add the port forwarding rules by hand (below).");
}

finding igd_not_connected(const igd_observation& igd) {
  std::string advice = "The router's WAN connection is not up: check the cable to the modem, the modem itself and the "
                       "Internet login (PPPoE user and password) in the router's settings";
  if (igdkit::text::iequals(igdkit::text::trim(igd.connection_status), "Connecting")) advice = "The router is still connecting to the Internet: wait and "
                                                              "diagnose again; if it stays so, check the modem and "
                                                              "the Internet login in the router's settings";
  return make(verdict::igd_not_connected, severity::blocking,
              igd_name(igd) + " reports connection status " + quoted(igd.connection_status), advice + "." + several_note(igd));
}

finding external_ip_unknown(const igd_observation& igd, const std::optional<public_address_observation>& seen) {
  return make(verdict::external_ip_unknown, severity::warning, igd_name(igd) + ": " + external_ip_text(igd.external_ip) + seen_suffix(seen),
              "The router does not know a usable WAN address: it is not connected yet, or it sits behind another "
              "router or modem that does NAT (some routers report no address when theirs is private). Check the "
              "router's Internet status page; if its WAN address is private, put the modem in bridge mode." +
                  several_note(igd));
}

finding carrier_grade_nat(const igd_observation& igd, const address_v4& ext,
                          const std::optional<public_address_observation>& seen) {
  return make(verdict::carrier_grade_nat, severity::blocking,
              igd_name(igd) + ": external IP " + ext.to_string() + " is in 100.64.0.0/10, the carrier-grade NAT space" +
                  seen_suffix(seen),
              "Your ISP shares one public IPv4 address between customers, so no port forwarding on your router can "
              "reach you. Ask the ISP for a public IPv4 address (sometimes called a fixed or dedicated IP, or "
              "disabling DS-Lite/CGNAT) or for the modem's bridge mode; otherwise reach the device over IPv6 or "
              "through a relay/cloud service.");
}

finding double_nat(const observations& obs, const address_v4& ext, ipv4_scope scope) {
  const auto& igd = obs.igd;
  std::string evidence = igd_name(igd) + ": external IP " + ext.to_string() + " is " + std::string(to_string(scope)) +
                         " (not routable on the Internet)" + seen_suffix(obs.public_address);
  std::string advice = "Another router or modem in front of this one also does NAT: this router's WAN address " +
                       ext.to_string() + " is on that device's LAN. Put the upstream device (or this router) into bridge mode, or enable UPnP on the "
                       "upstream router, or forward the same ports there by hand to " + ext.to_string() + ".";
  if (obs.upstream) {
    evidence += "; upstream IGD " + device_name(obs.upstream->identity) + " answered with " +
                external_ip_text(obs.upstream->external_ip);
    advice = "The upstream router " + device_name(obs.upstream->identity) +
             " speaks UPnP: map each port there too, to this router's WAN address " + ext.to_string() +
             " (WAN port N -> " + ext.to_string() + ":N), or put one of the two routers into bridge mode.";
  }
  return make(verdict::double_nat, severity::blocking, std::move(evidence), advice + several_note(igd));
}

finding upstream_nat(const igd_observation& igd, const address_v4& ext, const public_address_observation& seen) {
  return make(verdict::upstream_nat, severity::warning,
              igd_name(igd) + ": external IP " + ext.to_string() + ", but " + seen.source + " sees us as " +
                  seen.address.to_string(),
              "Traffic leaves through another address than the router's own: a NAT upstream (ISP equipment), a "
              "VPN on this host, or a second WAN line. Ports mapped on this router are reachable at " +
                  ext.to_string() + " only if nothing upstream translates again: test with a probe from outside.");
}

finding port_conflict(std::size_t index, const mapping_observation& m, std::optional<std::uint16_t> free_port) {
  std::string evidence = add_failed_evidence(m);
  std::string owner = "another mapping";
  if (m.router_entry) {
    evidence += "; the router maps it to " + entry_target(*m.router_entry);
    owner = entry_target(*m.router_entry);
  }
  const std::string port = std::string(igdkit::to_string(m.wanted.proto)) + " " + std::to_string(m.wanted.external_port);
  std::string advice = "External port " + port + " is taken by " + owner + ": use another external port";
  if (free_port) advice += ", e.g. " + std::to_string(*free_port) + " (free on the router)";
  advice += ", or remove that mapping on the router if it is stale.";
  finding f = make(verdict::port_conflict, severity::blocking, std::move(evidence), std::move(advice), index);
  f.suggested_port = free_port;
  return f;
}

finding same_port_required(std::size_t index, const mapping_observation& m) {
  const auto& w = m.wanted;
  return make(verdict::same_port_required, severity::blocking, add_failed_evidence(m),
              "This router only forwards a port to the same port number: make the service on " +
                  w.internal_client.to_string() + " listen on port " + std::to_string(w.external_port) +
                  ", or use external port " + std::to_string(w.internal_port) + " (equal to the LAN port).",
              index);
}

finding lease_rejected(std::size_t index, const mapping_observation& m) {
  return make(verdict::lease_rejected, severity::blocking, add_failed_evidence(m),
              "The router rejected the lease duration: retry with a permanent lease (0) and delete the mapping when "
              "it is no longer needed, or with a lease of 3600 s renewed before it ends.",
              index);
}

finding not_authorized(std::size_t index, const mapping_observation& m) {
  return make(verdict::not_authorized, severity::blocking, add_failed_evidence(m),
              "The router refuses this UPnP change: allow port forwarding changes via UPnP in its settings. Many "
              "routers only let a host map ports to itself, so run the mapping from " +
                  m.wanted.internal_client.to_string() + " itself, or add the rule by hand (below).",
              index);
}

finding add_failed(std::size_t index, const mapping_observation& m) {
  return make(verdict::add_failed, severity::blocking, add_failed_evidence(m),
              "The router did not add the mapping: retry, check the router's UPnP settings and its table of "
              "mappings (it may be full), or add the rule by hand (below).",
              index);
}

finding mapping_missing(std::size_t index, const mapping_observation& m) {
  std::string evidence = m.router_entry && !m.router_entry->enabled
                             ? "the router lists " + mapping_text(m.wanted) + " but disabled"
                             : "the router lists no " + std::string(igdkit::to_string(m.wanted.proto)) + " " +
                                   std::to_string(m.wanted.external_port) + " mapping";
  if (!m.add_error) evidence += " (GetSpecificPortMappingEntry), although the add did not fail";
  return make(verdict::mapping_missing, severity::blocking, evidence + probe_suffix(m),
              "Add the mapping again: it may have expired, been removed by a router reboot, or be disabled. Renew "
              "it before its lease ends; if it keeps vanishing, the router ignores UPnP and the rule must be added "
              "by hand (below).",
              index);
}

finding mapping_elsewhere(std::size_t index, const mapping_observation& m) {
  const auto& w = m.wanted;
  return make(verdict::mapping_elsewhere, severity::blocking,
              "the router maps " + std::string(igdkit::to_string(w.proto)) + " " + std::to_string(w.external_port) +
                  " to " + entry_target(*m.router_entry) + ", not " + w.internal_client.to_string() + ":" +
                  std::to_string(w.internal_port) + probe_suffix(m),
              "Delete that mapping on the router (or from the host that owns it) and add ours again, or choose "
              "another external port.",
              index);
}

finding firewall_blocked(std::size_t index, const mapping_observation& m) {
  const auto& w = m.wanted;
  const std::string proto(igdkit::to_string(w.proto));
  return make(verdict::firewall_blocked, severity::blocking,
              "the router maps " + mapping_text(w) + ", but the port is closed from outside" +
                  (m.probe_reason.empty() ? std::string() : " (" + m.probe_reason + ")"),
              "Open the host firewall on " + w.internal_client.to_string() + " for " + proto + " port " +
                  std::to_string(w.internal_port) + "; check that the service listens on " +
                  w.internal_client.to_string() + ":" + std::to_string(w.internal_port) +
                  " (not only on 127.0.0.1); check for a firewall or NAT upstream of the router (ISP modem, "
                  "router's own firewall settings).",
              index);
}

finding not_verified(std::size_t index, const mapping_observation& m) {
  return make(verdict::not_verified, severity::info,
              "the router maps " + mapping_text(m.wanted) + "; no probe from outside was run",
              "Run a port-open check from outside (a prober or a phone on mobile data) to confirm.", index);
}

finding reachable(std::size_t index, const mapping_observation& m) {
  return make(verdict::reachable, severity::info,
              "a probe from outside reached " + std::string(igdkit::to_string(m.wanted.proto)) + " " +
                  std::to_string(m.wanted.external_port) +
                  (m.probe_reason.empty() ? std::string() : " (" + m.probe_reason + ")"),
              "Nothing to do.", index);
}

}  // namespace wording
}  // namespace igdkit::igd::reach
