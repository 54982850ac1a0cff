// Which verdicts the observations support, in which order, and the overall answer. The words
// live in advice.cpp.
#include "findings.hpp"

#include "igdkit/soap/upnp_error.hpp"
#include "igdkit/text.hpp"

#include <boost/system/error_code.hpp>

#include <algorithm>
#include <set>
#include <tuple>

namespace igdkit::igd::reach {

using soap::upnp_errc;

std::string_view to_string(verdict v) noexcept {
  switch (v) {
    case verdict::no_igd: return "no_igd";
    case verdict::igd_not_connected: return "igd_not_connected";
    case verdict::external_ip_unknown: return "external_ip_unknown";
    case verdict::carrier_grade_nat: return "carrier_grade_nat";
    case verdict::double_nat: return "double_nat";
    case verdict::upstream_nat: return "upstream_nat";
    case verdict::port_conflict: return "port_conflict";
    case verdict::same_port_required: return "same_port_required";
    case verdict::lease_rejected: return "lease_rejected";
    case verdict::not_authorized: return "not_authorized";
    case verdict::add_failed: return "add_failed";
    case verdict::mapping_missing: return "mapping_missing";
    case verdict::mapping_elsewhere: return "mapping_elsewhere";
    case verdict::firewall_blocked: return "firewall_blocked";
    case verdict::not_verified: return "not_verified";
    case verdict::reachable: return "reachable";
  }
  return "unknown";
}

std::string_view to_string(severity s) noexcept {
  switch (s) {
    case severity::blocking: return "blocking";
    case severity::warning: return "warning";
    case severity::info: return "info";
  }
  return "unknown";
}

std::string_view to_string(reachability r) noexcept {
  switch (r) {
    case reachability::reachable_from_internet: return "reachable_from_internet";
    case reachability::not_reachable: return "not_reachable";
    case reachability::unknown: return "unknown";
  }
  return "unknown";
}

external_ip_observation external_ip_observation::from_text(std::string_view text) {
  external_ip_observation o{true, std::nullopt, std::string(text)};
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address_v4(std::string(igdkit::text::trim(text)), ec);
  if (!ec) o.address = a;
  return o;
}

bool router_has_mapping(const mapping_observation& m) noexcept {
  return m.lookup == router_lookup::found && m.router_entry && m.router_entry->enabled &&
         m.router_entry->internal_client == m.wanted.internal_client &&
         m.router_entry->internal_port == m.wanted.internal_port;
}

std::optional<std::uint16_t> next_free_port(std::uint16_t from, protocol proto,
                                            const std::vector<mapping_entry>& router_mappings,
                                            const std::vector<mapping_observation>& wanted) {
  std::set<std::uint16_t> used{from};
  for (const auto& e : router_mappings)
    if (e.proto == proto) used.insert(e.external_port);
  for (const auto& m : wanted)
    if (m.wanted.proto == proto) used.insert(m.wanted.external_port);
  auto free = [&](unsigned p) { return !used.contains(static_cast<std::uint16_t>(p)); };
  for (unsigned p = unsigned{from} + 1; p <= 65535; ++p)
    if (free(p)) return static_cast<std::uint16_t>(p);
  for (unsigned p = 1024; p < from; ++p)
    if (free(p)) return static_cast<std::uint16_t>(p);
  return std::nullopt;
}

namespace {

void network_findings(const observations& obs, std::vector<finding>& out) {
  const auto& igd = obs.igd;
  if (igd.answered == 0) {
    out.push_back(wording::no_igd());
    return;
  }
  if (!igd.connection_status.empty() && !is_connected_status(igd.connection_status))
    out.push_back(wording::igd_not_connected(igd));

  const auto& ext = igd.external_ip;
  if (!ext.answered || !ext.address || ext.address->is_unspecified()) {
    out.push_back(wording::external_ip_unknown(igd, obs.public_address));
    return;
  }
  const auto scope = classify_ipv4(*ext.address);
  // Seen from outside at exactly the router's address: that address is what the Internet
  // reaches, whatever its range says (labs and test nets use documentation addresses).
  const bool confirmed_public = obs.public_address && obs.public_address->address == *ext.address;
  if (confirmed_public) return;
  if (scope == ipv4_scope::shared) {
    out.push_back(wording::carrier_grade_nat(igd, *ext.address, obs.public_address));
  } else if (scope != ipv4_scope::global) {
    out.push_back(wording::double_nat(obs, *ext.address, scope));
  } else if (obs.public_address && obs.public_address->address != *ext.address) {
    out.push_back(wording::upstream_nat(igd, *ext.address, *obs.public_address));
  }
}

bool is_any(std::error_code ec, std::initializer_list<upnp_errc> codes) {
  return std::ranges::any_of(codes, [&](upnp_errc c) { return ec == c; });
}

// The finding for a failed add; its severity drops to a warning when the router has the
// mapping anyway (a retry or an earlier run made it).
finding add_failure(const observations& obs, std::size_t i, const mapping_observation& m) {
  const auto ec = m.add_error;
  finding f = [&] {
    if (is_any(ec, {upnp_errc::conflict_in_mapping_entry, upnp_errc::conflict_with_other_mechanisms})) {
      std::optional<std::uint16_t> free;
      if (obs.router_mappings)
        free = next_free_port(m.wanted.external_port, m.wanted.proto, *obs.router_mappings, obs.mappings);
      return wording::port_conflict(i, m, free);
    }
    if (ec == upnp_errc::same_port_values_required) return wording::same_port_required(i, m);
    if (is_any(ec, {upnp_errc::only_permanent_leases_supported, upnp_errc::invalid_args}))
      return wording::lease_rejected(i, m);
    if (is_any(ec, {upnp_errc::action_not_authorized, upnp_errc::invalid_action})) return wording::not_authorized(i, m);
    return wording::add_failed(i, m);
  }();
  if (router_has_mapping(m)) f.level = severity::warning;
  return f;
}

void mapping_findings(const observations& obs, std::size_t i, std::vector<finding>& out) {
  const auto& m = obs.mappings[i];
  const bool ours = router_has_mapping(m);
  const bool listed_elsewhere = m.lookup == router_lookup::found && m.router_entry && !ours &&
                                (m.router_entry->internal_client != m.wanted.internal_client ||
                                 m.router_entry->internal_port != m.wanted.internal_port);
  const std::size_t first = out.size();
  // A NAT in front of the router, found by network_findings (an index: `out` grows below).
  std::optional<std::size_t> network_blocker;
  for (std::size_t k = 0; k < first && !network_blocker; ++k) {
    const auto& f = out[k];
    if (!f.mapping && f.level == severity::blocking &&
        (f.kind == verdict::carrier_grade_nat || f.kind == verdict::double_nat || f.kind == verdict::upstream_nat))
      network_blocker = k;
  }

  if (m.add_error) out.push_back(add_failure(obs, i, m));
  // A failed add already explains a missing or foreign entry.
  if (!m.add_error && !ours && m.lookup != router_lookup::not_checked)
    out.push_back(listed_elsewhere ? wording::mapping_elsewhere(i, m) : wording::mapping_missing(i, m));

  // The mapping should work when the router shows it, or when nothing says otherwise.
  const bool expected_to_work = ours || (m.lookup == router_lookup::not_checked && !m.add_error);
  switch (m.probe) {
    case probe_result::reachable: out.push_back(wording::reachable(i, m)); break;
    case probe_result::not_reachable:
      if (expected_to_work && network_blocker) {
        // The NAT in front explains the closed port; a host firewall is not the first suspect.
        out[*network_blocker].evidence += wording::probe_suffix(m);
      } else if (expected_to_work)
        out.push_back(wording::firewall_blocked(i, m));
      else if (out.size() > first && out[first].evidence.find("; probe from outside") == std::string::npos)
        out[first].evidence += wording::probe_suffix(m);
      break;
    case probe_result::not_run:
      if (expected_to_work && out.size() == first) out.push_back(wording::not_verified(i, m));
      break;
  }
}

bool all_probed_reachable(const observations& obs) {
  return !obs.mappings.empty() &&
         std::ranges::all_of(obs.mappings, [](const auto& m) { return m.probe == probe_result::reachable; });
}

}  // namespace

diagnosis diagnose(const observations& obs) {
  diagnosis d;
  network_findings(obs, d.findings);
  for (std::size_t i = 0; i < obs.mappings.size(); ++i) mapping_findings(obs, i, d.findings);

  const bool reached = all_probed_reachable(obs);
  if (reached) {
    // What was seen from outside beats what the addresses suggest.
    for (auto& f : d.findings)
      if (!f.mapping && f.level == severity::blocking) f.level = severity::warning;
  }
  std::ranges::stable_sort(d.findings, [](const finding& a, const finding& b) {
    auto key = [](const finding& f) {
      return std::tuple(f.level, f.kind, f.mapping ? *f.mapping + 1 : std::size_t{0});
    };
    return key(a) < key(b);
  });

  const bool blocked = std::ranges::any_of(d.findings, [](const finding& f) { return f.level == severity::blocking; }) ||
                       std::ranges::any_of(obs.mappings, [](const auto& m) { return m.probe == probe_result::not_reachable; });
  d.overall = reached ? reachability::reachable_from_internet : blocked ? reachability::not_reachable : reachability::unknown;

  for (const auto& m : obs.mappings)
    d.rules.push_back({m.wanted.external_port, m.wanted.proto, m.wanted.internal_client, m.wanted.internal_port,
                       m.wanted.description});
  return d;
}

}  // namespace igdkit::igd::reach
