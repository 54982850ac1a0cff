#include "igdkit/sim/scpd.hpp"

#include "xml_text.hpp"

#include <algorithm>

namespace igdkit::sim {

scpd_service scpd_for(service_id service, unsigned version) {
  scpd_service s;
  switch (service) {
    case service_id::wan_ip_connection:
    case service_id::wan_ppp_connection: s = detail::wan_ip_connection_scpd(); break;
    case service_id::wan_common_interface_config: s = detail::common_interface_scpd(); break;
    case service_id::wan_ipv6_firewall_control: s = detail::firewall_scpd(); break;
    case service_id::layer3_forwarding: s = detail::layer3_scpd(); break;
  }
  std::erase_if(s.actions, [&](const scpd_action& a) { return a.min_version > version; });
  std::erase_if(s.variables, [&](const scpd_state_variable& v) { return v.min_version > version; });
  if (version < 2) {
    // v1 leases are unbounded (0 = permanent); the 604800 cap is an IGD:2 rule.
    for (auto& v : s.variables)
      if (v.name == "PortMappingLeaseDuration") v.range.reset();
  }
  return s;
}

std::string build_scpd(const scpd_service& service) {
  using detail::add_text;
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  auto scpd = doc.append_child("scpd");
  scpd.append_attribute("xmlns") = "urn:schemas-upnp-org:service-1-0";
  auto sv = scpd.append_child("specVersion");
  add_text(sv, "major", "1");
  add_text(sv, "minor", "0");

  auto actions = scpd.append_child("actionList");
  for (const auto& a : service.actions) {
    auto action = actions.append_child("action");
    add_text(action, "name", a.name);
    if (a.arguments.empty()) continue;
    auto list = action.append_child("argumentList");
    for (const auto& arg : a.arguments) {
      auto node = list.append_child("argument");
      add_text(node, "name", arg.name);
      add_text(node, "direction", arg.direction == arg_direction::in ? "in" : "out");
      add_text(node, "relatedStateVariable", arg.related_state_variable);
    }
  }

  auto table = scpd.append_child("serviceStateTable");
  for (const auto& v : service.variables) {
    auto var = table.append_child("stateVariable");
    var.append_attribute("sendEvents") = v.send_events ? "yes" : "no";
    add_text(var, "name", v.name);
    add_text(var, "dataType", v.data_type);
    if (!v.allowed_values.empty()) {
      auto list = var.append_child("allowedValueList");
      for (auto value : v.allowed_values) add_text(list, "allowedValue", value);
    }
    if (v.range) {
      auto range = var.append_child("allowedValueRange");
      add_text(range, "minimum", std::to_string(v.range->minimum));
      add_text(range, "maximum", std::to_string(v.range->maximum));
      if (v.range->step) add_text(range, "step", std::to_string(*v.range->step));
    }
  }
  return detail::to_xml_string(doc);
}

}  // namespace igdkit::sim
