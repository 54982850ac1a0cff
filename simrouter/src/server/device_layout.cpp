#include "igdkit/sim/device_layout.hpp"

namespace igdkit::sim {

namespace {

constexpr std::string_view upnp_domain = "schemas-upnp-org";

service_layout make_service(service_id id, std::string name, unsigned version, std::string sid, std::string scpd,
                            std::string suffix) {
  return service_layout{id, std::move(name), version, "urn:upnp-org:serviceId:" + std::move(sid), std::move(scpd),
                        "/ctl/" + suffix, "/evt/" + suffix};
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

root_layout make_igd_layout(const layout_params& p) {
  const unsigned v = p.version == igd_version::v2 ? 2u : 1u;

  device_layout conn{"WANConnectionDevice", v, p.wan_connection_device_uuid, p.identity, {}, {}};
  conn.services.push_back(make_service(service_id::wan_ip_connection, "WANIPConnection", v, "WANIPConn1",
                                       "/WANIPCn.xml", "IPConn"));
  if (p.version == igd_version::v2)
    conn.services.push_back(make_service(service_id::wan_ipv6_firewall_control, "WANIPv6FirewallControl", 1,
                                         "WANIPv6Firewall1", "/WANIP6FC.xml", "IP6FCtl"));

  device_layout wan{"WANDevice", v, p.wan_device_uuid, p.identity, {}, {}};
  wan.services.push_back(make_service(service_id::wan_common_interface_config, "WANCommonInterfaceConfig", 1,
                                      "WANCommonIFC1", "/WANCfg.xml", "CmnIfCfg"));
  wan.devices.push_back(std::move(conn));

  device_layout root{"InternetGatewayDevice", v, p.root_uuid, p.identity, {}, {}};
  if (p.layer3_forwarding)
    root.services.push_back(
        make_service(service_id::layer3_forwarding, "Layer3Forwarding", 1, "L3Forwarding1", "/L3F.xml", "L3F"));
  root.devices.push_back(std::move(wan));

  return root_layout{std::move(root), p.config_id, std::nullopt, std::nullopt};
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
