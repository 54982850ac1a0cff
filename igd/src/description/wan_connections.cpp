#include "igdkit/igd/description_wan.hpp"

namespace igdkit::igd {
namespace {

bool is_connection(service_kind k) noexcept {
  return k == service_kind::wan_ip_connection || k == service_kind::wan_ppp_connection;
}

const service* find_kind(const device& d, service_kind kind) noexcept {
  for (const auto& s : d.services)
    if (s.kind == kind) return &s;
  return nullptr;
}

// Nearest match walking from the innermost device outwards.
std::optional<service> find_upwards(const std::vector<const device*>& path, service_kind kind) {
  for (auto it = path.rbegin(); it != path.rend(); ++it)
    if (const auto* s = find_kind(**it, kind)) return *s;
  return std::nullopt;
}

// Recursion depth is bounded by parse_description's depth limit.
void collect(const device& d, std::vector<const device*>& path, std::vector<wan_connection>& out) {
  path.push_back(&d);
  for (const auto& s : d.services) {
    if (!is_connection(s.kind)) continue;
    wan_connection c;
    c.connection = s;
    c.connection_device_udn = d.udn;
    c.connection_device_type = d.device_type;
    if (path.size() >= 2) {
      const auto* wan = path[path.size() - 2];
      c.wan_device_udn = wan->udn;
      c.wan_device_type = wan->device_type;
    }
    c.common_interface_config = find_upwards(path, service_kind::wan_common_interface_config);
    c.ipv6_firewall = find_upwards(path, service_kind::wan_ipv6_firewall_control);
    out.push_back(std::move(c));
  }
  for (const auto& sub : d.devices) collect(sub, path, out);
  path.pop_back();
}

bool has_igd_service(const device& d) noexcept {
  for (const auto& s : d.services)
    if (is_connection(s.kind) || s.kind == service_kind::wan_common_interface_config) return true;
  for (const auto& sub : d.devices)
    if (has_igd_service(sub)) return true;
  return false;
}

}  // namespace

std::vector<wan_connection> find_wan_connections(const description& desc) {
  std::vector<wan_connection> out;
  std::vector<const device*> path;
  collect(desc.root, path, out);
  return out;
}

bool is_igd(const description& desc) noexcept { return has_igd_service(desc.root); }

result<std::vector<wan_connection>> require_wan_connections(const description& desc) {
  if (!is_igd(desc)) return make_error_code(errc::not_an_igd);
  auto found = find_wan_connections(desc);
  if (found.empty()) return make_error_code(errc::no_wan_connection_service);
  return found;
}

}  // namespace igdkit::igd
