// SOAP control rules (UDA 1.1 §3.2.1): Content-Type, SOAPACTION, the envelope and the action's
// in-arguments against simrouter's own SCPD table for the service and version the client named.
// The envelope is read with the SOAP core's reader; nothing here parses XML by hand.
#include "checks.hpp"

#include "igdkit/soap/request.hpp"
#include "igdkit/soap/xml_reader.hpp"
#include "igdkit/text.hpp"

#include <boost/beast/http/field.hpp>

#include <algorithm>
#include <optional>

namespace igdkit::sim::strict::detail {

namespace {

namespace http = boost::beast::http;

constexpr std::string_view envelope_ns = "http://schemas.xmlsoap.org/soap/envelope/";
constexpr std::string_view encoding_ns = "http://schemas.xmlsoap.org/soap/encoding/";
constexpr std::string_view service_prefix = "urn:schemas-upnp-org:service:";

std::string_view header_value(const http_request& r, std::string_view name) {
  const auto it = r.find(name);
  if (it == r.end()) return {};
  return {it->value().data(), it->value().size()};
}

void check_content_type(const http_request& request, findings& out) {
  const auto value = text::trim(header_value(request, "Content-Type"));
  const auto evidence = evidence_of("Content-Type: " + std::string(value));
  const auto semi = value.find(';');
  const auto media = text::trim(value.substr(0, semi));
  if (!text::iequals(media, "text/xml")) {
    out.push_back({"http.content-type",
                   value.empty() ? std::string("control request without Content-Type")
                                 : "Content-Type is " + std::string(media) + ", not text/xml",
                   evidence});
    return;
  }
  // Parameters: charset="utf-8" (quoted or not, any case: RFC 7231 §3.1.1.1 makes them equal).
  bool utf8 = false;
  auto params = semi == std::string_view::npos ? std::string_view{} : value.substr(semi + 1);
  while (!params.empty()) {
    const auto next = params.find(';');
    auto param = text::trim(params.substr(0, next));
    params = next == std::string_view::npos ? std::string_view{} : params.substr(next + 1);
    const auto eq = param.find('=');
    if (eq == std::string_view::npos || !text::iequals(text::trim(param.substr(0, eq)), "charset")) continue;
    auto v = text::trim(param.substr(eq + 1));
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
    utf8 = text::iequals(v, "utf-8");
  }
  if (!utf8) out.push_back({"http.content-type-charset", "Content-Type without charset=\"utf-8\"", evidence});
}

// "urn:schemas-upnp-org:service:WANIPConnection:2" -> ("WANIPConnection", 2).
std::optional<std::pair<std::string_view, unsigned>> split_service_type(std::string_view type) {
  if (!type.starts_with(service_prefix)) return std::nullopt;
  type.remove_prefix(service_prefix.size());
  const auto colon = type.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const auto version = text::parse_decimal<unsigned>(type.substr(colon + 1));
  if (!version || *version == 0) return std::nullopt;
  return std::pair{type.substr(0, colon), *version};
}

// The namespace URI an attribute's prefix is bound to (searched up from its element).
std::string attribute_namespace(const pugi::xml_node& element, std::string_view qualified) {
  const auto colon = qualified.find(':');
  if (colon == std::string_view::npos) return {};  // unprefixed attributes are in no namespace
  return soap::detail::namespace_bound(element, qualified.substr(0, colon));
}

std::string start_tag(const pugi::xml_node& element) {
  std::string out = "<" + std::string(element.name());
  for (const auto& a : element.attributes()) out += " " + std::string(a.name()) + "=\"" + a.value() + "\"";
  return out + ">";
}

void check_envelope(const pugi::xml_node& envelope, findings& out) {
  if (soap::detail::namespace_of(envelope) != envelope_ns) {
    out.push_back({"soap.envelope-namespace",
                   "Envelope namespace is \"" + soap::detail::namespace_of(envelope) + "\"", evidence_of(start_tag(envelope))});
  }
  std::optional<std::string> style;
  for (const auto& a : envelope.attributes()) {
    const std::string_view name = a.name();
    const auto colon = name.find(':');
    const auto local = colon == std::string_view::npos ? name : name.substr(colon + 1);
    if (local == "encodingStyle" && attribute_namespace(envelope, name) == envelope_ns) style = a.value();
  }
  if (!style)
    out.push_back({"soap.encoding-style", "Envelope without s:encodingStyle", evidence_of(start_tag(envelope))});
  else if (*style != encoding_ns)
    out.push_back({"soap.encoding-style", "encodingStyle is \"" + *style + "\"", evidence_of(start_tag(envelope))});
}

const scpd_action* find_action(const scpd_service& table, std::string_view name) {
  for (const auto& a : table.actions)
    if (a.name == name) return &a;
  return nullptr;
}

const scpd_state_variable* find_variable(const scpd_service& table, std::string_view name) {
  for (const auto& v : table.variables)
    if (v.name == name) return &v;
  return nullptr;
}

std::string joined(const std::vector<std::string_view>& names) {
  std::string out;
  for (const auto n : names) out += (out.empty() ? "" : ", ") + std::string(n);
  return out;
}

// Presence, order and values of the in-arguments (UDA 1.1 §3.2.1: all of them, in SCPD order).
void check_arguments(const scpd_service& table, const scpd_action& action, unsigned version,
                     const soap::argument_list& args, findings& out) {
  std::vector<const scpd_argument*> expected;
  for (const auto& a : action.arguments)
    if (a.direction == arg_direction::in) expected.push_back(&a);

  std::vector<std::string_view> sent, expected_names;
  for (const auto* e : expected) expected_names.push_back(e->name);
  std::vector<std::string_view> seen;
  for (const auto& arg : args) {
    sent.push_back(arg.name);
    const auto it = std::find_if(expected.begin(), expected.end(), [&](const scpd_argument* e) { return e->name == arg.name; });
    const bool duplicate = std::find(seen.begin(), seen.end(), arg.name) != seen.end();
    if (it == expected.end() || duplicate) {
      out.push_back({"soap.argument-extra",
                     std::string(action.name) + (duplicate ? " got " + arg.name + " twice" : " takes no argument " + arg.name),
                     evidence_of("<" + arg.name + ">" + arg.value + "</" + arg.name + ">")});
      continue;
    }
    seen.push_back(arg.name);
    const auto* variable = find_variable(table, (*it)->related_state_variable);
    if (variable) check_value(action.name, version, **it, *variable, arg.value, out);
  }
  for (const auto* e : expected) {
    if (std::find(seen.begin(), seen.end(), e->name) == seen.end())
      out.push_back({"soap.argument-missing", std::string(action.name) + " without " + std::string(e->name),
                     evidence_of("sent: " + joined(sent))});
  }
  // Order: the arguments that belong there, as sent, must follow the SCPD order.
  std::vector<std::string_view> in_scpd_order;
  for (const auto n : expected_names)
    if (std::find(seen.begin(), seen.end(), n) != seen.end()) in_scpd_order.push_back(n);
  if (seen != in_scpd_order)
    out.push_back({"soap.argument-order", std::string(action.name) + " arguments out of SCPD order",
                   evidence_of("sent: " + joined(seen) + "; SCPD: " + joined(expected_names))});
}

}  // namespace

void check_control(const http_request& request, const service_layout& service, findings& out) {
  check_content_type(request, out);

  const auto it = request.find("SOAPACTION");
  std::optional<soap::soap_action> named;
  if (it == request.end()) {
    out.push_back({"soap.soapaction-missing", "POST on " + service.control_path + " without SOAPACTION",
                   evidence_of(std::string(request.method_string()) + " " + std::string(request.target()))});
  } else {
    const auto raw = std::string_view(it->value().data(), it->value().size());
    const auto value = text::trim(raw);
    const auto evidence = evidence_of("SOAPACTION: " + std::string(raw));
    if (value.size() < 2 || value.front() != '"' || value.back() != '"')
      out.push_back({"soap.soapaction-quoted", "SOAPACTION without its double quotes", evidence});
    auto parsed = soap::parse_soap_action(raw);
    if (!parsed) {
      out.push_back({"soap.soapaction-form", "SOAPACTION is not \"serviceType#actionName\"", evidence});
    } else {
      named = std::move(*parsed);
      const auto type = split_service_type(named->service_type);
      if (!type || type->first != service.type_name || type->second > service.version) {
        out.push_back({"soap.soapaction-service",
                       "SOAPACTION names " + named->service_type + "; " + service.control_path + " is " +
                           service.service_type(),
                       evidence});
      }
    }
  }

  soap::xml_limits limits;
  auto doc = soap::detail::load_document(request.body(), limits);
  if (!doc) {
    out.push_back({"soap.xml-invalid", "body is not well-formed XML (" + doc.error().message() + ")",
                   evidence_of(request.body())});
    return;
  }
  const auto envelope = (*doc)->document_element();
  if (soap::detail::local_name(envelope) != "Envelope") {
    out.push_back({"soap.xml-invalid", "the document element is not an Envelope", evidence_of(start_tag(envelope))});
    return;
  }
  check_envelope(envelope, out);
  const auto body = soap::detail::child_by_local_name(envelope, "Body");
  if (!body) {
    out.push_back({"soap.xml-invalid", "Envelope without Body", evidence_of(request.body())});
    return;
  }
  if (soap::detail::namespace_of(body) != envelope_ns)
    out.push_back({"soap.envelope-namespace", "Body is not in the envelope namespace", evidence_of(start_tag(body))});
  const auto element = soap::detail::first_element_child(body);
  if (!element) {
    out.push_back({"soap.xml-invalid", "Body without an action element", evidence_of(request.body())});
    return;
  }
  const std::string action_name(soap::detail::local_name(element));
  const auto action_ns = soap::detail::namespace_of(element);
  if (named && named->action != action_name)
    out.push_back({"soap.body-action-mismatch", "SOAPACTION names " + named->action + ", the body " + action_name,
                   evidence_of(start_tag(element))});
  if (named && action_ns != named->service_type)
    out.push_back({"soap.action-namespace", "action element namespace is \"" + action_ns + "\"",
                   evidence_of(start_tag(element))});

  // The SCPD of the version the client asked for (a v1 URN on a v2 service gets the v1 table).
  unsigned version = service.version;
  if (named)
    if (const auto type = split_service_type(named->service_type); type && type->first == service.type_name)
      version = std::min(type->second, service.version);
  const auto table = scpd_for(service.id, version);
  const auto name = named ? named->action : action_name;
  const auto* action = find_action(table, name);
  if (!action) {
    out.push_back({"soap.action-unknown", service.type_name + ":" + std::to_string(version) + " has no action " + name,
                   evidence_of(start_tag(element))});
    return;
  }
  auto args = soap::detail::read_arguments(element, limits);
  if (!args) {
    out.push_back({"soap.xml-invalid", "arguments unreadable (" + args.error().message() + ")", evidence_of(start_tag(element))});
    return;
  }
  check_arguments(table, *action, version, *args, out);
}

}  // namespace igdkit::sim::strict::detail
