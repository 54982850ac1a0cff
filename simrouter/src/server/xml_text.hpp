#pragma once
// pugixml helpers shared by the description and SCPD builders.
#include "igdkit/text.hpp"

#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace igdkit::sim::detail {

inline pugi::xml_node add_text(pugi::xml_node parent, const char* name, std::string_view text) {
  auto n = parent.append_child(name);
  n.text().set(igdkit::text::xml_representable(text).c_str());  // pugixml would write &#x1; for C0
  return n;
}

inline std::string to_xml_string(const pugi::xml_document& doc) {
  struct string_writer : pugi::xml_writer {
    std::string out;
    void write(const void* data, size_t size) override { out.append(static_cast<const char*>(data), size); }
  } w;
  doc.save(w, "  ", pugi::format_indent, pugi::encoding_utf8);
  return std::move(w.out);
}

}  // namespace igdkit::sim::detail
