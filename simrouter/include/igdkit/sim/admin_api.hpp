#pragma once
// The lab's admin API as pure functions: a Beast request becomes a typed command (or a
// request_error), and the lab's answers become JSON responses. No sockets and no clocks, so the
// same code serves the lab's server, the tests and a fuzz target. The lab executes the command.
//
//   GET    /state          lab_snapshot                         to_json(lab_snapshot)
//   POST   /probe          {"protocol":"TCP"|"UDP","ip":"203.0.113.10","port":8080,"timeout_ms":500?}
//                          -> probe_result                      to_json(probe_result)
//   POST   /endpoint       {"protocol":"TCP"|"UDP","ip":"203.0.113.10","port":8080}
//                          -> {"endpoint":endpoint|null,"reason":str}  endpoint_json; opens the
//                          loopback endpoint of a reachable mapping beyond the eager budget
//   GET    /wan-ip         -> {"wan_ip":"...","public_ip":"..."} wan_ip_json
//   POST   /wan-ip         {"ip":"...","public_ip":"..."?}      -> same as GET
//   POST   /reboot         (empty body or {}) -> {"boot_id":n}   boot_json
//   GET    /faults         -> fault_set                         to_json(fault_set)
//   POST   /faults         fault_set (missing fields = defaults) -> the new fault_set
//   DELETE /faults         -> the cleared (default) fault_set
//   GET    /log?limit=N    -> {"entries":[...]}, most recent last; N 0..10000, default 100
//   GET    /violations     -> what --strict found                violations_json
//
// Errors are JSON too ({"error":"..."}): 404 unknown path, 405 wrong method (with Allow),
// 400 bad query/body/field (the message names the field), 413 body over max_body_bytes.
// Every response is Content-Type: application/json.
//
// JSON shapes (addresses as dotted strings, endpoints as "ip:port"):
//   fault_set      {"ssdp":{"drop":bool,"delay_ms":n,"copies":n},
//                   "http":{"delay_ms":n,"action":"none"|"reset"|"truncate_body"|"status_500_empty",
//                           "control_only":bool,"times":n|null},
//                   "answering":bool}
//   endpoint       {"protocol":"TCP","public":"203.0.113.10:8080","loopback":"127.0.0.1:40123",
//                   "internal":"127.0.0.1:8080"}
//   mapping        {"protocol","external_port","remote_host":str|null,"internal_client","internal_port",
//                   "enabled","description","lease_remaining_s":n|null (null = permanent),
//                   "reachable","reason","endpoint":endpoint|null}
//   router         {"location","ssdp","igd_version":1|2,"external_ip":str|null,"connection_status",
//                   "boot_id","system_update_id","mappings":[mapping...]}
//   lab_snapshot   {"mode","profiles":[...],"wan_ip","public_ip","home":router,"upstream":router|null,
//                   "public_endpoints":[endpoint...],"faults":fault_set,"admin"}
//   probe_result   {"reachable","reason","rtt_ms":n|null,"hops":[str...],"endpoint":endpoint|null}
//   log entry      {"at":"2026-01-02T03:04:05.678Z","kind","peer","detail","status","upnp_error":n|null}
//   violations     {"strict":bool,"total":n,"capacity":n,"counts":{"<rule id>":n,...},
//                   "violations":[{"at","client","rule","kind":"violation"|"ignored","spec","message",
//                                  "evidence"}...]} (newest last; the newest `capacity` kept, all counted)
#include "igdkit/result.hpp"
#include "igdkit/sim/config_file.hpp"
#include "igdkit/sim/faults.hpp"
#include "igdkit/sim/http_handler.hpp"
#include "igdkit/sim/lab_types.hpp"
#include "igdkit/sim/strict/violation_log.hpp"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace igdkit::sim::admin {

inline constexpr std::size_t max_body_bytes = std::size_t{64} * 1024;
inline constexpr std::size_t default_log_limit = 100;
inline constexpr std::size_t max_log_limit = 10000;
// Longest probe the API accepts; a longer one is a mistake, not a test.
inline constexpr std::chrono::milliseconds max_probe_timeout{60000};

struct get_state {};
struct probe {
  probe_request request;
};
struct open_endpoint {
  protocol proto = protocol::tcp;
  boost::asio::ip::address_v4 ip;
  std::uint16_t port = 0;
};
struct get_wan_ip {};
struct set_wan_ip {
  boost::asio::ip::address_v4 wan_ip;
  std::optional<boost::asio::ip::address_v4> public_ip;
};
struct reboot {};
struct get_faults {};
struct set_faults {
  fault_set faults;
};
struct clear_faults {};
struct get_log {
  std::size_t limit = default_log_limit;
};
struct get_violations {};

using command =
    std::variant<get_state, probe, open_endpoint, get_wan_ip, set_wan_ip, reboot, get_faults, set_faults,
                 clear_faults, get_log, get_violations>;

struct request_error {
  boost::beast::http::status status = boost::beast::http::status::bad_request;
  std::string message;
  std::vector<boost::beast::http::verb> allow;  // 405 only: the methods the path accepts
};

// Routing, method check, query and body validation. Never throws.
std::variant<command, request_error> parse_request(const http_request& request);

// The fault_set JSON above. Missing fields keep their defaults; unknown fields and wrong types
// are errors (config_errc) named in `message`, e.g. `field "http.action": must be one of ...`.
// The config file's "faults" field uses the same parser.
result<fault_set> parse_faults(const boost::json::value& value, std::string* message = nullptr);

boost::json::value to_json(const fault_set& faults);
boost::json::value to_json(const public_endpoint& endpoint);
boost::json::value to_json(const mapping_view& view);
boost::json::value to_json(const router_snapshot& router);
boost::json::value to_json(const lab_snapshot& snapshot);
boost::json::value to_json(const probe_result& probe);
boost::json::value to_json(const log_entry& entry);
boost::json::value log_json(std::span<const log_entry> entries);  // {"entries":[...]}
boost::json::value wan_ip_json(const boost::asio::ip::address_v4& wan_ip, const boost::asio::ip::address_v4& public_ip);
boost::json::value boot_json(std::uint32_t boot_id);
// nullptr (strict off): {"strict":false,"total":0,...} with empty lists.
boost::json::value violations_json(const strict::violation_log* log);
boost::json::value endpoint_json(const std::optional<public_endpoint>& endpoint, std::string_view reason);

// "2026-01-02T03:04:05.678Z" (UTC, milliseconds).
std::string format_utc(std::chrono::system_clock::time_point at);

// A JSON response matching the request's HTTP version and keep-alive.
http_response json_response(boost::beast::http::status status, const boost::json::value& body,
                            const http_request& request);
// {"error": message}, with the Allow header on a 405.
http_response error_response(const request_error& error, const http_request& request);

}  // namespace igdkit::sim::admin
