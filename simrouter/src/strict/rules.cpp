// The rule table of simrouter --strict. Section numbers follow the UDA 1.1 text as quoted in
// the protocol digest (SOAP §3.2.1, SSDP §1.3.2, GENA §4.1.x, data types §2.5); the IGD
// service specs are named by their state variables where the digest has no section number.
#include "igdkit/sim/strict/rules.hpp"

#include <array>

namespace igdkit::sim::strict {

namespace {

constexpr auto V = rule_kind::violation;
constexpr auto I = rule_kind::ignored;

constexpr std::array rules{
    // HTTP, every request
    rule{"http.version", V, "request line is not HTTP/1.1", "UDA 1.1 §3.2.1, §4.1.2"},
    rule{"http.host-missing", V, "no Host header", "RFC 7230 §5.4; UDA 1.1 §3.2.1"},
    rule{"http.host-mismatch", V, "Host does not name the router's address and port", "RFC 7230 §5.4; UDA 1.1 §3.2.1"},
    // SOAP control
    rule{"http.content-type", V, "control request Content-Type is not text/xml", "UDA 1.1 §3.2.1"},
    rule{"http.content-type-charset", V, "control request Content-Type lacks charset=\"utf-8\"", "UDA 1.1 §3.2.1"},
    rule{"soap.soapaction-missing", V, "no SOAPACTION header", "UDA 1.1 §3.2.1"},
    rule{"soap.soapaction-quoted", V, "SOAPACTION value is not enclosed in double quotes", "UDA 1.1 §3.2.1"},
    rule{"soap.soapaction-form", V, "SOAPACTION is not \"serviceType#actionName\"", "UDA 1.1 §3.2.1"},
    rule{"soap.soapaction-service", V, "SOAPACTION names a service type or version the control URL does not serve",
         "UDA 1.1 §3.2.1"},
    rule{"soap.action-unknown", V, "the action is not in the service's SCPD at that version",
         "UDA 1.1 §2.5 (actionList), §3.2.2 (401 Invalid Action)"},
    rule{"soap.xml-invalid", V, "body is not a well-formed envelope with a Body holding an action element",
         "SOAP 1.1 §4; UDA 1.1 §3.2.1"},
    rule{"soap.envelope-namespace", V, "Envelope or Body is not in http://schemas.xmlsoap.org/soap/envelope/",
         "SOAP 1.1 §4.1.2; UDA 1.1 §3.2.1"},
    rule{"soap.encoding-style", V, "Envelope lacks s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"",
         "SOAP 1.1 §4.1.1; UDA 1.1 §3.2.1"},
    rule{"soap.body-action-mismatch", V, "the body's action element is not the action SOAPACTION names",
         "UDA 1.1 §3.2.1"},
    rule{"soap.action-namespace", V, "the action element's namespace is not the SOAPACTION service type",
         "UDA 1.1 §3.2.1"},
    rule{"soap.argument-missing", V, "an in-argument of the action is missing",
         "UDA 1.1 §3.2.1, §3.2.2 (402 Invalid Args)"},
    rule{"soap.argument-extra", V, "an argument the action does not take, or one given twice",
         "UDA 1.1 §3.2.1, §3.2.2 (402 Invalid Args)"},
    rule{"soap.argument-order", V, "in-arguments are not in the SCPD order", "UDA 1.1 §3.2.1"},
    // argument values (types and allowed values of the SCPD's state variables)
    rule{"value.integer", V, "a ui2/ui4 argument is not an unsigned decimal within its type",
         "UDA 1.1 §2.5 (dataType ui2, ui4)"},
    rule{"value.boolean", V, "a boolean argument is not 0 or 1", "UDA 1.1 §2.5 (dataType boolean)"},
    rule{"value.boolean-deprecated", V, "a boolean sent as true/false/yes/no (deprecated: MUST NOT be sent)",
         "UDA 1.1 §2.5 (dataType boolean)"},
    rule{"value.protocol", V, "NewProtocol is empty or not TCP/UDP",
         "WANIPConnection:1/:2 PortMappingProtocol allowedValueList (TCP, UDP)"},
    rule{"value.protocol-case", V, "NewProtocol in another letter case (allowed values are case-sensitive)",
         "UDA 1.1 §2.5 (allowedValue); WANIPConnection PortMappingProtocol"},
    rule{"value.allowed-value", V, "a string argument outside its state variable's allowedValueList",
         "UDA 1.1 §2.5 (allowedValueList)"},
    rule{"value.port-zero", V, "port 0 where the spec forbids it (InternalPort; ExternalPort of a v2 AddPortMapping)",
         "WANIPConnection:2 AddPortMapping (716, 732); InternalPort allowedValueRange 1..65535"},
    rule{"value.lease-range", V, "NewLeaseDuration above 604800 s on WANIPConnection:2",
         "WANIPConnection:2 PortMappingLeaseDuration allowedValueRange 0..604800"},
    rule{"value.range", V, "a numeric argument outside its state variable's allowedValueRange",
         "UDA 1.1 §2.5 (allowedValueRange)"},
    rule{"value.internal-client", V, "NewInternalClient is empty or not an IPv4 dotted address",
         "WANIPConnection:1 §2.4.16 (715 wildcard), state variable InternalClient"},
    rule{"value.remote-host", V, "NewRemoteHost is neither empty (the wildcard) nor an IPv4 dotted address",
         "WANIPConnection:1 state variable RemoteHost (empty string = wildcard)"},
    // SSDP M-SEARCH
    rule{"ssdp.malformed", V, "an M-SEARCH the SSDP parser rejects", "UDA 1.1 §1.3.2"},
    rule{"ssdp.start-line", V, "start line is not \"M-SEARCH * HTTP/1.1\"", "UDA 1.1 §1.3.2"},
    rule{"ssdp.line-endings", V, "header lines are not ended by CRLF", "UDA 1.1 §1.3.2; RFC 7230 §3"},
    rule{"ssdp.host", V, "HOST is not 239.255.255.250:1900 (multicast) or the device's address:port (unicast)",
         "UDA 1.1 §1.3.2"},
    rule{"ssdp.man", V, "MAN is missing or not \"ssdp:discover\"", "UDA 1.1 §1.3.2"},
    rule{"ssdp.man-quoted", V, "MAN is ssdp:discover without its double quotes", "UDA 1.1 §1.3.2"},
    rule{"ssdp.mx-missing", V, "multicast M-SEARCH without MX (a device MUST discard it)", "UDA 1.1 §1.3.2"},
    rule{"ssdp.mx-range", V, "MX is not an integer 1..5", "UDA 1.1 §1.3.2"},
    rule{"ssdp.st", V, "ST is missing or malformed", "UDA 1.1 §1.3.2"},
    rule{"ssdp.st-unknown", I, "ST is in no UDA form (ssdp:all, upnp:rootdevice, uuid:, urn:...:device|service:T:v)",
         "UDA 1.1 §1.3.2"},
    rule{"ssdp.st-version", I, "ST asks for a higher version than the device implements (IGD:2 on an IGD:1 device)",
         "UDA 1.1 §1.3.2 (a device answers its version and lower ones)"},
    rule{"ssdp.st-not-served", I, "ST names a device or service type, or a UUID, this device does not have",
         "UDA 1.1 §1.3.2"},
    // GENA SUBSCRIBE / UNSUBSCRIBE
    rule{"gena.nt", V, "SUBSCRIBE without NT: upnp:event", "UDA 1.1 §4.1.2"},
    rule{"gena.callback", V, "CALLBACK is missing or not one or more <http://...> URLs", "UDA 1.1 §4.1.2"},
    rule{"gena.timeout", V, "TIMEOUT is not Second-N (Second-infinite is not allowed from UDA 1.1)", "UDA 1.1 §4.1.2"},
    rule{"gena.incompatible-headers", V, "SID together with NT or CALLBACK (renewal or UNSUBSCRIBE)",
         "UDA 1.1 §4.1.3, §4.1.4"},
    rule{"gena.sid-missing", V, "UNSUBSCRIBE without SID", "UDA 1.1 §4.1.4"},
};

}  // namespace

std::span<const rule> all_rules() noexcept { return rules; }

const rule* find_rule(std::string_view id) noexcept {
  for (const auto& r : rules)
    if (r.id == id) return &r;
  return nullptr;
}

std::string_view to_string(rule_kind k) noexcept { return k == rule_kind::ignored ? "ignored" : "violation"; }

std::string evidence_of(std::string_view bytes) {
  constexpr std::string_view hex = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    std::string piece;
    if (c == '\r') piece = "\\r";
    else if (c == '\n') piece = "\\n";
    else if (c == '\t') piece = "\\t";
    else if (u < 0x20 || u == 0x7f) piece = {'\\', 'x', hex[u >> 4], hex[u & 0xf]};
    else piece = std::string(1, c);
    // An escape that would cross the limit is left out whole: the evidence stays within
    // max_evidence plus the "..." (it grew past that when a 4-byte escape came last).
    if (out.size() + piece.size() > max_evidence) {
      out += "...";
      break;
    }
    out += piece;
  }
  return out;
}

}  // namespace igdkit::sim::strict
