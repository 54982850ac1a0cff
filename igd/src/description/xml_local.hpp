#pragma once
// Private helpers: pugixml lookups by local name, so `<d:serviceList>` matches "serviceList".
#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace igdkit::igd::detail {

inline std::string_view local_name(const pugi::xml_node& node) noexcept {
  std::string_view name = node.name();
  auto colon = name.rfind(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

inline pugi::xml_node child(const pugi::xml_node& parent, std::string_view name) noexcept {
  for (auto c : parent.children())
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  return {};
}

// Element text with surrounding whitespace removed (routers pretty-print values).
inline std::string text_of(const pugi::xml_node& node) {
  std::string_view s = node.child_value();
  if (s.empty()) {
    // CDATA sections are separate children; fall back to the first one.
    for (auto c : node.children())
      if (c.type() == pugi::node_cdata) { s = c.value(); break; }
  }
  auto is_space = [](char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

inline std::string child_text(const pugi::xml_node& parent, std::string_view name) {
  auto c = child(parent, name);
  return c ? text_of(c) : std::string{};
}

}  // namespace igdkit::igd::detail
