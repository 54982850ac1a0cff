// NewPortListing XML (digest §4.5). Reading matches local names only, because the prefix is
// arbitrary; writing uses the spec sample's "p:" prefix.
#include "igdkit/igd/actions/port_listing.hpp"

#include "igdkit/igd/error.hpp"
#include "igdkit/text.hpp"

#include <pugixml.hpp>

namespace igdkit::igd {
namespace {

constexpr std::string_view cdata_open = "<![CDATA[";
constexpr std::string_view cdata_close = "]]>";

std::string_view local_name(std::string_view qname) noexcept {
  const auto colon = qname.rfind(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

// Text and CDATA children joined: a value may be split around a CDATA section. What is read must
// be what reads back after build_port_listing: control bytes XML 1.0 forbids (pugixml decodes
// &#23; into one) are dropped, as the builder drops them, and a CR from a &#13; reference becomes
// LF, as a raw CR written by the builder would by XML's end-of-line rule.
std::string element_text(const pugi::xml_node& n) {
  std::string joined;
  for (auto c : n.children())
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) joined += c.value();
  std::string out;
  out.reserve(joined.size());
  for (std::size_t i = 0; i < joined.size(); ++i) {
    const char c = joined[i];
    if (c == '\r') {
      if (i + 1 < joined.size() && joined[i + 1] == '\n') continue;  // CRLF -> LF
      out += '\n';
    } else if (!igdkit::text::is_forbidden_in_xml(c)) {
      out += c;
    }
  }
  return out;
}

struct string_writer : pugi::xml_writer {
  std::string out;
  void write(const void* data, std::size_t size) override { out.append(static_cast<const char*>(data), size); }
};

}  // namespace

result<std::string> build_port_listing(const std::vector<port_mapping_entry>& entries, argument_diagnostic* diag) {
  if (entries.size() > max_port_listing_entries) return errc::xml_too_large;
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "utf-8";
  auto root = doc.append_child("p:PortMappingList");
  root.append_attribute("xmlns:p") = std::string(port_listing_namespace).c_str();
  root.append_attribute("xmlns:xsi") = "http://www.w3.org/2001/XMLSchema-instance";
  root.append_attribute("xsi:schemaLocation") =
      "urn:schemas-upnp-org:gw:WANIPConnection http://www.upnp.org/schemas/gw/WANIPConnection-v2.xsd";
  for (const auto& e : entries) {
    auto args = encode_arguments(e, diag);
    if (!args) return args.error();
    auto node = root.append_child("p:PortMappingEntry");
    for (const auto& a : *args) {
      auto child = node.append_child(("p:" + a.name).c_str());
      // pugixml escapes markup characters, but writes C0 controls as references XML 1.0 forbids.
      const auto value = igdkit::text::xml_representable(a.value);
      child.text().set(value.data(), value.size());
    }
  }
  string_writer w;
  doc.save(w, "", pugi::format_raw, pugi::encoding_utf8);
  return std::move(w.out);
}

result<std::vector<port_mapping_entry>> parse_port_listing(std::string_view xml, argument_diagnostic* diag) {
  if (xml.size() > max_port_listing_bytes) return errc::xml_too_large;
  std::string_view body = igdkit::text::trim(xml);
  // A SOAP reader that hands over the raw element content leaves miniupnpd's CDATA wrapper on.
  if (body.starts_with(cdata_open) && body.ends_with(cdata_close))
    body = igdkit::text::trim(body.substr(cdata_open.size(), body.size() - cdata_open.size() - cdata_close.size()));
  if (body.empty()) return std::vector<port_mapping_entry>{};

  pugi::xml_document doc;
  const auto parsed = doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) return errc::xml_malformed;
  const auto root = doc.document_element();
  if (local_name(root.name()) != "PortMappingList") return errc::xml_malformed;

  auto is_entry = [](const pugi::xml_node& n) {
    return n.type() == pugi::node_element && local_name(n.name()) == "PortMappingEntry";
  };
  // Count first, so an oversized listing is refused before any entry is decoded.
  std::size_t count = 0;
  for (auto n : root.children())
    if (is_entry(n) && ++count > max_port_listing_entries) return errc::xml_too_large;

  std::vector<port_mapping_entry> out;
  out.reserve(count);
  for (auto entry : root.children()) {
    if (!is_entry(entry)) continue;
    soap::argument_list args;
    for (auto f : entry.children())
      if (f.type() == pugi::node_element) args.push_back({std::string(local_name(f.name())), element_text(f)});
    // A listing is router output: read it like any other response (field.hpp).
    auto decoded = decode_arguments<port_mapping_entry>(args, decode_mode::tolerant, diag);
    if (!decoded) return decoded.error();
    out.push_back(std::move(*decoded));
  }
  return out;
}

}  // namespace igdkit::igd
