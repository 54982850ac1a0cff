#pragma once
// The simulated router's device tree as data: which devices and services exist, their UUIDs,
// serviceIds and paths. The root description, the SCPD routing, the control-URL routing and the
// SSDP device set are all derived from one device_layout, so they can never disagree. Firmware
// profiles (WANPPP-only, two WAN devices, a bogus URLBase, ...) are just other layouts.
#include "igdkit/sim/igd_handler.hpp"
#include "igdkit/sim/router_config.hpp"
#include "igdkit/ssdp/device_set.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igdkit::sim {

struct service_layout {
  service_id id = service_id::wan_ip_connection;
  std::string type_name;       // "WANIPConnection"
  unsigned version = 1;        // highest implemented version
  std::string service_id_urn;  // "urn:upnp-org:serviceId:WANIPConn1"
  std::string scpd_path;       // "/WANIPCn.xml" (absolute paths: no URLBase needed)
  std::string control_path;    // "/ctl/IPConn"
  std::string event_path;      // "/evt/IPConn"
  std::size_t wan_device = 0;  // the WANDevice (document order) it belongs to; 0 for root services

  std::string service_type() const;  // "urn:schemas-upnp-org:service:WANIPConnection:2"
};

struct device_identity {
  std::string friendly_name = "igdkit simrouter";
  std::string manufacturer = "igdkit";
  std::string manufacturer_url = "https://example.invalid/igdkit";
  std::string model_description = "Simulated Internet Gateway Device";
  std::string model_name = "simrouter";
  std::string model_number = "1";
  std::string model_url = "https://example.invalid/igdkit/simrouter";
  std::string serial_number = "00000001";
};

struct device_layout {
  std::string type_name;  // "InternetGatewayDevice"
  unsigned version = 1;
  std::string uuid;       // without "uuid:"
  device_identity identity;
  std::vector<service_layout> services;
  std::vector<device_layout> devices;  // embedded devices

  std::string device_type() const;  // "urn:schemas-upnp-org:device:WANDevice:2"
};

struct root_layout {
  device_layout root;
  std::uint32_t config_id = 1;                // root@configId and CONFIGID.UPNP.ORG
  std::optional<std::string> url_base;        // quirk profiles only; spec-clean routers omit it
  std::optional<std::string> presentation_url;
};

// Which connection service each WANConnectionDevice holds.
enum class wan_connection_kind {
  ip,   // WANIPConnection (:2 on IGD:2)
  ppp,  // WANPPPConnection:1 only (DSL firmware without WANIPConnection)
};

struct layout_params {
  igd_version version = igd_version::v2;
  wan_connection_kind connection = wan_connection_kind::ip;
  // WANDevice subtrees. Extra ones come first, so the live link (router_config::live_wan_device,
  // set by the router to the last one) is not simply the first a client finds.
  std::size_t wan_devices = 1;
  std::optional<std::string> url_base;  // <URLBase>; spec-clean routers omit it (UDA 1.1+)
  // UUIDs of the root, WANDevice and WANConnectionDevice, without "uuid:". Empty ones are filled
  // by the router (device_uuid.hpp): a random root, the others derived from it.
  std::string root_uuid;
  std::string wan_device_uuid;
  std::string wan_connection_device_uuid;
  device_identity identity;
  bool layer3_forwarding = false;  // optional root service (miniupnpd ENABLE_L3F_SERVICE)
  std::uint32_t config_id = 1;
};

// The miniupnpd-shaped tree of digest §2.1: IGD -> WANDevice (WANCommonInterfaceConfig) ->
// WANConnectionDevice (WANIPConnection or WANPPPConnection, and WANIPv6FirewallControl on v2).
// WANDevice i > 0 gets its own UUIDs (4th UUID group = i) and paths under "/wan<i+1>".
root_layout make_igd_layout(const layout_params& params);

// Layer3Forwarding's DefaultConnectionService for the WAN connection of WANDevice `wan_device`
// ("uuid:<WANConnectionDevice>:WANConnectionDevice:1,urn:upnp-org:serviceId:WANIPConn1").
std::string default_connection_service(const layout_params& params, std::size_t wan_device);

// The SSDP view of the same tree: every embedded device flattened, service types at their
// highest versions.
ssdp::device_set to_device_set(const root_layout& layout);

// Routing lookups on request paths (exact match, query already stripped).
enum class path_role { description, scpd, control, event };
struct path_match {
  path_role role = path_role::description;
  const service_layout* service = nullptr;  // null for the root description
};
std::optional<path_match> match_path(const root_layout& layout, std::string_view path);

// Every service of the tree, depth first (root services first).
std::vector<const service_layout*> all_services(const root_layout& layout);

inline constexpr std::string_view root_description_path = "/rootDesc.xml";

}  // namespace igdkit::sim
