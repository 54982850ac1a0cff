#pragma once
// Tolerant reading helpers shared by the request and response parsers: routers use any prefix
// (s:, SOAP-ENV:, none), so everything here matches on local names.
#include "igdkit/result.hpp"
#include "igdkit/soap/action.hpp"
#include "igdkit/soap/limits.hpp"

#include <pugixml.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace igdkit::soap::detail {

// Parses body (BOM and leading whitespace tolerated) under the size and depth caps.
result<std::unique_ptr<pugi::xml_document>> load_document(std::string_view body, const xml_limits& limits);

// "SOAP-ENV:Body" -> "Body".
std::string_view local_name(const pugi::xml_node& node) noexcept;

// First element child with this local name, or an empty node.
pugi::xml_node child_by_local_name(const pugi::xml_node& parent, std::string_view name);

// First element anywhere below node (depth-first) with this local name, or an empty node.
pugi::xml_node descendant_by_local_name(const pugi::xml_node& node, std::string_view name);

pugi::xml_node first_element_child(const pugi::xml_node& parent);

// Concatenated text and CDATA children (a value may mix both).
std::string text_of(const pugi::xml_node& node);

// Namespace URI bound to the element's prefix, searched up through its ancestors.
std::string namespace_of(const pugi::xml_node& element);
// Namespace URI bound to `prefix` ("" for the default namespace) in scope at `element`.
std::string namespace_bound(const pugi::xml_node& element, std::string_view prefix);

// The element children of an action element as (local name, text) arguments, in order;
// too_many_arguments past limits.max_arguments.
result<argument_list> read_arguments(const pugi::xml_node& element, const xml_limits& limits);

}  // namespace igdkit::soap::detail
