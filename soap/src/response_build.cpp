#include "igdkit/soap/response.hpp"

#include "igdkit/soap/xml_writer.hpp"

#include <string>

namespace igdkit::soap {
namespace {

constexpr std::string_view envelope_ns = "http://schemas.xmlsoap.org/soap/envelope/";
constexpr std::string_view encoding_ns = "http://schemas.xmlsoap.org/soap/encoding/";
constexpr std::string_view control_ns = "urn:schemas-upnp-org:control-1-0";

// "s:Body" for prefix "s", "Body" for the default-namespace style.
std::string qualified(const envelope_style& style, std::string_view local) {
  if (style.prefix.empty()) return std::string(local);
  return style.prefix + ":" + std::string(local);
}

void append_element(std::string& out, std::string_view name, std::string_view text) {
  out += '<';
  out += name;
  out += '>';
  detail::append_text(out, text);
  out += "</";
  out += name;
  out += '>';
}

void append_fault(std::string& out, const upnp_fault& fault, const envelope_style& style) {
  out += '<' + qualified(style, "Fault") + '>';
  const std::string_view code_tag = style.fault_code_camel_case ? "faultCode" : "faultcode";
  append_element(out, code_tag, style.prefix.empty() ? std::string("Client") : style.prefix + ":Client");
  if (style.fault_string) append_element(out, "faultstring", "UPnPError");
  out += "<detail><UPnPError xmlns=\"";
  out += control_ns;
  out += "\">";
  append_element(out, "errorCode", std::to_string(fault.code));
  append_element(out, "errorDescription", fault.description);
  out += "</UPnPError></detail></" + qualified(style, "Fault") + '>';
}

void append_action_response(std::string& out, const action_response& response, const envelope_style& style) {
  const std::string tag = "u:" + response.action + "Response";
  out += '<' + tag + " xmlns:u=\"";
  detail::append_attribute_value(out, response.service_type);
  out += '"';
  if (response.arguments.empty()) {
    out += "/>";
    return;
  }
  out += '>';
  for (const auto& arg : response.arguments) {
    if (arg.name == "NewPortListing" && style.port_listing == listing_encoding::cdata) {
      out += "<NewPortListing>";
      detail::append_cdata(out, arg.value);
      out += "</NewPortListing>";
    } else {
      append_element(out, arg.name, arg.value);
    }
  }
  out += "</" + tag + '>';
}

}  // namespace

std::string build_response_body(const action_response& response, const envelope_style& style) {
  std::string out;
  if (style.xml_declaration) out += "<?xml version=\"1.0\"?>\r\n";
  const std::string envelope = qualified(style, "Envelope");
  out += '<' + envelope + (style.prefix.empty() ? " xmlns=\"" : " xmlns:" + style.prefix + "=\"");
  out += envelope_ns;
  out += "\" " + qualified(style, "encodingStyle") + "=\"";
  out += encoding_ns;
  out += "\"><" + qualified(style, "Body") + '>';
  if (response.fault) {
    append_fault(out, *response.fault, style);
  } else {
    append_action_response(out, response, style);
  }
  out += "</" + qualified(style, "Body") + "></" + envelope + ">\r\n";
  return out;
}

}  // namespace igdkit::soap
