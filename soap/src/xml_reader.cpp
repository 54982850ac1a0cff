#include "igdkit/soap/xml_reader.hpp"

#include "igdkit/text.hpp"

#include "igdkit/soap/error.hpp"

namespace igdkit::soap::detail {
namespace {

// Depth check after parsing: pugixml's parser and walker are iterative, so a nesting bomb
// within the size cap costs memory (bounded by max_bytes) but never the stack.
class depth_walker final : public pugi::xml_tree_walker {
 public:
  explicit depth_walker(std::size_t max) : max_(max) {}
  bool for_each(pugi::xml_node&) override {
    if (static_cast<std::size_t>(depth()) >= max_) {
      too_deep_ = true;
      return false;
    }
    return true;
  }
  bool too_deep() const noexcept { return too_deep_; }

 private:
  std::size_t max_;
  bool too_deep_ = false;
};

bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

result<std::unique_ptr<pugi::xml_document>> load_document(std::string_view body, const xml_limits& limits) {
  if (body.size() > limits.max_bytes) return make_error_code(errc::xml_too_large);
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  while (!body.empty() && is_space(body.front())) body.remove_prefix(1);
  if (body.empty()) return make_error_code(errc::xml_malformed);

  auto doc = std::make_unique<pugi::xml_document>();
  // ws_pcdata_single keeps an argument whose whole value is whitespace; no DOCTYPE/entity
  // expansion beyond the five predefined ones and numeric references.
  const unsigned options = pugi::parse_default | pugi::parse_ws_pcdata_single;
  const auto parsed = doc->load_buffer(body.data(), body.size(), options, pugi::encoding_utf8);
  if (!parsed) return make_error_code(errc::xml_malformed);
  if (!doc->document_element()) return make_error_code(errc::xml_malformed);

  depth_walker walker(limits.max_depth);
  doc->traverse(walker);
  if (walker.too_deep()) return make_error_code(errc::xml_too_deep);
  return doc;
}

std::string_view local_name(const pugi::xml_node& node) noexcept {
  std::string_view n = node.name();
  if (auto colon = n.rfind(':'); colon != std::string_view::npos) n.remove_prefix(colon + 1);
  return n;
}

pugi::xml_node child_by_local_name(const pugi::xml_node& parent, std::string_view name) {
  for (auto child : parent.children()) {
    if (child.type() == pugi::node_element && local_name(child) == name) return child;
  }
  return {};
}

pugi::xml_node descendant_by_local_name(const pugi::xml_node& node, std::string_view name) {
  return node.find_node([name](const pugi::xml_node& n) {
    return n.type() == pugi::node_element && local_name(n) == name;
  });
}

pugi::xml_node first_element_child(const pugi::xml_node& parent) {
  for (auto child : parent.children()) {
    if (child.type() == pugi::node_element) return child;
  }
  return {};
}

// pugixml decodes references XML 1.0 forbids (&#1;) into control bytes; they are dropped here as
// the writer drops them, so a value read, written and read again is the same value.
std::string text_of(const pugi::xml_node& node) {
  std::string out;
  for (auto child : node.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) out += child.value();
  }
  return igdkit::text::xml_representable(out);
}

std::string namespace_bound(const pugi::xml_node& element, std::string_view prefix) {
  const std::string attr = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
  for (auto e = element; e && e.type() == pugi::node_element; e = e.parent()) {
    if (auto a = e.attribute(attr.c_str())) return a.value();
  }
  return {};
}

std::string namespace_of(const pugi::xml_node& element) {
  std::string_view n = element.name();
  const auto colon = n.find(':');
  return namespace_bound(element, colon == std::string_view::npos ? std::string_view() : n.substr(0, colon));
}

namespace {

// UPnP argument names are XML names; in practice ASCII. A name outside this set could not be
// written back (build_*_body emits it unprefixed), so it is refused here rather than passed on.
bool is_argument_name(std::string_view name) {
  const auto alpha = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; };
  if (name.empty() || !alpha(name.front())) return false;
  for (const char c : name)
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.') return false;
  return true;
}

}  // namespace

result<argument_list> read_arguments(const pugi::xml_node& element, const xml_limits& limits) {
  argument_list args;
  for (auto child : element.children()) {
    if (child.type() != pugi::node_element) continue;
    if (args.size() >= limits.max_arguments) return make_error_code(errc::too_many_arguments);
    const auto name = local_name(child);
    if (!is_argument_name(name)) return make_error_code(errc::bad_argument_name);
    args.push_back({std::string(name), text_of(child)});
  }
  return args;
}

}  // namespace igdkit::soap::detail
