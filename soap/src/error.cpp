#include "igdkit/soap/error.hpp"

#include <string>

namespace igdkit::soap {
namespace {

class soap_error_category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "igdkit.soap"; }

  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::xml_malformed: return "malformed XML";
      case errc::xml_too_large: return "XML document exceeds the size limit";
      case errc::xml_too_deep: return "XML document exceeds the nesting depth limit";
      case errc::not_a_soap_envelope: return "root element is not a SOAP Envelope";
      case errc::no_body: return "SOAP Envelope has no Body";
      case errc::response_element_missing: return "SOAP Body has no action (or action response) element";
      case errc::unexpected_action: return "SOAP body is for a different action";
      case errc::fault_without_upnp_error: return "SOAP Fault carries no UPnPError errorCode";
      case errc::invalid_error_code: return "UPnPError errorCode is not a number";
      case errc::too_many_arguments: return "too many SOAP arguments";
      case errc::missing_soapaction: return "SOAPACTION header is missing or empty";
      case errc::bad_soapaction: return "SOAPACTION header is not \"serviceType#action\"";
      case errc::invalid_url: return "URL is not usable for HTTP";
      case errc::unsupported_scheme: return "only http:// URLs are supported";
      case errc::timeout: return "HTTP request deadline expired";
      case errc::resolve_failed: return "host name could not be resolved";
      case errc::connection_failed: return "TCP connection failed";
      case errc::connection_reset: return "connection reset by peer";
      case errc::truncated_response: return "HTTP response ended early";
      case errc::header_too_large: return "HTTP header exceeds the size limit";
      case errc::body_too_large: return "HTTP body exceeds the size limit";
      case errc::http_protocol_error: return "malformed HTTP response";
      case errc::unexpected_http_status: return "unexpected HTTP status";
      case errc::bad_argument_name:
        return "SOAP argument element name is not a valid argument name (letter or '_', then letters, digits, '_', '-', '.')";
    }
    return "unknown igdkit.soap error " + std::to_string(ev);
  }
};

}  // namespace

const std::error_category& soap_category() noexcept {
  static const soap_error_category cat;
  return cat;
}

}  // namespace igdkit::soap
