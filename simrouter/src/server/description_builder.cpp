#include "igdkit/sim/description_builder.hpp"

#include "xml_text.hpp"

namespace igdkit::sim {

namespace {

using detail::add_text;

void add_spec_version(pugi::xml_node parent, const char* minor) {
  auto sv = parent.append_child("specVersion");
  add_text(sv, "major", "1");
  add_text(sv, "minor", minor);
}

// Element order follows miniupnpd's upnpdescgen.c, which every client has been tested against.
void add_device(pugi::xml_node parent, const device_layout& d, const std::optional<std::string>& presentation) {
  auto dev = parent.append_child("device");
  add_text(dev, "deviceType", d.device_type());
  const auto& id = d.identity;
  add_text(dev, "friendlyName", id.friendly_name);
  add_text(dev, "manufacturer", id.manufacturer);
  add_text(dev, "manufacturerURL", id.manufacturer_url);
  add_text(dev, "modelDescription", id.model_description);
  add_text(dev, "modelName", id.model_name);
  add_text(dev, "modelNumber", id.model_number);
  add_text(dev, "modelURL", id.model_url);
  add_text(dev, "serialNumber", id.serial_number);
  add_text(dev, "UDN", "uuid:" + d.uuid);
  if (!d.services.empty()) {
    auto list = dev.append_child("serviceList");
    for (const auto& s : d.services) {
      auto svc = list.append_child("service");
      add_text(svc, "serviceType", s.service_type());
      add_text(svc, "serviceId", s.service_id_urn);
      add_text(svc, "SCPDURL", s.scpd_path);
      add_text(svc, "controlURL", s.control_path);
      add_text(svc, "eventSubURL", s.event_path);
    }
  }
  if (!d.devices.empty()) {
    auto list = dev.append_child("deviceList");
    for (const auto& child : d.devices) add_device(list, child, std::nullopt);
  }
  if (presentation) add_text(dev, "presentationURL", *presentation);
}

}  // namespace

std::string build_root_description(const root_layout& layout) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  auto root = doc.append_child("root");
  root.append_attribute("xmlns") = "urn:schemas-upnp-org:device-1-0";
  root.append_attribute("configId") = layout.config_id;
  add_spec_version(root, "1");
  if (layout.url_base) add_text(root, "URLBase", *layout.url_base);
  add_device(root, layout.root, layout.presentation_url);
  return detail::to_xml_string(doc);
}

}  // namespace igdkit::sim
