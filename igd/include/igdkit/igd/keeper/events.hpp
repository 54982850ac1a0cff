#pragma once
// What the keeper tells the application. Each event names the set and the mapping it is about.
#include "igdkit/protocol.hpp"

#include <boost/asio/ip/address_v4.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

namespace igdkit::igd::keeper {

struct mapping_id {
  std::string set;
  std::string label;
  friend bool operator==(const mapping_id&, const mapping_id&) = default;
};

// The router holds the mapping (added, refreshed after a loss, or moved).
struct mapping_up {
  mapping_id id;
  protocol proto = protocol::tcp;
  std::optional<boost::asio::ip::address_v4> external_ip;  // the public address, when known
  std::uint16_t external_port = 0;
  boost::asio::ip::address_v4 internal_client;
  std::uint16_t internal_port = 0;  // may differ from the desired one (724 routers)
  std::chrono::seconds lease{0};    // granted; 0 = permanent
  std::vector<std::string> workarounds;  // applied on this router ("permanent_lease", ...)
  bool restored = false;  // true when the router had lost it (reboot, expiry) and it is back
};

enum class down_reason : std::uint8_t {
  removed,        // the application removed it (or stopped)
  conflict,       // the external port is taken and the policy allows no other
  no_free_port,   // every candidate port was taken
  router_refused, // another router error
  lost,           // the router no longer has it (reboot, someone deleted it); being restored
  gateway_lost,   // the IGD stopped answering; being restored when it is back
  wan_down,       // the router evented its WAN connection down; verified again when it is up
};
std::string_view to_string(down_reason r) noexcept;

struct mapping_down {
  mapping_id id;
  down_reason reason = down_reason::removed;
  std::error_code error;  // the router's or transport's error, when there is one
  std::string detail;     // one sentence for people
};

struct external_port_changed {
  mapping_id id;
  std::uint16_t from = 0;  // the preferred or previously granted port
  std::uint16_t to = 0;
};

struct external_ip_changed {
  std::optional<boost::asio::ip::address_v4> from;
  std::optional<boost::asio::ip::address_v4> to;
};

struct gateway_found {
  std::string udn;
  std::string location;
  std::string name;
  bool replaced = false;  // another IGD (different UDN) than before
};

struct gateway_lost {
  std::error_code error;
  std::string detail;
};

// The router rebooted (uptime went backwards, or the application reported a new BOOTID).
struct gateway_rebooted {
  std::string detail;
};

// The set of chosen ports changed: persist it (state_store.hpp) so a restart gets them back.
struct ports_changed {};

// stop() finished: every mapping the keeper made is removed, or the time bound ran out.
struct stopped {
  std::size_t removed = 0;
  std::size_t left = 0;  // not confirmed removed within the bound
};

using event = std::variant<mapping_up, mapping_down, external_port_changed, external_ip_changed, gateway_found,
                           gateway_lost, gateway_rebooted, ports_changed, stopped>;

// One line for people: "camera-1/rtsp up: 203.0.113.10:554 -> 192.168.1.20:554 TCP".
std::string describe(const event& e);

}  // namespace igdkit::igd::keeper
