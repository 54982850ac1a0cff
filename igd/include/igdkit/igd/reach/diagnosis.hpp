#pragma once
// Why is my device not reachable from the Internet? A pure function from what was observed
// (discovery, the IGD's status and external address, each wanted mapping's add/lookup/probe) to
// verdicts with the evidence quoted and advice. No I/O, no clock: the caller gathers the
// observations (igd::client, a STUN client, a port prober) and passes them in.
#include "igdkit/igd/client_types.hpp"
#include "igdkit/protocol.hpp"

#include <boost/asio/ip/address_v4.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace igdkit::igd::reach {

using boost::asio::ip::address_v4;

// ---- observations --------------------------------------------------------------------------

// Who a gateway says it is (from its description), to name it in evidence.
struct device_identity {
  std::string friendly_name;
  std::string manufacturer;
  std::string model_name;
  std::string location;  // LOCATION URL
};

// What GetExternalIPAddress gave: no answer (the call failed or was not made), an answer that is
// not an IPv4 address ("" is what miniupnpd sends when it does not know), or an address (which
// may be 0.0.0.0).
struct external_ip_observation {
  bool answered = false;
  std::optional<address_v4> address;  // set only when the text was an IPv4 address
  std::string text;                   // NewExternalIPAddress as received, quoted in evidence

  static external_ip_observation not_answered() { return {}; }
  static external_ip_observation from_text(std::string_view text);
  static external_ip_observation of(const address_v4& a) { return {true, a, a.to_string()}; }
};

// The gateway the client chose.
struct igd_observation {
  std::size_t answered = 0;  // gateways that answered discovery; 0: none did
  device_identity chosen;    // meaningful when answered > 0
  std::string connection_status;  // GetStatusInfo's NewConnectionStatus; "" when it failed
  external_ip_observation external_ip;
};

// A router above the chosen one that also speaks UPnP IGD (double NAT with UPnP upstream).
struct upstream_observation {
  device_identity identity;
  external_ip_observation external_ip;
};

// The public address the Internet sees us as, from STUN or an outside prober.
struct public_address_observation {
  address_v4 address;
  std::string source;  // "STUN stun.example.net:3478", quoted in evidence
};

// What GetSpecificPortMappingEntry said about the wanted external port.
enum class router_lookup : std::uint8_t { not_checked, found, missing };

// Whether a port-open probe from outside reached the external port.
enum class probe_result : std::uint8_t { not_run, reachable, not_reachable };

// A port the user wanted open; also the manual rule printed for them.
struct wanted_mapping {
  std::uint16_t external_port = 0;
  protocol proto = protocol::tcp;
  address_v4 internal_client;
  std::uint16_t internal_port = 0;
  std::string description;
};

struct mapping_observation {
  wanted_mapping wanted;
  // The add's outcome: empty when it succeeded (or was not tried); a router error compares equal
  // to soap::upnp_errc values, and any other category counts as a local failure.
  std::error_code add_error;
  router_lookup lookup = router_lookup::not_checked;
  // The entry the router lists for this external port and protocol (lookup == found): ours when
  // internal client and port match, otherwise the other host's mapping (also the owner after a
  // conflict).
  std::optional<mapping_entry> router_entry;
  probe_result probe = probe_result::not_run;
  std::string probe_reason;  // the prober's own words ("connection refused", "timeout after 5 s")
};

struct observations {
  igd_observation igd;
  std::optional<public_address_observation> public_address;
  std::optional<upstream_observation> upstream;
  std::vector<mapping_observation> mappings;
  // The router's listing, when it was read: lets a conflict suggest the next free port.
  std::optional<std::vector<mapping_entry>> router_mappings;
};

// ---- verdicts ------------------------------------------------------------------------------

enum class verdict : std::uint8_t {
  no_igd,               // nothing answered discovery
  igd_not_connected,    // the IGD's WAN connection is not up
  external_ip_unknown,  // no answer, "" or 0.0.0.0
  carrier_grade_nat,    // external address in 100.64.0.0/10
  double_nat,           // external address private or otherwise reserved
  upstream_nat,         // the IGD's address differs from the one the Internet sees
  port_conflict,        // 718 / 729: the external port belongs to another mapping
  same_port_required,   // 724
  lease_rejected,       // 725 / 402 on the lease
  not_authorized,       // 606 / 401
  add_failed,           // any other add failure
  mapping_missing,      // the router does not list the mapping (or lists it disabled)
  mapping_elsewhere,    // the router's entry points to another host or port
  firewall_blocked,     // the router has the mapping, yet the port is closed from outside
  not_verified,         // the router has the mapping; nobody probed from outside
  reachable,            // a probe from outside reached the port
};
// snake_case, as in the enum ("carrier_grade_nat"): the JSON names.
std::string_view to_string(verdict v) noexcept;

enum class severity : std::uint8_t { blocking, warning, info };
std::string_view to_string(severity s) noexcept;

struct finding {
  verdict kind = verdict::reachable;
  severity level = severity::info;
  std::string evidence;  // one line quoting what was observed
  std::string advice;
  std::optional<std::size_t> mapping;           // index into observations::mappings
  std::optional<std::uint16_t> suggested_port;  // port_conflict: next free external port
};

// One line per wanted mapping: what to enter in the router's port forwarding page by hand.
struct manual_rule {
  std::uint16_t wan_port = 0;
  protocol proto = protocol::tcp;
  address_v4 lan_ip;
  std::uint16_t lan_port = 0;
  std::string description;
};
// "WAN port 81 TCP -> 192.168.1.21:80 (camera 2)"; no parentheses without a description.
std::string to_string(const manual_rule& r);

enum class reachability : std::uint8_t { reachable_from_internet, not_reachable, unknown };
std::string_view to_string(reachability r) noexcept;

struct diagnosis {
  reachability overall = reachability::unknown;
  std::vector<finding> findings;  // most important first
  std::vector<manual_rule> rules;  // one per wanted mapping, in order
};

// Overall: reachable_from_internet when every wanted mapping was probed reachable (then the
// network-level findings are kept as warnings: the probe beats the inference); not_reachable when
// any finding blocks; unknown otherwise. Findings are ordered by severity, then network before
// mapping verdicts (in the enum's order), then by mapping index.
diagnosis diagnose(const observations& obs);

// Next external port above `from` (wrapping to 1024) that neither the router's listing nor the
// other wanted mappings use for `proto`; nullopt if all are taken.
std::optional<std::uint16_t> next_free_port(std::uint16_t from, protocol proto,
                                            const std::vector<mapping_entry>& router_mappings,
                                            const std::vector<mapping_observation>& wanted);

// ---- validation ----------------------------------------------------------------------------

// (1) the UPnP check: the router lists the mapping, enabled, with our internal client and port;
// (2) the port-open check: a probe from outside (nullopt: not run).
struct validation_result {
  bool router_has_mapping = false;
  std::optional<bool> port_open;
  // Both checks passed: an unprobed port does not pass, nor does an open port the router does not
  // map to us (a manual rule or another mechanism may serve it; the summary says so).
  bool passed() const noexcept { return router_has_mapping && port_open.value_or(false); }
  std::string summary;  // one line: "passed: ..." or "failed: ..." with the diagnosis' reason
};

// True when the router's entry is the wanted mapping: enabled, same internal client and port.
bool router_has_mapping(const mapping_observation& m) noexcept;

// The validation of obs.mappings[index], its reason taken from `d` (diagnose(obs)).
validation_result validate(const observations& obs, const diagnosis& d, std::size_t index);
// One per wanted mapping, diagnosing once.
std::vector<validation_result> validate(const observations& obs);

}  // namespace igdkit::igd::reach
