#include "igdkit/gena/propertyset.hpp"

#include "igdkit/gena/error.hpp"
#include "igdkit/soap/error.hpp"
#include "igdkit/soap/xml_reader.hpp"
#include "igdkit/soap/xml_writer.hpp"

namespace igdkit::gena {

std::string build_propertyset(std::span<const property> properties) {
  std::string out = "<?xml version=\"1.0\"?>\r\n<e:propertyset xmlns:e=\"";
  out += event_namespace;
  out += "\">";
  for (const auto& p : properties) {
    out += "<e:property><";
    out += p.name;
    out += '>';
    soap::detail::append_text(out, p.value);
    out += "</";
    out += p.name;
    out += "></e:property>";
  }
  out += "</e:propertyset>\r\n";
  return out;
}

result<std::vector<property>> parse_propertyset(std::string_view body, const propertyset_limits& limits) {
  namespace xml = soap::detail;
  // Depth 4 is enough for propertyset > property > variable > text.
  auto doc = xml::load_document(body, {.max_bytes = limits.max_bytes, .max_depth = 4, .max_arguments = 0});
  if (!doc) {
    return make_error_code(doc.error() == soap::errc::xml_too_large ? errc::propertyset_too_large
                                                                   : errc::bad_propertyset);
  }
  const auto root = (*doc)->document_element();
  if (xml::local_name(root) != "propertyset") return make_error_code(errc::bad_propertyset);
  std::vector<property> out;
  for (const auto& prop : root.children()) {
    if (prop.type() != pugi::node_element) continue;
    if (xml::local_name(prop) != "property") return make_error_code(errc::bad_propertyset);
    for (const auto& var : prop.children()) {
      if (var.type() != pugi::node_element) continue;
      if (xml::first_element_child(var)) return make_error_code(errc::bad_propertyset);
      if (out.size() == limits.max_properties) return make_error_code(errc::propertyset_too_large);
      out.push_back({std::string(xml::local_name(var)), xml::text_of(var)});
    }
  }
  return out;
}

}  // namespace igdkit::gena
