#include "igdkit/igd/description.hpp"
#include "igdkit/url_parse.hpp"

#include "xml_local.hpp"
#include "igdkit/text.hpp"


#include <cstring>
#include <vector>

namespace igdkit::igd {
namespace {

namespace urls = boost::urls;
using detail::child;
using detail::child_text;
using detail::local_name;

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// Iterative so that the depth check itself cannot exhaust the stack.
bool exceeds_depth(const pugi::xml_node& root, std::size_t max_depth) {
  std::vector<std::pair<pugi::xml_node, std::size_t>> stack{{root, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (depth > max_depth) return true;
    for (auto c : node.children())
      if (c.type() == pugi::node_element) stack.emplace_back(c, depth + 1);
  }
  return false;
}

std::optional<std::uint32_t> to_u32(std::string_view s) { return igdkit::text::parse_decimal<std::uint32_t>(s); }

class parser {
 public:
  parser(urls::url_view location, urls::url_view base, const description_limits& limits, url_policy policy)
      : location_(location), base_(base), limits_(limits), policy_(policy) {}

  result<device> parse_device(const pugi::xml_node& node) {
    if (++devices_ > limits_.max_devices) return make_error_code(errc::too_many_devices);
    device d;
    d.device_type = child_text(node, "deviceType");
    d.udn = child_text(node, "UDN");
    if (d.device_type.empty() || d.udn.empty()) return make_error_code(errc::missing_device_field);
    d.friendly_name = child_text(node, "friendlyName");
    d.manufacturer = child_text(node, "manufacturer");
    d.model_name = child_text(node, "modelName");
    d.model_number = child_text(node, "modelNumber");
    d.model_description = child_text(node, "modelDescription");
    d.serial = child_text(node, "serialNumber");
    if (auto p = child_text(node, "presentationURL"); !p.empty()) {
      if (auto u = resolve_service_url(base_, p)) d.presentation_url = std::move(*u);
    }
    for (auto s : child(node, "serviceList").children()) {
      if (s.type() != pugi::node_element || local_name(s) != "service") continue;
      auto svc = parse_service(s);
      if (!svc) return svc.error();
      d.services.push_back(std::move(*svc));
    }
    for (auto e : child(node, "deviceList").children()) {
      if (e.type() != pugi::node_element || local_name(e) != "device") continue;
      auto sub = parse_device(e);  // recursion bounded by max_depth, checked beforehand
      if (!sub) return sub.error();
      d.devices.push_back(std::move(*sub));
    }
    return d;
  }

 private:
  result<service> parse_service(const pugi::xml_node& node) {
    if (++services_ > limits_.max_services) return make_error_code(errc::too_many_services);
    service s;
    s.service_type = child_text(node, "serviceType");
    auto control = child_text(node, "controlURL");
    if (s.service_type.empty() || control.empty()) return make_error_code(errc::missing_service_field);
    auto info = classify_service_type(s.service_type);
    s.kind = info.kind;
    s.version = info.version;
    s.service_id = child_text(node, "serviceId");
    auto ctl = checked_url(control);
    if (!ctl) return ctl.error();
    s.control_url = std::move(*ctl);
    for (auto [name, slot] : {std::pair{"SCPDURL", &s.scpd_url}, std::pair{"eventSubURL", &s.event_url}}) {
      auto text = child_text(node, name);
      if (text.empty()) continue;
      auto u = checked_url(text);
      if (!u) return u.error();
      *slot = std::move(*u);
    }
    return s;
  }

  result<urls::url> checked_url(std::string_view reference) {
    auto u = resolve_service_url(base_, reference);
    if (!u) return u.error();
    if (auto ec = check_url(*u, location_, policy_)) return ec;
    return u;
  }

  urls::url_view location_;
  urls::url_view base_;
  const description_limits& limits_;
  url_policy policy_;
  std::size_t devices_ = 0;
  std::size_t services_ = 0;
};

}  // namespace

result<description> parse_description(std::string_view xml, urls::url_view location,
                                      const description_limits& limits, url_policy policy) {
  if (xml.size() > limits.max_size) return make_error_code(errc::xml_too_large);
  if (xml.starts_with(utf8_bom)) xml.remove_prefix(utf8_bom.size());

  pugi::xml_document doc;
  // No DOCTYPE/entity expansion in pugixml, so no entity bombs; parse_ws_pcdata off by default.
  auto parsed = doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) return make_error_code(errc::xml_malformed);
  if (exceeds_depth(doc, limits.max_depth)) return make_error_code(errc::xml_too_deep);

  auto root = doc.document_element();
  if (!root || local_name(root) != "root") return make_error_code(errc::not_a_device_description);
  auto dev = child(root, "device");
  if (!dev) return make_error_code(errc::not_a_device_description);

  description desc;
  if (auto sv = child(root, "specVersion")) {
    auto major = to_u32(child_text(sv, "major"));
    auto minor = to_u32(child_text(sv, "minor"));
    if (major) desc.version = spec_version{*major, minor.value_or(0)};
  }
  for (auto attr : root.attributes()) {
    std::string_view name = attr.name();
    if (name == "configId" || name.ends_with(":configId")) desc.config_id = to_u32(attr.value());
  }
  std::optional<urls::url_view> base_view;
  if (auto text = child_text(root, "URLBase"); !text.empty()) {
    if (auto u = igdkit::parse_absolute_url(text)) {
      desc.url_base = urls::url{*u};
      base_view = *desc.url_base;
    }
  }
  auto base = effective_base(location, base_view);
  if (!base) return base.error();

  parser p{location, *base, limits, policy};
  auto root_device = p.parse_device(dev);
  if (!root_device) return root_device.error();
  desc.root = std::move(*root_device);
  return desc;
}

}  // namespace igdkit::igd
