// POST on a control URL: SOAPACTION + envelope -> igd_handler -> SOAP response or fault.
#include "igdkit/sim/http_handler.hpp"

#include "igdkit/soap/error.hpp"
#include "igdkit/soap/request.hpp"
#include "igdkit/soap/upnp_error.hpp"
#include "igdkit/text.hpp"

#include <boost/beast/http/field.hpp>


namespace igdkit::sim {

namespace http = boost::beast::http;

namespace {

// "urn:schemas-upnp-org:service:WANIPConnection:1" names `service` if the type matches and the
// version is one it implements (a v2 service also answers v1 URNs, digest §3.1).
bool names_service(std::string_view service_type, const service_layout& service) {
  constexpr std::string_view prefix = "urn:schemas-upnp-org:service:";
  if (!service_type.starts_with(prefix)) return false;
  service_type.remove_prefix(prefix.size());
  const auto colon = service_type.rfind(':');
  if (colon == std::string_view::npos || service_type.substr(0, colon) != service.type_name) return false;
  const auto digits = service_type.substr(colon + 1);
  const auto version = igdkit::text::parse_decimal<unsigned>(digits);
  return version && *version >= 1 && *version <= service.version;
}

soap::upnp_errc fault_for(std::error_code ec) {
  // Anything that names the wrong action is 401; an unusable envelope is 402 (miniupnpd ends
  // up there too: it cannot find the arguments).
  if (ec == soap::errc::bad_soapaction || ec == soap::errc::unexpected_action ||
      ec == soap::errc::missing_soapaction)
    return soap::upnp_errc::invalid_action;
  return soap::upnp_errc::invalid_args;
}

}  // namespace

http_response http_handler::control(const http_request& request, const service_layout& service,
                                    request_context ctx) {
  const bool keep_alive = request.keep_alive();
  if (request.body().size() > options_.limits.body_limit)
    return make_status_response(http::status::payload_too_large, request.version(), false, options_.server);
  const auto header = request.find("SOAPACTION");
  if (header == request.end())
    return make_status_response(http::status::bad_request, request.version(), keep_alive, options_.server);

  soap::action_response response;
  // Name the fault after what the client asked, so its parser matches the action it sent.
  if (auto named = soap::parse_soap_action(header->value())) {
    response.service_type = named->service_type;
    response.action = named->action;
  } else {
    response.service_type = service.service_type();
  }

  soap::xml_limits xml;
  xml.max_bytes = options_.limits.body_limit;
  auto parsed = soap::parse_request(header->value(), request.body(), xml);
  if (!parsed) {
    const auto code = fault_for(parsed.error());
    response.fault = soap::upnp_fault{static_cast<int>(code), std::string(soap::upnp_error_name(static_cast<int>(code)))};
  } else if (!names_service(parsed->service_type, service)) {
    response.fault = soap::upnp_fault{401, "Invalid Action"};
  } else {
    ctx.service = service.id;
    ctx.wan_device = service.wan_device;
    response = igd_.handle(*parsed, ctx);
  }

  http_response res{response.fault ? http::status::internal_server_error : http::status::ok, request.version()};
  res.set(http::field::server, options_.server);
  res.set(http::field::content_type, "text/xml; charset=\"utf-8\"");
  res.set(http::field::ext, "");
  res.keep_alive(keep_alive);
  auto style = options_.envelope;
  if (response.fault) style.xml_declaration = style.xml_declaration && options_.fault_xml_declaration;
  res.body() = soap::build_response_body(response, style);
  set_payload(res);
  return res;
}

}  // namespace igdkit::sim
