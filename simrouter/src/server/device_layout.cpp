#include "igdkit/sim/device_layout.hpp"

#include "igdkit/sim/device_uuid.hpp"

#include <algorithm>

namespace igdkit::sim {

namespace {

constexpr std::string_view upnp_domain = "schemas-upnp-org";

// WANDevice i > 0 lives under "/wan<i+1>" so its control URLs differ; the SCPDs are shared.
struct wan_paths {
  std::string prefix;  // "" or "/wan2"
  std::size_t index = 0;
};

service_layout make_service(service_id id, std::string name, unsigned version, std::string sid, std::string scpd,
                            const std::string& suffix, const wan_paths& wan = {}) {
  return service_layout{id,
                        std::move(name),
                        version,
                        "urn:upnp-org:serviceId:" + std::move(sid),
                        std::move(scpd),
                        wan.prefix + "/ctl/" + suffix,
                        wan.prefix + "/evt/" + suffix,
                        wan.index};
}

// UUID of the i-th copy of a device: the 4th group of a canonical UUID becomes i in hex
// ("...-0000-000000000001" -> "...-0001-000000000001"); other spellings get "-<i>" appended.
std::string indexed_uuid(const std::string& base, std::size_t i) {
  if (i == 0) return base;
  constexpr std::size_t group = 19;  // 8-4-4-: the 4th group starts here
  if (base.size() != 36 || base[group - 1] != '-' || base[group + 4] != '-') return base + "-" + std::to_string(i);
  constexpr char hex[] = "0123456789abcdef";
  std::string out = base;
  for (std::size_t d = 0; d < 4; ++d) out[group + 3 - d] = hex[(i >> (4 * d)) & 0xFu];
  return out;
}

device_layout make_wan_device(const layout_params& p, unsigned v, std::size_t i) {
  const wan_paths wan{i == 0 ? std::string() : "/wan" + std::to_string(i + 1), i};
  device_layout conn{"WANConnectionDevice", v, indexed_uuid(p.wan_connection_device_uuid, i), p.identity, {}, {}};
  if (p.connection == wan_connection_kind::ppp)
    conn.services.push_back(make_service(service_id::wan_ppp_connection, "WANPPPConnection", 1, "WANPPPConn1",
                                         "/WANPPPCn.xml", "PPPConn", wan));
  else
    conn.services.push_back(make_service(service_id::wan_ip_connection, "WANIPConnection", v, "WANIPConn1",
                                         "/WANIPCn.xml", "IPConn", wan));
  if (p.version == igd_version::v2)
    conn.services.push_back(make_service(service_id::wan_ipv6_firewall_control, "WANIPv6FirewallControl", 1,
                                         "WANIPv6Firewall1", "/WANIP6FC.xml", "IP6FCtl", wan));

  device_layout dev{"WANDevice", v, indexed_uuid(p.wan_device_uuid, i), p.identity, {}, {}};
  dev.services.push_back(make_service(service_id::wan_common_interface_config, "WANCommonInterfaceConfig", 1,
                                      "WANCommonIFC1", "/WANCfg.xml", "CmnIfCfg", wan));
  dev.devices.push_back(std::move(conn));
  return dev;
}

void flatten(const device_layout& d, std::vector<ssdp::advertised_device>& out) {
  ssdp::advertised_device a;
  a.uuid = d.uuid;
  a.type = ssdp::search_target::device(d.type_name, d.version);
  for (const auto& s : d.services) {
    auto t = ssdp::search_target::service(s.type_name, s.version);
    // One announcement per distinct service type per device (§1.5).
    bool seen = false;
    for (const auto& x : a.services) seen = seen || x == t;
    if (!seen) a.services.push_back(std::move(t));
  }
  out.push_back(std::move(a));
  for (const auto& child : d.devices) flatten(child, out);
}

void collect(const device_layout& d, std::vector<const service_layout*>& out) {
  for (const auto& s : d.services) out.push_back(&s);
  for (const auto& child : d.devices) collect(child, out);
}

}  // namespace

std::string service_layout::service_type() const {
  return "urn:" + std::string(upnp_domain) + ":service:" + type_name + ":" + std::to_string(version);
}

std::string device_layout::device_type() const {
  return "urn:" + std::string(upnp_domain) + ":device:" + type_name + ":" + std::to_string(version);
}

root_layout make_igd_layout(const layout_params& params) {
  layout_params p = params;
  assign_device_uuids(p);
  const unsigned v = p.version == igd_version::v2 ? 2u : 1u;
  device_layout root{"InternetGatewayDevice", v, p.root_uuid, p.identity, {}, {}};
  if (p.layer3_forwarding)
    root.services.push_back(
        make_service(service_id::layer3_forwarding, "Layer3Forwarding", 1, "L3Forwarding1", "/L3F.xml", "L3F"));
  for (std::size_t i = 0; i < std::max<std::size_t>(p.wan_devices, 1); ++i) root.devices.push_back(make_wan_device(p, v, i));
  return root_layout{std::move(root), p.config_id, p.url_base, std::nullopt};
}

std::string default_connection_service(const layout_params& params, std::size_t wan_device) {
  layout_params p = params;
  assign_device_uuids(p);
  const char* service = p.connection == wan_connection_kind::ppp ? "WANPPPConn1" : "WANIPConn1";
  return "uuid:" + indexed_uuid(p.wan_connection_device_uuid, wan_device) +
         ":WANConnectionDevice:1,urn:upnp-org:serviceId:" + service;
}

ssdp::device_set to_device_set(const root_layout& layout) {
  std::vector<ssdp::advertised_device> flat;
  flatten(layout.root, flat);
  ssdp::device_set set;
  set.root = std::move(flat.front());
  set.embedded.assign(std::make_move_iterator(flat.begin() + 1), std::make_move_iterator(flat.end()));
  return set;
}

std::vector<const service_layout*> all_services(const root_layout& layout) {
  std::vector<const service_layout*> out;
  collect(layout.root, out);
  return out;
}

std::optional<path_match> match_path(const root_layout& layout, std::string_view path) {
  if (path == root_description_path) return path_match{path_role::description, nullptr};
  for (const auto* s : all_services(layout)) {
    if (path == s->scpd_path) return path_match{path_role::scpd, s};
    if (path == s->control_path) return path_match{path_role::control, s};
    if (path == s->event_path) return path_match{path_role::event, s};
  }
  return std::nullopt;
}

}  // namespace igdkit::sim
