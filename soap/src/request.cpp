#include "igdkit/soap/request.hpp"

#include "igdkit/soap/error.hpp"
#include "igdkit/soap/xml_reader.hpp"
#include "igdkit/soap/xml_writer.hpp"
#include "igdkit/text.hpp"

namespace igdkit::soap {

std::string soap_action_header(std::string_view service_type, std::string_view action) {
  std::string out;
  out.reserve(service_type.size() + action.size() + 3);
  out += '"';
  out += service_type;
  out += '#';
  out += action;
  out += '"';
  return out;
}

std::string build_request_body(const action_request& request) {
  std::string out =
      "<?xml version=\"1.0\"?>\r\n"
      "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
      "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><u:";
  out += request.action;
  out += " xmlns:u=\"";
  detail::append_attribute_value(out, request.service_type);
  out += "\">";
  for (const auto& arg : request.arguments) {
    out += '<';
    out += arg.name;
    out += '>';
    detail::append_text(out, arg.value);
    out += "</";
    out += arg.name;
    out += '>';
  }
  out += "</u:";
  out += request.action;
  out += "></s:Body></s:Envelope>\r\n";
  return out;
}

result<soap_action> parse_soap_action(std::string_view header) {
  header = igdkit::text::trim(header);
  // Quotes are required by the spec but tolerated missing or one-sided, as miniupnpd does.
  if (header.starts_with('"')) header.remove_prefix(1);
  if (header.ends_with('"')) header.remove_suffix(1);
  header = igdkit::text::trim(header);
  if (header.empty()) return make_error_code(errc::missing_soapaction);
  const auto hash = header.rfind('#');
  if (hash == std::string_view::npos || hash == 0 || hash + 1 == header.size()) {
    return make_error_code(errc::bad_soapaction);
  }
  soap_action out{std::string(header.substr(0, hash)), std::string(header.substr(hash + 1))};
  for (char c : out.action) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return make_error_code(errc::bad_soapaction);
  }
  return out;
}

result<action_request> parse_request(std::string_view soapaction_header, std::string_view body,
                                     const xml_limits& limits) {
  auto sa = parse_soap_action(soapaction_header);
  if (!sa) return sa.error();
  auto doc = detail::load_document(body, limits);
  if (!doc) return doc.error();

  const auto envelope = (*doc)->document_element();
  // SOAP 1.1 only (UDA 2.0 §3.2.1): a SOAP 1.2 or unqualified envelope is another protocol.
  if (detail::local_name(envelope) != "Envelope" ||
      detail::namespace_of(envelope) != "http://schemas.xmlsoap.org/soap/envelope/") {
    return make_error_code(errc::not_a_soap_envelope);
  }
  const auto soap_body = detail::child_by_local_name(envelope, "Body");
  if (!soap_body) return make_error_code(errc::no_body);
  const auto element = detail::first_element_child(soap_body);
  if (!element) return make_error_code(errc::response_element_missing);
  if (detail::local_name(element) != sa->action) return make_error_code(errc::unexpected_action);

  action_request out{std::move(sa->service_type), std::move(sa->action), {}};
  auto args = detail::read_arguments(element, limits);
  if (!args) return args.error();
  out.arguments = std::move(*args);
  return out;
}

}  // namespace igdkit::soap
