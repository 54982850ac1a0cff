#pragma once
// What an application wants published: one mapping of a named set (a camera, a user), in typed
// form. The keeper (keeper/core.hpp) makes the router's table equal to the sets it holds.
#include "igdkit/protocol.hpp"

#include <boost/asio/ip/address_v4.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igdkit::igd::keeper {

// What to do when the preferred external port is taken (by another host, or by another set).
enum class port_policy : std::uint8_t {
  exact,              // fail with the reason; the router may not pick another port
  same_port_or_next,  // preferred, preferred+1, ... (max_candidates of them)
  any,                // AddAnyPortMapping where the service has it (IGD:2), else as same_port_or_next
};
std::string_view to_string(port_policy p) noexcept;
std::optional<port_policy> parse_port_policy(std::string_view text) noexcept;  // "exact" | "next" | "any"

struct desired_mapping {
  std::string label;  // unique within its set: "onvif", "rtsp", "http"
  protocol proto = protocol::tcp;
  std::uint16_t internal_port = 0;
  // Unset: this host's address on the route to the IGD.
  std::optional<boost::asio::ip::address_v4> internal_client{};
  std::optional<std::uint16_t> external_port{};  // preferred; unset: same as internal_port
  std::chrono::seconds lease{3600};            // 0 asks for a permanent mapping
  port_policy policy = port_policy::same_port_or_next;
  // On a router that cannot translate ports (724 SamePortValuesRequired), let the keeper set the
  // internal port to the external one; the mapping_up event then reports the port the service
  // must listen on.
  bool may_change_internal_port = false;
  std::string description{};  // shown in the router's table; the keeper prefixes its tag

  std::uint16_t preferred_external_port() const noexcept { return external_port.value_or(internal_port); }
};

struct mapping_set {
  std::string name;  // "camera-1", "user:alice"
  std::vector<desired_mapping> mappings;
};

}  // namespace igdkit::igd::keeper
