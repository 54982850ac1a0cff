#pragma once
// The keeper's "mapping protocol": the few operations it needs from a port-mapping backend and
// what each answers. UPnP IGD is the one backend today (keeper/upnp_backend.hpp); NAT-PMP and PCP
// can implement the same operations later. Plain data: the sans-I/O core emits operations and is
// fed outcomes.
#include "igdkit/igd/client_types.hpp"
#include "igdkit/result.hpp"

#include <boost/asio/ip/address_v4.hpp>

#include <chrono>
#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace igdkit::igd::keeper {

// (Re)discover the gateway. Answer: its identity and what it can do.
struct find_gateway {};
struct gateway_identity {
  std::string udn;       // the root device's UDN (uuid:...), stable across reboots
  std::string location;  // description URL, for people
  std::string name;      // friendly name / model, for people
  bool supports_add_any = false;  // AddAnyPortMapping (WANIPConnection:2)
  std::optional<boost::asio::ip::address_v4> external_ip;
  std::string connection_status;
  friend bool operator==(const gateway_identity&, const gateway_identity&) = default;
};

// Health check: the external address, the connection status and the uptime.
struct read_gateway_state {};
struct gateway_state {
  std::optional<boost::asio::ip::address_v4> external_ip;  // unset: unknown/empty/0.0.0.0
  std::string connection_status;
  std::optional<std::chrono::seconds> uptime;  // unset: the router does not say
};

// Add (or refresh) one mapping; the backend applies its own workarounds.
struct add_mapping {
  mapping_request request;
  bool use_add_any = false;
};
// Read one mapping back (GetSpecificPortMappingEntry).
struct read_mapping {
  mapping_key key;
};
struct remove_mapping {
  mapping_key key;
};

using operation = std::variant<find_gateway, read_gateway_state, add_mapping, read_mapping, remove_mapping>;
// One outcome per operation, in the same order of alternatives.
using outcome = std::variant<result<gateway_identity>, result<gateway_state>, result<mapping_result>,
                             result<mapping_entry>, result<void>>;

// A backend executes operations: `co_await backend.execute(op)` yields the matching outcome.
template <class B>
concept mapping_backend = requires(B& b, operation op) {
  { b.execute(std::move(op)) };
};

}  // namespace igdkit::igd::keeper
