#pragma once
// The lab's --config file: one JSON object setting anything the simrouter flags set. Pure: text
// in, lab_options out; fields the file does not name keep the values of `base` (so flags can be
// applied first and the file on top, or the other way round).
//
//   {
//     "lan": "127.0.0.1", "ssdp_port": 0, "http_port": 0, "admin": true, "admin_port": 0,
//     "igd_version": 2, "mode": "nat" | "cgnat" | "double-nat" | "no-nat",
//     "wan_ip": "203.0.113.10", "public_ip": "203.0.113.10", "upstream_upnp": false,
//     "profiles": ["name", ...], "secure_mode": true, "multicast": false,
//     "state": "/path/state.json" | null, "boot_id": 1, "max_mappings": 128,
//     "max_mappings_per_client": 64, "eager_endpoints": 64, "on_demand_endpoints": 256,
//     "endpoint_idle_timeout_ms": 60000, "probe_timeout_ms": 1000, "udp_idle_timeout_ms": 30000, "log_capacity": 256,
//     "strict": false, "strict_capacity": 1000,
//     "faults": { ... as GET /faults ... },
//     "lan_hosts": ["127.0.0.2", "127.0.0.3"],
//     "allowed_ranges": ["allow 1024-65535 127.0.0.0/8 1024-65535", "deny 0-65535 0.0.0.0/0 0-65535"]
//   }
//
// Order of application, whatever the key order in the file: "mode" first (the topology becomes
// default_topology(mode)), then "wan_ip", "public_ip" and "upstream_upnp" on top of it. In nat and
// no-nat the Internet sees the WAN address itself, so "public_ip" follows "wan_ip" there and a
// different "public_ip" is an error.
//
// Permissions: "lan_hosts" gives each host "allow 1024-65535 <host>/32 1024-65535";
// "allowed_ranges" are miniupnpd permission lines (first match wins). When either is present
// the rules are: the lan_hosts rules, then the allowed_ranges rules, or a final
// "deny 0-65535 0.0.0.0/0 0-65535" when there are no allowed_ranges. They replace the default
// rules, so router.lan_from_address becomes false.
#include "igdkit/result.hpp"
#include "igdkit/sim/lab_options.hpp"
#include "igdkit/sim/permission.hpp"

#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

namespace igdkit::sim {

// Why a JSON input of the lab (the config file, or an admin API body sharing its shapes) was
// rejected. The accompanying message names the field and what it must be.
enum class config_errc {
  invalid_json = 1,  // not JSON at all (the message gives the byte offset)
  not_an_object,     // the document (or a nested part that must be an object) is not one
  unknown_field,     // a key this version does not know (typos must not be ignored)
  missing_field,     // a required key is absent
  bad_field,         // wrong type, out of range, or not a valid value
};

const std::error_category& config_category() noexcept;
std::error_code make_error_code(config_errc e) noexcept;

// `message` (optional) receives e.g. `field "http_port": must be an integer 0..65535, got 70000`.
result<lab_options> parse_lab_config(std::string_view text, lab_options base, std::string* message = nullptr);

// One miniupnpd permission line: "allow|deny <ext ports> <address>[/<prefix>|/<mask>] <int ports>",
// ports as "N" or "N-M".
result<permission_rule> parse_permission_rule(std::string_view line, std::string* message = nullptr);

}  // namespace igdkit::sim

template <>
struct std::is_error_code_enum<igdkit::sim::config_errc> : std::true_type {};
