// Profiles that change the bytes of HTTP replies (envelope prefix, fault spelling, the <?xml?>
// line, chunked transfer), read raw off loopback sockets, and checked to still work with the
// project's own SOAP client.
#define BOOST_TEST_MODULE lab_profiles_http
#include "profile_rig.hpp"

#include "igdkit/sim/device_uuid.hpp"

#include "igdkit/igd/client.hpp"

#include <boost/beast/http/field.hpp>

#include <cctype>

using namespace igdkit;
using namespace igdkit::sim;
using namespace igdkit::sim::test;

namespace {

const std::string delete_missing_args =
    "<NewRemoteHost></NewRemoteHost><NewExternalPort>48000</NewExternalPort><NewProtocol>TCP</NewProtocol>";

// The raw reply to a DeletePortMapping of a missing entry (a 714 fault on spec routers).
std::optional<raw_response> fault_reply(const running_router& rr) {
  return raw_exchange(rr.http(), soap_request_bytes("/ctl/IPConn", wanip2, "DeletePortMapping", delete_missing_args));
}

std::optional<raw_response> success_reply(const running_router& rr) {
  return raw_exchange(rr.http(), soap_request_bytes("/ctl/IPConn", wanip2, "GetExternalIPAddress"));
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(soap_env_prefix) {
  running_router plain(router_options{});
  running_router rr(with_profiles({"soap-env-prefix"}));
  BOOST_REQUIRE(!plain.start_error());
  BOOST_REQUIRE(!rr.start_error());
  BOOST_TEST(contains(success_reply(plain).value().body(), "<s:Envelope"));
  for (const auto& reply : {success_reply(rr).value(), fault_reply(rr).value()}) {
    BOOST_TEST(contains(reply.body(), "<SOAP-ENV:Envelope"), reply.body());
    BOOST_TEST(contains(reply.body(), "xmlns:SOAP-ENV=\"http://schemas.xmlsoap.org/soap/envelope/\""), reply.body());
    BOOST_TEST(!contains(reply.body(), "<s:"), reply.body());
  }
  const auto ip = soap_call(rr.url("/ctl/IPConn"), no_args(wanip2, "GetExternalIPAddress"));
  BOOST_TEST(!ip.ec, ip.ec.message());
  BOOST_TEST(argument(ip, "NewExternalIPAddress") == "203.0.113.7");
}

BOOST_AUTO_TEST_CASE(faultcode_caps) {
  running_router plain(router_options{});
  running_router rr(with_profiles({"faultcode-caps"}));
  BOOST_REQUIRE(!plain.start_error());
  BOOST_REQUIRE(!rr.start_error());
  BOOST_TEST(contains(fault_reply(plain).value().body(), "<faultcode>"));
  const auto body = fault_reply(rr).value().body();
  BOOST_TEST(contains(body, "<faultCode>s:Client</faultCode>"), body);
  BOOST_TEST(!contains(body, "<faultcode>"), body);
  BOOST_TEST(upnp_code(soap_call(rr.url("/ctl/IPConn"), key_request(wanip2, "DeletePortMapping", 48000))) == 714);
}

BOOST_AUTO_TEST_CASE(fault_no_faultstring) {
  running_router plain(router_options{});
  running_router rr(with_profiles({"fault-no-faultstring"}));
  BOOST_REQUIRE(!plain.start_error());
  BOOST_REQUIRE(!rr.start_error());
  BOOST_TEST(contains(fault_reply(plain).value().body(), "<faultstring>UPnPError</faultstring>"));
  const auto reply = fault_reply(rr).value();
  BOOST_TEST(reply.result_int() == 500u);
  BOOST_TEST(!contains(reply.body(), "faultstring"), reply.body());
  BOOST_TEST(contains(reply.body(), "<errorCode>714</errorCode>"), reply.body());
  BOOST_TEST(upnp_code(soap_call(rr.url("/ctl/IPConn"), key_request(wanip2, "DeletePortMapping", 48000))) == 714);
}

BOOST_AUTO_TEST_CASE(miniupnpd_faults_lack_the_xml_declaration) {
  running_router plain(router_options{});
  running_router rr(with_profiles({"miniupnpd-v2"}));
  BOOST_REQUIRE(!plain.start_error());
  BOOST_REQUIRE(!rr.start_error());
  BOOST_TEST(fault_reply(plain).value().body().starts_with("<?xml"));
  // A fault miniupnpd still answers (a foreign client in secure mode -> 718): no <?xml?> line.
  const auto foreign = raw_exchange(
      rr.http(), soap_request_bytes("/ctl/IPConn", wanip2, "AddPortMapping",
                                    "<NewRemoteHost></NewRemoteHost><NewExternalPort>48001</NewExternalPort>"
                                    "<NewProtocol>TCP</NewProtocol><NewInternalPort>48001</NewInternalPort>"
                                    "<NewInternalClient>127.0.0.2</NewInternalClient><NewEnabled>1</NewEnabled>"
                                    "<NewPortMappingDescription>x</NewPortMappingDescription>"
                                    "<NewLeaseDuration>0</NewLeaseDuration>"));
  BOOST_REQUIRE(foreign.has_value());
  BOOST_TEST(foreign->result_int() == 500u);
  BOOST_TEST(contains(foreign->body(), "<errorCode>718</errorCode>"), foreign->body());
  BOOST_TEST(!contains(foreign->body(), "<?xml"), foreign->body());
  // Success bodies keep it.
  BOOST_TEST(success_reply(rr).value().body().starts_with("<?xml"));
}

BOOST_AUTO_TEST_CASE(chunked_responses) {
  // One identity for both, so their descriptions may be compared byte for byte.
  router_options same_identity;
  same_identity.layout.root_uuid = seeded_device_uuid("chunked-responses");
  running_router plain(same_identity);
  running_router rr(with_profiles({"chunked-responses"}, same_identity));
  BOOST_REQUIRE(!plain.start_error());
  BOOST_REQUIRE(!rr.start_error());
  const auto get = [](const running_router& r, std::string_view method, std::string_view path) {
    return raw_exchange(r.http(), std::string(method) + " " + std::string(path) +
                                      " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  };
  const auto plain_desc = get(plain, "GET", "/rootDesc.xml").value();
  BOOST_TEST(!plain_desc.chunked());
  BOOST_TEST(plain_desc.has_content_length());

  // Description, SCPD and SOAP (success and fault): Transfer-Encoding: chunked, no Content-Length.
  for (const auto& reply : {get(rr, "GET", "/rootDesc.xml").value(), get(rr, "GET", "/WANIPCn.xml").value(),
                            success_reply(rr).value(), fault_reply(rr).value()}) {
    BOOST_TEST(reply.chunked());
    BOOST_TEST(reply.count(boost::beast::http::field::content_length) == 0u);
    BOOST_TEST(contains(reply.body(), "</"));  // the de-chunked body is the whole document
  }
  BOOST_TEST(get(rr, "GET", "/rootDesc.xml").value().body() == plain_desc.body());
  // On the wire: a chunk-size line after the headers, then the last chunk.
  const auto wire = raw_reply_bytes(rr.http(), "GET /rootDesc.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  const auto body_at = wire.find("\r\n\r\n");
  BOOST_REQUIRE(body_at != std::string::npos);
  BOOST_TEST(contains(wire.substr(0, body_at), "Transfer-Encoding: chunked"), wire);
  BOOST_TEST(std::isxdigit(static_cast<unsigned char>(wire[body_at + 4])) != 0, wire);
  BOOST_TEST(wire.ends_with("\r\n0\r\n\r\n"), wire);
  // HEAD has no body to chunk: it keeps the document's Content-Length and sends no chunks.
  const auto head = raw_reply_bytes(rr.http(), "HEAD /rootDesc.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  BOOST_TEST(contains(head, "Content-Length: "), head);
  BOOST_TEST(!contains(head, "chunked"), head);
  BOOST_TEST(head.ends_with("\r\n\r\n"), head);

  // The project's client reads chunked descriptions and SOAP replies.
  igd::client c(asio::system_executor{});
  std::error_code ec;
  c.open(rr.location(), ec);
  BOOST_REQUIRE_MESSAGE(!ec, ec.message());
  igd::mapping_request m;
  m.external_port = m.internal_port = 48002;
  m.internal_client = asio::ip::make_address("127.0.0.1");
  c.add_port_mapping(m, ec);
  BOOST_TEST(!ec, ec.message());
  BOOST_TEST(rr.on_router([](router& r) { return r.mappings().size(); }) == 1u);
}
