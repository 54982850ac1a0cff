// The root description (UDA 2.0 §2.3; IGD:1/2 device templates; digest §2.1, §2.2). The SCPDs
// are checked in checks_scpd.cpp.
#include "check_support.hpp"

#include "igdkit/text.hpp"

#include "igdkit/soap/xml_reader.hpp"

#include <pugixml.hpp>

#include <functional>
#include <set>

namespace igdkit::conformance::support {
namespace description_group {

using soap::detail::child_by_local_name;
using soap::detail::local_name;

// The fetched root description as a pugixml tree; fails `r` when it is not well-formed.
std::unique_ptr<pugi::xml_document> root_tree(session& s, check_result& r) {
  const auto& fetch = s.facts().description_fetch;
  if (!fetch.answered() || fetch.status != 200) {
    skip(r, "the description was not fetched (" + describe(fetch) + ")");
    return nullptr;
  }
  auto doc = soap::detail::load_document(fetch.body, {.max_bytes = std::size_t{1} << 20});
  if (!doc) {
    fail(r, "the description is not well-formed XML: " + doc.error().message());
    return nullptr;
  }
  return std::move(*doc);
}

void each_device_node(const pugi::xml_node& device, const std::function<void(const pugi::xml_node&)>& f) {
  f(device);
  for (auto d : child_by_local_name(device, "deviceList").children()) {
    if (d.type() == pugi::node_element && local_name(d) == "device") each_device_node(d, f);
  }
}

void each_service_node(const pugi::xml_node& root, const std::function<void(const pugi::xml_node&)>& f) {
  each_device_node(child_by_local_name(root, "device"), [&](const pugi::xml_node& d) {
    for (auto svc : child_by_local_name(d, "serviceList").children()) {
      if (svc.type() == pugi::node_element && local_name(svc) == "service") f(svc);
    }
  });
}

std::string text(const pugi::xml_node& parent, std::string_view name) {
  return soap::detail::text_of(child_by_local_name(parent, name));
}

void fetched(session& s, check_result& r) {
  const auto& f = s.facts().description_fetch;
  if (!f.answered() || f.status != 200) fail(r, "GET " + std::string(s.facts().location.buffer()) + ": " + describe(f));
  r.evidence.push_back({"GET " + std::string(s.facts().location.buffer()), trim_evidence(to_text(f)), f.error ? f.error.message() : ""});
}

void content_type(session& s, check_result& r) {
  const auto& f = s.facts().description_fetch;
  if (!f.answered()) return skip(r, "the description was not fetched");
  auto ct = header(f, "Content-Type").value_or("");
  if (!text::istarts_with(ct, "text/xml")) fail(r, "Content-Type is '" + ct + "', expected text/xml");
}

void well_formed(session& s, check_result& r) { (void)root_tree(s, r); }

void root_namespace(session& s, check_result& r) {
  auto doc = root_tree(s, r);
  if (!doc) return;
  auto root = doc->document_element();
  if (local_name(root) != "root") fail(r, "the document element is <" + std::string(root.name()) + ">, not <root>");
  auto ns = soap::detail::namespace_of(root);
  if (ns != "urn:schemas-upnp-org:device-1-0") fail(r, "the root namespace is '" + ns + "'");
}

void spec_version(session& s, check_result& r) {
  auto doc = root_tree(s, r);
  if (!doc) return;
  auto sv = child_by_local_name(doc->document_element(), "specVersion");
  if (!sv) return fail(r, "no <specVersion>");
  if (text(sv, "major") != "1") fail(r, "specVersion major is '" + text(sv, "major") + "', expected 1");
  if (text(sv, "minor").empty()) fail(r, "specVersion has no minor");
}

void root_device_type(session& s, check_result& r) {
  auto* d = need_description(s, r);
  if (!d) return;
  const auto& t = d->root.device_type;
  if (t.rfind("urn:schemas-upnp-org:device:InternetGatewayDevice:", 0) != 0)
    fail(r, "the root deviceType is '" + t + "', not urn:schemas-upnp-org:device:InternetGatewayDevice:N");
}

void required_elements(session& s, check_result& r) {
  auto doc = root_tree(s, r);
  if (!doc) return;
  each_device_node(child_by_local_name(doc->document_element(), "device"), [&](const pugi::xml_node& dev) {
    for (auto e : {"deviceType", "friendlyName", "manufacturer", "modelName", "UDN"}) {
      if (text(dev, e).empty()) fail(r, "device '" + text(dev, "deviceType") + "' lacks <" + e + ">");
    }
  });
}

void udn_format(session& s, check_result& r) {
  auto doc = root_tree(s, r);
  if (!doc) return;
  each_device_node(child_by_local_name(doc->document_element(), "device"), [&](const pugi::xml_node& dev) {
    auto udn = text(dev, "UDN");
    if (udn.rfind("uuid:", 0) != 0 || udn.size() < 6) fail(r, "UDN '" + udn + "' is not uuid:<UUID>");
  });
}

void udn_unique(session& s, check_result& r) {
  auto doc = root_tree(s, r);
  if (!doc) return;
  std::set<std::string> seen;
  each_device_node(child_by_local_name(doc->document_element(), "device"), [&](const pugi::xml_node& dev) {
    if (!seen.insert(text(dev, "UDN")).second) fail(r, "UDN " + text(dev, "UDN") + " names two devices");
  });
}

void device_tree(session& s, check_result& r) {
  auto* d = need_description(s, r);
  if (!d) return;
  const igd::device* wan_device = nullptr;
  for (const auto& e : d->root.devices) {
    if (e.device_type.find(":device:WANDevice:") != std::string::npos) wan_device = &e;
  }
  if (!wan_device) return fail(r, "the root device embeds no WANDevice");
  bool connection_device = false;
  for (const auto& e : wan_device->devices) {
    connection_device = connection_device || e.device_type.find(":device:WANConnectionDevice:") != std::string::npos;
  }
  if (!connection_device) fail(r, "the WANDevice embeds no WANConnectionDevice");
}

void service_elements(session& s, check_result& r) {
  auto doc = root_tree(s, r);
  if (!doc) return;
  each_service_node(doc->document_element(), [&](const pugi::xml_node& svc) {
    for (auto e : {"serviceType", "serviceId", "SCPDURL", "controlURL", "eventSubURL"}) {
      if (!child_by_local_name(svc, e)) fail(r, "service '" + text(svc, "serviceType") + "' lacks <" + e + ">");
    }
  });
}

void service_id_form(session& s, check_result& r) {
  auto doc = root_tree(s, r);
  if (!doc) return;
  each_service_node(doc->document_element(), [&](const pugi::xml_node& svc) {
    auto id = text(svc, "serviceId");
    if (id.rfind("urn:upnp-org:serviceId:", 0) != 0 && id.rfind("urn:", 0) != 0)
      fail(r, "serviceId '" + id + "' is not urn:<domain>:serviceId:<id>");
  });
}

void service_id_matches(session& s, check_result& r) {
  auto* d = need_description(s, r);
  if (!d) return;
  // The standard ids: WANIPConn1 for WANIPConnection, WANCommonIFC1, WANPPPConn1, WANIPv6Firewall1, L3Forwarding1.
  const std::pair<igd::service_kind, std::string_view> ids[] = {
      {igd::service_kind::wan_ip_connection, "WANIPConn"},
      {igd::service_kind::wan_ppp_connection, "WANPPPConn"},
      {igd::service_kind::wan_common_interface_config, "WANCommonIFC"},
      {igd::service_kind::wan_ipv6_firewall_control, "WANIPv6Firewall"},
      {igd::service_kind::layer3_forwarding, "L3Forwarding"}};
  std::function<void(const igd::device&)> walk = [&](const igd::device& dev) {
    for (const auto& svc : dev.services) {
      for (const auto& [kind, stem] : ids) {
        if (svc.kind == kind && svc.service_id.find(":serviceId:" + std::string(stem)) == std::string::npos)
          fail(r, "serviceId '" + svc.service_id + "' does not match serviceType " + svc.service_type);
      }
    }
    for (const auto& e : dev.devices) walk(e);
  };
  walk(d->root);
}

void urls_same_host(session& s, check_result& r) {
  if (s.facts().description) return;  // parsed under the same-host policy: every URL is on LOCATION's host
  const auto& f = s.facts().description_fetch;
  if (!f.answered() || f.status != 200) return skip(r, "the description was not fetched");
  auto any = igd::parse_description(f.body, s.facts().location, {}, igd::url_policy::allow_any_host);
  if (any) {
    fail(r, "a control, SCPD or event URL names another host than LOCATION (" + s.facts().description_error.message() + ")");
  } else {
    skip(r, "the description does not parse: " + any.error().message());
  }
}

void wan_connection(session& s, check_result& r) {
  if (!need_description(s, r)) return;
  if (!s.facts().wan) fail(r, "no WANIPConnection or WANPPPConnection service in a WANConnectionDevice");
}

void common_interface(session& s, check_result& r) {
  if (!need_wan(s, r)) return;
  if (!s.facts().wan->common_interface_config) fail(r, "no WANCommonInterfaceConfig service in the WANDevice");
}

void igd2_uses_wanip2(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan || !need_version(s, r, 2)) return;
  if (wan->kind == igd::service_kind::wan_ip_connection && wan->version < 2)
    fail(r, "an IGD:2 device offering " + wan->service_type);
}

constexpr std::string_view dev = "UDA 2.0 §2.3";
constexpr std::string_view igdt = "IGD:1/2 device template §2";
constexpr auto g = group::description;
const check_def table[] = {
    {{"description.fetch", g, severity::must, dev, "GET on LOCATION answers 200"}, fetched},
    {{"description.content-type", g, severity::must, dev, "the description is served as text/xml"}, content_type},
    {{"description.well-formed", g, severity::must, dev, "the description is well-formed XML"}, well_formed},
    {{"description.namespace", g, severity::must, dev, "<root> in urn:schemas-upnp-org:device-1-0"}, root_namespace},
    {{"description.spec-version", g, severity::must, dev, "specVersion 1.x"}, spec_version},
    {{"description.root-device-type", g, severity::must, igdt, "the root device is an InternetGatewayDevice"}, root_device_type},
    {{"description.required-elements", g, severity::must, dev, "every device has deviceType, friendlyName, manufacturer, modelName, UDN"}, required_elements},
    {{"description.udn-format", g, severity::must, "UDA 2.0 §1.1.4", "every UDN is uuid:<UUID>"}, udn_format},
    {{"description.udn-unique", g, severity::must, "UDA 2.0 §1.1.4", "no two devices share a UDN"}, udn_unique},
    {{"description.device-tree", g, severity::must, igdt, "InternetGatewayDevice > WANDevice > WANConnectionDevice"}, device_tree},
    {{"description.service-elements", g, severity::must, dev, "every service has serviceType, serviceId, SCPDURL, controlURL, eventSubURL"}, service_elements},
    {{"description.service-id-form", g, severity::must, dev, "every serviceId is urn:<domain>:serviceId:<id>"}, service_id_form},
    {{"description.service-id-matches", g, severity::should, igdt, "standard services carry their standard serviceId"}, service_id_matches},
    {{"description.urls-same-host", g, severity::must, "UDA 2.0 §2.3; digest §6.4", "every control, SCPD and event URL is on LOCATION's host"}, urls_same_host},
    {{"description.wan-connection", g, severity::must, igdt, "a WANIPConnection or WANPPPConnection service"}, wan_connection},
    {{"description.common-interface", g, severity::must, igdt, "a WANCommonInterfaceConfig service in the WANDevice"}, common_interface},
    {{"description.igd2-wanip2", g, severity::should, "IGD:2 device template §2", "an IGD:2 device offers WANIPConnection:2"}, igd2_uses_wanip2},
};

}  // namespace description_group

std::span<const check_def> description_checks() { return description_group::table; }

}  // namespace igdkit::conformance::support
