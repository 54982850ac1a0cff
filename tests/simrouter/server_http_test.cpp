// Loopback: SOAP over real HTTP (add/get/delete, conflict and fault codes), many clients at
// once, and the HTTP refusals: 413, 405, 400, 401, 404, 412, and the slowloris header timeout.
#define BOOST_TEST_MODULE simrouter_server_http
#include "server_raw_client.hpp"
#include "server_rig.hpp"

#include "igdkit/soap/upnp_error.hpp"

#include <boost/test/unit_test.hpp>

using namespace igdkit;
using namespace igdkit::sim;
using namespace igdkit::sim::test;

namespace {

const std::string wanip2 = "urn:schemas-upnp-org:service:WANIPConnection:2";

soap::action_request add_mapping(std::uint16_t port, std::string client, std::string service = wanip2) {
  return {std::move(service), "AddPortMapping",
          {{"NewRemoteHost", ""}, {"NewExternalPort", std::to_string(port)}, {"NewProtocol", "TCP"},
           {"NewInternalPort", std::to_string(port)}, {"NewInternalClient", std::move(client)},
           {"NewEnabled", "1"}, {"NewPortMappingDescription", "t&<x>"}, {"NewLeaseDuration", "3600"}}};
}

soap::action_request key_action(std::string action, std::uint16_t port) {
  return {wanip2, std::move(action),
          {{"NewRemoteHost", ""}, {"NewExternalPort", std::to_string(port)}, {"NewProtocol", "TCP"}}};
}

router_options fast_options(bool secure = true) {
  router_options o;
  o.config.secure_mode = secure;
  o.server.header_timeout = std::chrono::milliseconds(400);
  o.server.body_timeout = std::chrono::milliseconds(400);
  o.server.idle_timeout = std::chrono::milliseconds(400);
  o.server.limits.body_limit = std::size_t{8} * 1024;
  return o;
}

const std::string get_ip_body =
    "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
    "<u:GetExternalIPAddress xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:2\"/></s:Body></s:Envelope>";
const std::string get_ip_action = "\"urn:schemas-upnp-org:service:WANIPConnection:2#GetExternalIPAddress\"";

}  // namespace

BOOST_AUTO_TEST_CASE(soap_add_get_delete_and_faults) {
  running_router rr(fast_options(false));
  BOOST_REQUIRE(!rr.start_error());
  const auto ctl = rr.url("/ctl/IPConn");

  auto add = soap_call(ctl, add_mapping(40000, "127.0.0.1"));
  BOOST_REQUIRE_MESSAGE(!add.ec, add.ec.message());
  BOOST_TEST(add.response.http_status == 200u);

  auto get = soap_call(ctl, key_action("GetSpecificPortMappingEntry", 40000));
  BOOST_REQUIRE(!get.ec);
  BOOST_TEST(soap::find_argument(get.response.arguments, "NewInternalClient").value_or("") == "127.0.0.1");
  BOOST_TEST(soap::find_argument(get.response.arguments, "NewPortMappingDescription").value_or("") == "t&<x>");
  BOOST_TEST(rr.on_router([](router& r) { return r.mappings().size(); }) == 1u);

  // Same (remote host, port, protocol) for another client: 718, with the router's description.
  auto conflict = soap_call(ctl, add_mapping(40000, "127.0.0.2"));
  BOOST_TEST(conflict.ec == soap::make_error_code(soap::upnp_errc::conflict_in_mapping_entry));
  BOOST_REQUIRE(conflict.response.fault.has_value());
  BOOST_TEST(conflict.response.http_status == 500u);

  auto del = soap_call(ctl, key_action("DeletePortMapping", 40000));
  BOOST_TEST(!del.ec);
  auto missing = soap_call(ctl, key_action("DeletePortMapping", 40000));
  BOOST_TEST(missing.ec == soap::make_error_code(soap::upnp_errc::no_such_entry_in_array));
  auto index = soap_call(ctl, {wanip2, "GetGenericPortMappingEntry", {{"NewPortMappingIndex", "7"}}});
  BOOST_TEST(index.ec == soap::make_error_code(soap::upnp_errc::specified_array_index_invalid));

  // A v1 URN is accepted by the v2 service and echoed back.
  auto v1 = soap_call(ctl, {"urn:schemas-upnp-org:service:WANIPConnection:1", "GetExternalIPAddress", {}});
  BOOST_TEST(!v1.ec);
  BOOST_TEST(v1.response.service_type == "urn:schemas-upnp-org:service:WANIPConnection:1");
  // The action exists, but not on this control URL's service: 401.
  auto wrong_url = soap_call(rr.url("/ctl/CmnIfCfg"), key_action("DeletePortMapping", 1));
  BOOST_TEST(wrong_url.ec == soap::make_error_code(soap::upnp_errc::invalid_action));
  auto unknown = soap_call(ctl, {wanip2, "FlyToTheMoon", {}});
  BOOST_TEST(unknown.ec == soap::make_error_code(soap::upnp_errc::invalid_action));
}

BOOST_AUTO_TEST_CASE(secure_mode_v2_refuses_other_clients_with_606) {
  running_router rr(fast_options(true));
  auto other = soap_call(rr.url("/ctl/IPConn"), add_mapping(40001, "127.0.0.9"));
  BOOST_TEST(other.ec == soap::make_error_code(soap::upnp_errc::action_not_authorized));
}

BOOST_AUTO_TEST_CASE(fifty_parallel_soap_calls_all_answered) {
  running_router rr(fast_options());
  asio::io_context io;
  const auto ctl = rr.url("/ctl/IPConn");
  int ok = 0, failed = 0;
  for (std::uint16_t i = 0; i < 50; ++i) {
    soap::async_call(io.get_executor(), ctl, add_mapping(static_cast<std::uint16_t>(41000 + i), "127.0.0.1"),
                     soap::http_options{}, [&](std::error_code ec, const soap::action_response&) { ec ? ++failed : ++ok; });
  }
  io.run();
  BOOST_TEST(ok == 50);
  BOOST_TEST(failed == 0);
  BOOST_TEST(rr.on_router([](router& r) { return r.mappings().size(); }) == 50u);
}

BOOST_AUTO_TEST_CASE(http_refusals) {
  running_router rr(fast_options());
  const auto ep = rr.http();

  auto big = raw_exchange(ep, soap_post("/ctl/IPConn", get_ip_action, std::string(20000, 'x')));
  BOOST_REQUIRE(big.has_value());
  BOOST_TEST(big->result_int() == 413u);

  auto wrong = raw_exchange(ep, "DELETE /rootDesc.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  BOOST_REQUIRE(wrong.has_value());
  BOOST_TEST(wrong->result_int() == 405u);
  BOOST_TEST((*wrong)[boost::beast::http::field::allow] == "GET, HEAD");
  auto get_ctl = raw_exchange(ep, "GET /ctl/IPConn HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  BOOST_REQUIRE(get_ctl.has_value());
  BOOST_TEST(get_ctl->result_int() == 405u);
  BOOST_TEST((*get_ctl)[boost::beast::http::field::allow] == "POST");

  auto no_action = raw_exchange(ep, soap_post("/ctl/IPConn", "", get_ip_body));
  BOOST_REQUIRE(no_action.has_value());
  BOOST_TEST(no_action->result_int() == 400u);

  auto bad_action = raw_exchange(ep, soap_post("/ctl/IPConn", "\"nonsense\"", get_ip_body));
  BOOST_REQUIRE(bad_action.has_value());
  BOOST_TEST(bad_action->result_int() == 500u);
  BOOST_TEST(bad_action->body().find("<errorCode>401</errorCode>") != std::string::npos);

  auto bad_xml = raw_exchange(ep, soap_post("/ctl/IPConn", get_ip_action, "<s:Envelope><unclosed"));
  BOOST_REQUIRE(bad_xml.has_value());
  BOOST_TEST(bad_xml->result_int() == 500u);
  BOOST_TEST(bad_xml->body().find("<errorCode>402</errorCode>") != std::string::npos);

  auto nowhere = raw_exchange(ep, "GET /etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  BOOST_REQUIRE(nowhere.has_value());
  BOOST_TEST(nowhere->result_int() == 404u);

  // A callback on another host than the subscriber: 412 with the reason (CallStranger).
  auto subscribe = raw_exchange(ep, "SUBSCRIBE /evt/IPConn HTTP/1.1\r\nHost: x\r\nCALLBACK: <http://127.0.0.2:1/>\r\n"
                                    "NT: upnp:event\r\nConnection: close\r\n\r\n");
  BOOST_REQUIRE(subscribe.has_value());
  BOOST_TEST(subscribe->result_int() == 412u);
  BOOST_TEST(subscribe->body().find("CallStranger") != std::string::npos);

  auto garbage = raw_exchange(ep, "\x01\x02 not http at all\r\n\r\n");
  BOOST_REQUIRE(garbage.has_value());
  BOOST_TEST(garbage->result_int() == 400u);

  // Keep-alive: two requests on one connection both answered.
  auto two = soap_post("/ctl/IPConn", get_ip_action, get_ip_body, true) + soap_post("/ctl/IPConn", get_ip_action, get_ip_body);
  auto first = raw_exchange(ep, two);
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(first->result_int() == 200u);
}

BOOST_AUTO_TEST_CASE(slow_client_dropped_at_header_timeout_while_others_served) {
  running_router rr(fast_options());
  asio::io_context io;
  asio::ip::tcp::socket slow(io);
  slow.connect(rr.http());
  asio::write(slow, asio::buffer(std::string("GET /rootDesc.xml HTTP/1.1\r\nHost: x\r\n")));  // never ends

  const auto start = std::chrono::steady_clock::now();
  auto [ec, body] = http_get(rr.location());
  BOOST_TEST(!ec);
  BOOST_TEST(!body.empty());

  // The server closes the half request: read returns EOF (no response) within the timeout.
  char buf[256];
  boost::system::error_code rec;
  const auto n = slow.read_some(asio::buffer(buf), rec);
  const auto waited = std::chrono::steady_clock::now() - start;
  BOOST_TEST(n == 0u);
  BOOST_TEST(rec == asio::error::eof);
  BOOST_TEST(waited < std::chrono::seconds(3));
  BOOST_TEST(rr.on_router([](router& r) { return r.http_stats().timeouts; }) >= 1u);
}

BOOST_AUTO_TEST_CASE(pure_handler_from_bytes) {
  igd_handler igd(router_config{}, clock::now());
  http_handler h(make_igd_layout({}), igd);
  request_context ctx;
  ctx.client = asio::ip::make_address("192.168.1.20");
  ctx.now = clock::now();
  BOOST_TEST(h.handle_bytes("GET /rootDesc.xml HTTP/1.1\r\nHost: x\r\n\r\n", ctx).result_int() == 200u);
  BOOST_TEST(h.handle_bytes("HEAD /WANIPCn.xml HTTP/1.1\r\nHost: x\r\n\r\n", ctx).body().empty());
  BOOST_TEST(h.handle_bytes("GET /rootDesc.xml HTTP/1.1\r\nHost: x\r\n", ctx).result_int() == 400u);
  BOOST_TEST(h.handle_bytes("", ctx).result_int() == 400u);
  BOOST_TEST(h.handle_bytes("POST /ctl/IPConn HTTP/1.1\r\nContent-Length: 999999\r\n\r\n", ctx).result_int() == 413u);
  BOOST_TEST(h.handle_bytes(soap_post("/ctl/IPConn", get_ip_action, get_ip_body), ctx).result_int() == 200u);
}
