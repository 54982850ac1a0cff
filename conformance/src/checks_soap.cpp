// SOAP control (UDA 2.0 §3.2; digest §3): envelopes, faults and the generic error codes.
#include "check_support.hpp"

#include "igdkit/text.hpp"

#include "igdkit/soap/request.hpp"
#include "igdkit/soap/xml_reader.hpp"

#include <pugixml.hpp>

namespace igdkit::conformance::support {
namespace soap_group {

using soap::detail::child_by_local_name;
using soap::detail::descendant_by_local_name;
using soap::detail::local_name;

const std::string text_xml = "text/xml; charset=\"utf-8\"";

std::string body_for(const igd::service& svc, std::string_view action, soap::argument_list args = {}) {
  return soap::build_request_body({svc.service_type, std::string(action), std::move(args)});
}

std::string soapaction_for(const igd::service& svc, std::string_view action) {
  return soap::soap_action_header(svc.service_type, action);
}

void expect_code(check_result& r, const soap_answer& a, std::initializer_list<int> codes, std::string_view what) {
  const int got = a.upnp_code();
  for (int c : codes) {
    if (got == c) return;
  }
  std::string want;
  for (int c : codes) want += (want.empty() ? "" : " or ") + std::to_string(c);
  fail(r, std::string(what) + ": " + describe(a) + ", expected UPnPError " + want);
}

void expect_refused(check_result& r, const soap_answer& a, std::string_view what) {
  if (!a.http.answered()) return fail(r, std::string(what) + ": " + describe(a));
  if (a.http.status == 200 && !a.outcome.response.fault) fail(r, std::string(what) + " was accepted (HTTP 200)");
}

void basic_call(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.call(*wan, "GetExternalIPAddress", {});
  if (!a.succeeded()) fail(r, "GetExternalIPAddress: " + describe(a));
}

void response_content_type(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.call(*wan, "GetExternalIPAddress", {});
  if (!a.http.answered()) return fail(r, describe(a));
  auto ct = header(a.http, "Content-Type").value_or("");
  if (!text::istarts_with(ct, "text/xml")) fail(r, "Content-Type is '" + ct + "', expected text/xml; charset=\"utf-8\"");
}

void response_envelope(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.call(*wan, "GetExternalIPAddress", {});
  if (!a.succeeded()) return fail(r, describe(a));
  auto doc = soap::detail::load_document(a.http.body, {});
  if (!doc) return fail(r, "the response is not well-formed: " + doc.error().message());
  auto env = (*doc)->document_element();
  if (local_name(env) != "Envelope" || soap::detail::namespace_of(env) != "http://schemas.xmlsoap.org/soap/envelope/")
    fail(r, "the document element is <" + std::string(env.name()) + "> in '" + soap::detail::namespace_of(env) + "'");
  auto element = descendant_by_local_name(env, "GetExternalIPAddressResponse");
  if (!element) return fail(r, "no <GetExternalIPAddressResponse> element");
  if (soap::detail::namespace_of(element) != wan->service_type)
    fail(r, "the response element is in '" + soap::detail::namespace_of(element) + "', not " + wan->service_type);
}

soap_answer unknown_action(session& s, const igd::service& wan) {
  return s.post(wan, "IgdkitNoSuchAction", soapaction_for(wan, "IgdkitNoSuchAction"), text_xml,
                body_for(wan, "IgdkitNoSuchAction"));
}

void fault_status(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = unknown_action(s, *wan);
  if (!a.http.answered()) return fail(r, describe(a));
  if (a.http.status != 500) fail(r, "a fault came with HTTP " + std::to_string(a.http.status) + ", expected 500");
}

void fault_format(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = unknown_action(s, *wan);
  if (!a.http.answered()) return fail(r, describe(a));
  auto doc = soap::detail::load_document(a.http.body, {});
  if (!doc) return fail(r, "the fault is not well-formed XML: " + doc.error().message());
  auto root = (*doc)->document_element();
  auto fault = descendant_by_local_name(root, "Fault");
  if (!fault) return fail(r, "no <s:Fault>");
  auto code = soap::detail::text_of(child_by_local_name(fault, "faultcode"));
  auto string = soap::detail::text_of(child_by_local_name(fault, "faultstring"));
  if (code.find("Client") == std::string::npos) fail(r, "faultcode is '" + code + "', expected s:Client");
  if (string != "UPnPError") fail(r, "faultstring is '" + string + "', expected UPnPError");
  auto err = descendant_by_local_name(fault, "UPnPError");
  if (!err) return fail(r, "no <detail><UPnPError>");
  if (soap::detail::namespace_of(err) != "urn:schemas-upnp-org:control-1-0")
    fail(r, "UPnPError is in '" + soap::detail::namespace_of(err) + "', expected urn:schemas-upnp-org:control-1-0");
  if (soap::detail::text_of(child_by_local_name(err, "errorCode")).empty()) fail(r, "no errorCode");
  if (!child_by_local_name(err, "errorDescription")) fail(r, "no errorDescription (recommended)");
}

void unknown_action_401(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  expect_code(r, unknown_action(s, *wan), {401}, "an action the service lacks");
}

void other_service_401(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  // The control URL of the connection service, asked for another service's action.
  const std::string other = "urn:schemas-upnp-org:service:Layer3Forwarding:1";
  auto a = s.post(*wan, "GetExternalIPAddress", soap::soap_action_header(other, "GetExternalIPAddress"), text_xml,
                  soap::build_request_body({other, "GetExternalIPAddress", {}}));
  expect_refused(r, a, "a SOAPACTION naming Layer3Forwarding on the WAN connection's control URL");
}

void missing_argument_402(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.call(*wan, "GetSpecificPortMappingEntry", {{"NewRemoteHost", ""}});
  expect_code(r, a, {402}, "GetSpecificPortMappingEntry without NewExternalPort and NewProtocol");
}

void extra_argument_402(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto args = mapping_key(1, protocol::tcp);
  args.push_back({"NewIgdkitExtra", "1"});
  auto a = s.call(*wan, "GetSpecificPortMappingEntry", args);
  expect_code(r, a, {402}, "GetSpecificPortMappingEntry with an extra argument");
}

void bad_value(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.call(*wan, "GetSpecificPortMappingEntry",
                  {{"NewRemoteHost", ""}, {"NewExternalPort", "port"}, {"NewProtocol", "TCP"}});
  expect_code(r, a, {402, 600}, "NewExternalPort 'port'");
}

void out_of_range(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.call(*wan, "GetSpecificPortMappingEntry",
                  {{"NewRemoteHost", ""}, {"NewExternalPort", "70000"}, {"NewProtocol", "TCP"}});
  expect_code(r, a, {402, 600, 601}, "NewExternalPort 70000 (ui2 holds up to 65535)");
}

void body_names_other_action(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.post(*wan, "GetStatusInfo", soapaction_for(*wan, "GetStatusInfo"), text_xml,
                  body_for(*wan, "GetExternalIPAddress"));
  expect_refused(r, a, "SOAPACTION GetStatusInfo with a GetExternalIPAddress body");
}

void missing_soapaction(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.post(*wan, "GetExternalIPAddress", std::nullopt, text_xml, body_for(*wan, "GetExternalIPAddress"));
  expect_refused(r, a, "a control POST without SOAPACTION");
}

void unquoted_soapaction(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.post(*wan, "GetExternalIPAddress", wan->service_type + "#GetExternalIPAddress", text_xml,
                  body_for(*wan, "GetExternalIPAddress"));
  if (!a.succeeded()) fail(r, "an unquoted SOAPACTION (sent by many clients) was refused: " + describe(a));
}

void other_content_type(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.post(*wan, "GetExternalIPAddress", soapaction_for(*wan, "GetExternalIPAddress"), "application/soap+xml",
                  body_for(*wan, "GetExternalIPAddress"));
  if (!a.http.answered()) fail(r, "no answer to a POST with Content-Type application/soap+xml: " + describe(a));
  else note(r, "answered " + describe(a));
}

void malformed_xml(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto a = s.post(*wan, "GetExternalIPAddress", soapaction_for(*wan, "GetExternalIPAddress"), text_xml,
                  "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><u:GetExternal");
  expect_refused(r, a, "a truncated envelope");
  auto after = s.call(*wan, "GetExternalIPAddress", {});
  if (!after.succeeded()) fail(r, "the next well-formed call failed: " + describe(after));
}

void wrong_envelope_namespace(session& s, check_result& r) {
  auto* wan = need_wan(s, r);
  if (!wan) return;
  auto body = body_for(*wan, "GetExternalIPAddress");
  const std::string ns = "http://schemas.xmlsoap.org/soap/envelope/";
  body.replace(body.find(ns), ns.size(), "http://www.w3.org/2003/05/soap-envelope");
  auto a = s.post(*wan, "GetExternalIPAddress", soapaction_for(*wan, "GetExternalIPAddress"), text_xml, body);
  expect_refused(r, a, "an envelope in the SOAP 1.2 namespace");
}

constexpr std::string_view ctl = "UDA 2.0 §3.2";
constexpr auto g = group::soap;
const check_def table[] = {
    {{"soap.call", g, severity::must, "UDA 2.0 §3.2.1", "a well-formed GetExternalIPAddress succeeds"}, basic_call},
    {{"soap.response-content-type", g, severity::must, "UDA 2.0 §3.2.2", "responses are text/xml"}, response_content_type},
    {{"soap.response-envelope", g, severity::must, "UDA 2.0 §3.2.2", "the response envelope and element are in the right namespaces"}, response_envelope},
    {{"soap.fault-status", g, severity::must, "UDA 2.0 §3.2.2", "faults come with HTTP 500"}, fault_status},
    {{"soap.fault-format", g, severity::must, "UDA 2.0 §3.2.2", "faults are s:Client / UPnPError / detail with errorCode"}, fault_format},
    {{"soap.unknown-action", g, severity::must, "UDA 2.0 §3.2.2 (401)", "an action the service lacks gets 401 Invalid Action"}, unknown_action_401},
    {{"soap.other-service", g, severity::must, "UDA 2.0 §3.2.1", "a SOAPACTION naming another service is refused"}, other_service_401},
    {{"soap.missing-argument", g, severity::must, "UDA 2.0 §3.2.2 (402)", "missing arguments get 402 Invalid Args"}, missing_argument_402},
    {{"soap.extra-argument", g, severity::should, "UDA 2.0 §3.2.2 (402)", "an extra argument gets 402 Invalid Args"}, extra_argument_402},
    {{"soap.bad-value", g, severity::must, "UDA 2.0 §3.2.2 (402, 600)", "a non-numeric port gets 402 or 600"}, bad_value},
    {{"soap.out-of-range", g, severity::should, "UDA 2.0 §3.2.2 (601)", "a port above 65535 gets 402, 600 or 601"}, out_of_range},
    {{"soap.body-action-mismatch", g, severity::must, ctl, "a body naming another action than SOAPACTION is refused"}, body_names_other_action},
    {{"soap.missing-soapaction", g, severity::must, "UDA 2.0 §3.2.1", "a control POST without SOAPACTION is refused"}, missing_soapaction},
    {{"soap.unquoted-soapaction", g, severity::quirk, "UDA 2.0 §3.2.1", "an unquoted SOAPACTION is still understood"}, unquoted_soapaction},
    {{"soap.other-content-type", g, severity::quirk, "UDA 2.0 §3.2.1", "a POST with another Content-Type is answered"}, other_content_type},
    {{"soap.malformed-xml", g, severity::must, ctl, "a truncated envelope is refused and the service keeps working"}, malformed_xml},
    {{"soap.envelope-namespace", g, severity::should, "UDA 2.0 §3.2.1", "an envelope in another namespace is refused"}, wrong_envelope_namespace},
};

}  // namespace soap_group

std::span<const check_def> soap_checks() { return soap_group::table; }

}  // namespace igdkit::conformance::support
