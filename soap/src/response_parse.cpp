#include "igdkit/soap/error.hpp"
#include "igdkit/soap/response.hpp"
#include "igdkit/soap/xml_reader.hpp"
#include "igdkit/text.hpp"

#include <limits>

namespace igdkit::soap {
namespace {

// errorCode may sit in <detail><UPnPError>, directly in <Fault>, or anywhere else a firmware
// put it: search the whole envelope and take the first.
result<upnp_fault> parse_fault(const pugi::xml_node& envelope) {
  const auto code_node = detail::descendant_by_local_name(envelope, "errorCode");
  if (!code_node) return make_error_code(errc::fault_without_upnp_error);
  const std::string text = detail::text_of(code_node);
  const std::string_view digits = igdkit::text::trim(text);
  const auto code = igdkit::text::parse_decimal<unsigned>(digits, std::numeric_limits<int>::max());
  if (!code) return make_error_code(errc::invalid_error_code);
  upnp_fault fault{static_cast<int>(*code), {}};
  const auto holder = code_node.parent();
  if (auto desc = detail::child_by_local_name(holder, "errorDescription")) {
    fault.description = detail::text_of(desc);
  }
  return fault;
}

}  // namespace

result<action_response> parse_response(std::string_view body, std::string_view expected_action,
                                       const xml_limits& limits) {
  auto doc = detail::load_document(body, limits);
  if (!doc) return doc.error();

  const auto envelope = (*doc)->document_element();
  if (detail::local_name(envelope) != "Envelope") return make_error_code(errc::not_a_soap_envelope);
  const auto soap_body = detail::child_by_local_name(envelope, "Body");
  if (!soap_body) return make_error_code(errc::no_body);

  action_response out;
  out.action = std::string(expected_action);

  const auto element = detail::first_element_child(soap_body);
  const bool is_fault = element && detail::local_name(element) == "Fault";
  if (is_fault || detail::descendant_by_local_name(envelope, "errorCode")) {
    auto fault = parse_fault(envelope);
    if (!fault) return fault.error();
    out.fault = std::move(*fault);
    return out;
  }

  if (!element) return make_error_code(errc::response_element_missing);
  const std::string_view name = detail::local_name(element);
  if (!name.ends_with("Response")) return make_error_code(errc::response_element_missing);
  if (name.substr(0, name.size() - 8) != expected_action) return make_error_code(errc::unexpected_action);

  out.service_type = detail::namespace_of(element);
  auto args = detail::read_arguments(element, limits);
  if (!args) return args.error();
  out.arguments = std::move(*args);
  return out;
}

}  // namespace igdkit::soap
