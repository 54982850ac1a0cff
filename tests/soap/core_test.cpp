// Pure core: error names/categories, exact request bytes, and build -> parse round trips over
// every envelope_style quirk.
#define BOOST_TEST_MODULE soap_core
#include <boost/test/unit_test.hpp>

#include "igdkit/soap/error.hpp"
#include "igdkit/soap/request.hpp"
#include "igdkit/soap/response.hpp"
#include "igdkit/soap/upnp_error.hpp"

using namespace igdkit::soap;

namespace {
const std::string svc = "urn:schemas-upnp-org:service:WANIPConnection:1";

action_request add_port_mapping(std::string description) {
  return {svc,
          "AddPortMapping",
          {{"NewRemoteHost", ""},
           {"NewExternalPort", "40000"},
           {"NewProtocol", "TCP"},
           {"NewInternalPort", "40000"},
           {"NewInternalClient", "192.168.1.23"},
           {"NewEnabled", "1"},
           {"NewPortMappingDescription", std::move(description)},
           {"NewLeaseDuration", "3600"}}};
}
}  // namespace

BOOST_AUTO_TEST_CASE(upnp_error_names_by_context) {
  struct row {
    int code;
    std::string_view port_mapping, firewall;
  };
  const row rows[] = {
      {401, "Invalid Action", "Invalid Action"},
      {402, "Invalid Args", "Invalid Args"},
      {404, "Invalid Var", "Invalid Var"},
      {501, "Action Failed", "Action Failed"},
      {600, "Argument Value Invalid", "Argument Value Invalid"},
      {606, "Action not authorized", "Action not authorized"},
      {701, "", "PinholeSpaceExhausted"},
      {702, "", "FirewallDisabled"},
      {703, "InactiveConnectionStateRequired", "InboundPinholeNotAllowed"},
      {704, "ConnectionSetupFailed", "NoSuchEntry"},
      {708, "InvalidLayer2Address", "WildCardNotPermittedInSrcIP"},
      {709, "InternetAccessDisabled", "NoTrafficReceived"},
      {710, "InvalidConnectionType", ""},
      {711, "ConnectionAlreadyTerminated", ""},
      {713, "SpecifiedArrayIndexInvalid", "SpecifiedArrayIndexInvalid"},
      {716, "WildCardNotPermittedInExtPort", "WildCardNotPermittedInExtPort"},
      {718, "ConflictInMappingEntry", "ConflictInMappingEntry"},
      {719, "ActionDisallowedWhenAutoConfigEnabled", "ActionDisallowedWhenAutoConfigEnabled"},
      {720, "InvalidDeviceUUID", "InvalidDeviceUUID"},
      {723, "InvalidConnServiceSelection", "InvalidConnServiceSelection"},
      {725, "OnlyPermanentLeasesSupported", "OnlyPermanentLeasesSupported"},
      {733, "InconsistentParameters", "InconsistentParameters"},
      {799, "", ""},
      {0, "", ""},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("code " << r.code) {
      BOOST_TEST(upnp_error_name(r.code, error_context::port_mapping) == r.port_mapping);
      BOOST_TEST(upnp_error_name(r.code, error_context::firewall) == r.firewall);
    }
  }
  // Every code the digest lists has a name in at least one context.
  for (int code : {401, 402, 404, 501, 600, 601, 602, 603, 604, 605, 606, 701, 702, 703, 704, 705, 706, 707, 708,
                   709, 710, 711, 713, 714, 715, 716, 718, 719, 720, 721, 723, 724, 725, 726, 727, 728, 729, 730,
                   731, 732, 733}) {
    BOOST_TEST(!(upnp_error_name(code).empty() && upnp_error_name(code, error_context::firewall).empty()), code);
  }
}

BOOST_AUTO_TEST_CASE(upnp_category_messages_keep_unknown_codes) {
  std::error_code conflict = upnp_errc::conflict_in_mapping_entry;
  BOOST_TEST(conflict.value() == 718);
  BOOST_TEST(conflict.message() == "ConflictInMappingEntry (718)");
  BOOST_TEST(std::string(conflict.category().name()) == "igdkit.upnp");
  const auto unknown = make_upnp_error(799);
  BOOST_TEST(unknown.value() == 799);
  BOOST_TEST(unknown.message() == "UPnP error 799");
  BOOST_TEST(make_upnp_error(701).message() == "PinholeSpaceExhausted (701)");
  BOOST_TEST(unknown != std::error_code(upnp_errc::action_failed));
}

BOOST_AUTO_TEST_CASE(soap_category_is_distinct) {
  std::error_code e = errc::timeout;
  BOOST_TEST(std::string(e.category().name()) == "igdkit.soap");
  BOOST_TEST(e.message() == "HTTP request deadline expired");
  BOOST_TEST(e != make_upnp_error(static_cast<int>(errc::timeout)));
}

BOOST_AUTO_TEST_CASE(soap_action_header_has_quotes) {
  BOOST_TEST(soap_action_header(svc, "AddPortMapping") ==
             "\"urn:schemas-upnp-org:service:WANIPConnection:1#AddPortMapping\"");
}

BOOST_AUTO_TEST_CASE(request_body_is_exactly_the_digest_envelope) {
  action_request req{svc, "GetSpecificPortMappingEntry", {{"NewRemoteHost", ""}, {"NewExternalPort", "80"}}};
  BOOST_TEST(build_request_body(req) ==
             "<?xml version=\"1.0\"?>\r\n"
             "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
             "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>"
             "<u:GetSpecificPortMappingEntry xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\">"
             "<NewRemoteHost></NewRemoteHost><NewExternalPort>80</NewExternalPort>"
             "</u:GetSpecificPortMappingEntry></s:Body></s:Envelope>\r\n");
}

BOOST_AUTO_TEST_CASE(request_text_escaping) {
  const auto body = build_request_body(add_port_mapping("a<b>&\"c'"));
  BOOST_TEST(body.find("<NewPortMappingDescription>a&lt;b&gt;&amp;\"c'</NewPortMappingDescription>") !=
             std::string::npos);
  BOOST_TEST(body.find("&quot;") == std::string::npos);
  BOOST_TEST(body.find("&apos;") == std::string::npos);
}

// XML 1.0 forbids C0 controls other than TAB/LF/CR even as references (&#x1; is not well-formed):
// the writer drops them, keeps TAB/LF, and writes CR as the allowed &#xD;.
BOOST_AUTO_TEST_CASE(request_text_never_carries_forbidden_controls) {
  const auto body = build_request_body(add_port_mapping("a\x01" "b\x17" "c\x1F" "\td\re\nf"));
  BOOST_TEST(body.find("<NewPortMappingDescription>abc\td&#xD;e\nf</NewPortMappingDescription>") != std::string::npos,
             body);
  for (const char* forbidden : {"&#x01;", "&#x17;", "&#x1F;", "\x01", "\x17"})
    BOOST_TEST(body.find(forbidden) == std::string::npos, forbidden);
}

// The reader drops what the writer drops: a forbidden reference a peer sent (pugixml decodes
// &#1; into the byte) is not part of the value, so reading, writing and reading again agree.
BOOST_AUTO_TEST_CASE(forbidden_references_read_as_nothing_and_round_trip) {
  const auto req = add_port_mapping("x");
  std::string body = build_request_body(req);
  const auto at = body.find("<NewPortMappingDescription>x");
  BOOST_REQUIRE(at != std::string::npos);
  body.insert(at + std::string_view("<NewPortMappingDescription>").size(), "a&#1;b&#x17;c&#xD;");
  const auto header = soap_action_header(req.service_type, req.action);
  const auto first = parse_request(header, body);
  BOOST_REQUIRE_MESSAGE(first, first.error().message());
  BOOST_TEST(*find_argument(first->arguments, "NewPortMappingDescription") == "abc\rx");
  const auto again = parse_request(header, build_request_body(*first));
  BOOST_REQUIRE(again);
  BOOST_TEST((again->arguments == first->arguments));
}

// UDA 2.0 §3.2.1 speaks SOAP 1.1: the router refuses a SOAP 1.2 or unqualified envelope
// rather than reading it by local names as if it were one.
BOOST_AUTO_TEST_CASE(request_in_another_envelope_namespace_is_refused) {
  const auto req = add_port_mapping("x");
  const auto header = soap_action_header(req.service_type, req.action);
  auto body = build_request_body(req);
  const std::string soap11 = "http://schemas.xmlsoap.org/soap/envelope/";
  BOOST_REQUIRE(parse_request(header, body));
  auto soap12 = body;
  soap12.replace(soap12.find(soap11), soap11.size(), "http://www.w3.org/2003/05/soap-envelope");
  BOOST_TEST(parse_request(header, soap12).error() == make_error_code(errc::not_a_soap_envelope));
  const auto bare = "<Envelope><Body><u:AddPortMapping xmlns:u=\"" + req.service_type + "\"/></Body></Envelope>";
  BOOST_TEST(parse_request(header, bare).error() == make_error_code(errc::not_a_soap_envelope));
}

BOOST_AUTO_TEST_CASE(request_round_trip_preserves_order_and_text) {
  for (std::string desc : {"plain", "", " ", "a&b<c>d\"e'f", "line1\nline2\r\n\ttab", "x]]>y", "\xC3\xA9t\xC3\xA9"}) {
    const auto req = add_port_mapping(desc);
    const auto parsed = parse_request(soap_action_header(req.service_type, req.action), build_request_body(req));
    BOOST_REQUIRE_MESSAGE(parsed, parsed.error().message());
    BOOST_TEST(parsed->service_type == req.service_type);
    BOOST_TEST(parsed->action == req.action);
    BOOST_TEST((parsed->arguments == req.arguments), "description [" << desc << "]");
  }
}

BOOST_AUTO_TEST_CASE(response_round_trip_over_styles) {
  const std::string listing =
      "<p:PortMappingList xmlns:p=\"urn:schemas-upnp-org:gw:WANIPConnection\"><p:PortMappingEntry>"
      "<p:NewDescription>a &amp; ]]> b</p:NewDescription></p:PortMappingEntry></p:PortMappingList>";
  action_response ok{svc, "GetListOfPortMappings", {{"NewPortListing", listing}}, std::nullopt};
  action_response empty{svc, "AddPortMapping", {}, std::nullopt};
  action_response fault{svc, "AddPortMapping", {}, upnp_fault{718, "Conflict <&> here"}};

  std::vector<envelope_style> styles;
  for (std::string prefix : {"s", "SOAP-ENV", "SOAP", ""}) {
    for (bool decl : {true, false}) {
      for (bool camel : {false, true}) {
        for (bool fstring : {true, false}) {
          for (auto enc : {listing_encoding::cdata, listing_encoding::entity_escaped}) {
            styles.push_back({prefix, decl, camel, fstring, enc});
          }
        }
      }
    }
  }
  for (const auto& st : styles) {
    BOOST_TEST_CONTEXT("prefix '" << st.prefix << "' decl " << st.xml_declaration << " camel "
                                  << st.fault_code_camel_case << " fstring " << st.fault_string) {
      const auto ok_body = build_response_body(ok, st);
      BOOST_TEST((ok_body.find("<![CDATA[") != std::string::npos) == (st.port_listing == listing_encoding::cdata));
      BOOST_TEST(ok_body.starts_with("<?xml") == st.xml_declaration);
      auto got = parse_response(ok_body, "GetListOfPortMappings");
      BOOST_REQUIRE_MESSAGE(got, got.error().message());
      BOOST_TEST(got->service_type == svc);
      BOOST_TEST((got->arguments == ok.arguments));

      auto got_empty = parse_response(build_response_body(empty, st), "AddPortMapping");
      BOOST_REQUIRE(got_empty);
      BOOST_TEST(got_empty->arguments.empty());
      BOOST_TEST(!got_empty->fault);

      const auto fault_body = build_response_body(fault, st);
      BOOST_TEST((fault_body.find("faultCode") != std::string::npos) == st.fault_code_camel_case);
      BOOST_TEST((fault_body.find("faultstring") != std::string::npos) == st.fault_string);
      auto got_fault = parse_response(fault_body, "AddPortMapping");
      BOOST_REQUIRE(got_fault);
      BOOST_REQUIRE(got_fault->fault);
      BOOST_TEST(got_fault->fault->code == 718);
      BOOST_TEST(got_fault->fault->description == "Conflict <&> here");
    }
  }
}

BOOST_AUTO_TEST_CASE(default_style_matches_miniupnpd_shape) {
  action_response r{svc, "AddPortMapping", {}, std::nullopt};
  BOOST_TEST(build_response_body(r).find("<s:Body><u:AddPortMappingResponse xmlns:u=\"" + svc + "\"/></s:Body>") !=
             std::string::npos);
  r.fault = upnp_fault{718, "ConflictInMappingEntry"};
  BOOST_TEST(build_response_body(r).find("<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring>"
                                         "<detail><UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>718"
                                         "</errorCode>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(limits_are_enforced) {
  action_response ok{svc, "GetExternalIPAddress", {{"NewExternalIPAddress", "203.0.113.7"}}, std::nullopt};
  const auto body = build_response_body(ok);
  BOOST_TEST(parse_response(body, "GetExternalIPAddress", {.max_bytes = body.size()}).has_value());
  BOOST_TEST(parse_response(body, "GetExternalIPAddress", {.max_bytes = body.size() - 1}).error() ==
             make_error_code(errc::xml_too_large));
  // Envelope/Body/Response/Arg/text = depth 5: a cap of 4 rejects it, 5 accepts it.
  BOOST_TEST(parse_response(body, "GetExternalIPAddress", {.max_depth = 4}).error() ==
             make_error_code(errc::xml_too_deep));
  BOOST_TEST(parse_response(body, "GetExternalIPAddress", {.max_depth = 5}).has_value());
  BOOST_TEST(parse_response(body, "GetExternalIPAddress", {.max_arguments = 0}).error() ==
             make_error_code(errc::too_many_arguments));
}

BOOST_AUTO_TEST_CASE(garbage_never_crashes) {
  // Truncations of a valid envelope at every length give an error or a value, never a crash.
  action_response fault{svc, "AddPortMapping", {}, upnp_fault{718, "x"}};
  const auto body = build_response_body(fault);
  std::size_t errors = 0;
  for (std::size_t n = 0; n < body.size(); ++n) {
    if (!parse_response(std::string_view(body).substr(0, n), "AddPortMapping")) ++errors;
  }
  BOOST_TEST(errors >= body.size() - 4);  // only the trailing CRLF can be cut harmlessly
}
