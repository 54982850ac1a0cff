#include "scpd_reader.hpp"

#include "igdkit/soap/xml_reader.hpp"

#include <pugixml.hpp>

namespace igdkit::conformance {
namespace scpd_detail {

using soap::detail::child_by_local_name;
using soap::detail::local_name;

std::string text_of(const pugi::xml_node& parent, std::string_view name) {
  return soap::detail::text_of(child_by_local_name(parent, name));
}

}  // namespace scpd_detail

const scpd_action* scpd_document::action(std::string_view name) const {
  for (const auto& a : actions) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const scpd_variable* scpd_document::variable(std::string_view name) const {
  for (const auto& v : variables) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

std::optional<scpd_document> read_scpd(std::string_view xml, std::string* error) {
  using namespace scpd_detail;
  auto doc = soap::detail::load_document(xml, {.max_bytes = std::size_t{1} << 20});
  if (!doc) {
    if (error) *error = doc.error().message();
    return std::nullopt;
  }
  scpd_document out;
  auto root = (*doc)->document_element();
  out.root_name = local_name(root);
  out.root_namespace = soap::detail::namespace_of(root);
  if (auto sv = child_by_local_name(root, "specVersion")) out.spec_version.emplace(text_of(sv, "major"), text_of(sv, "minor"));
  for (auto a : child_by_local_name(root, "actionList").children()) {
    if (a.type() != pugi::node_element || local_name(a) != "action") continue;
    scpd_action act{text_of(a, "name"), {}};
    for (auto arg : child_by_local_name(a, "argumentList").children()) {
      if (arg.type() != pugi::node_element || local_name(arg) != "argument") continue;
      act.arguments.push_back({text_of(arg, "name"), text_of(arg, "direction"), text_of(arg, "relatedStateVariable")});
    }
    out.actions.push_back(std::move(act));
  }
  for (auto v : child_by_local_name(root, "serviceStateTable").children()) {
    if (v.type() != pugi::node_element || local_name(v) != "stateVariable") continue;
    out.variables.push_back({text_of(v, "name"), text_of(v, "dataType"), v.attribute("sendEvents").value()});
  }
  return out;
}

}  // namespace igdkit::conformance
