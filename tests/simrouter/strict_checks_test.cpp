// simrouter --strict, pure core: crafted requests and datagrams -> the exact rule ids found.
// A correct request must find nothing, so every case below can fail both ways.
#define BOOST_TEST_MODULE simrouter_core_strict
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/sim/ssdp_setup.hpp"
#include "igdkit/sim/strict/http_checks.hpp"
#include "igdkit/sim/strict/ssdp_checks.hpp"
#include "igdkit/sim/strict/violation_log.hpp"
#include "igdkit/soap/request.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

using namespace igdkit;
using namespace igdkit::sim;

namespace {

using ids = std::multiset<std::string>;

const std::string host = "127.0.0.1:5000";

root_layout layout_v(igd_version v) {
  layout_params p;
  p.version = v;
  return make_igd_layout(p);
}

http_request parse_http(const std::string& bytes) {
  boost::beast::http::request_parser<boost::beast::http::string_body> p;
  p.eager(true);
  boost::system::error_code ec;
  p.put(boost::asio::buffer(bytes), ec);
  BOOST_REQUIRE_MESSAGE(!ec && p.is_done(), "test request does not parse: " << ec.message());
  return p.release();
}

ids rule_ids(const std::vector<strict::finding>& found) {
  ids out;
  for (const auto& f : found) {
    BOOST_TEST_MESSAGE(f.rule << ": " << f.message << " | " << f.evidence);
    BOOST_TEST(strict::find_rule(f.rule) != nullptr, "rule " << f.rule << " is not in the table");
    out.insert(std::string(f.rule));
  }
  return out;
}

struct soap_call {
  std::string path = "/ctl/IPConn";
  std::string version = "HTTP/1.1";
  std::string host_line = "Host: " + host + "\r\n";
  std::string content_type = "Content-Type: text/xml; charset=\"utf-8\"\r\n";
  std::string soapaction;  // whole header line; default from action/service
  std::string body;

  std::string bytes() const {
    return "POST " + path + " " + version + "\r\n" + host_line + content_type + soapaction +
           "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  }
};

const std::string wanip2 = "urn:schemas-upnp-org:service:WANIPConnection:2";
const std::string wanip1 = "urn:schemas-upnp-org:service:WANIPConnection:1";

soap::argument_list add_args(std::string proto = "TCP", std::string eport = "40000", std::string iport = "40000",
                             std::string client = "192.168.1.23", std::string enabled = "1", std::string lease = "3600") {
  return {{"NewRemoteHost", ""},           {"NewExternalPort", eport},    {"NewProtocol", proto},
          {"NewInternalPort", iport},      {"NewInternalClient", client}, {"NewEnabled", enabled},
          {"NewPortMappingDescription", "app"}, {"NewLeaseDuration", lease}};
}

soap_call call(const std::string& service, const std::string& action, soap::argument_list args) {
  soap_call c;
  c.soapaction = "SOAPACTION: " + soap::soap_action_header(service, action) + "\r\n";
  c.body = soap::build_request_body({service, action, std::move(args)});
  return c;
}

ids check(const soap_call& c, igd_version v = igd_version::v2) {
  const auto layout = layout_v(v);
  const std::vector<std::string> hosts{host};
  return rule_ids(strict::check_http_request(parse_http(c.bytes()), layout, hosts));
}

}  // namespace

BOOST_AUTO_TEST_CASE(rule_table_ids_are_unique_and_referenced) {
  std::set<std::string_view> seen;
  for (const auto& r : strict::all_rules()) {
    BOOST_TEST(seen.insert(r.id).second, "duplicate rule id " << r.id);
    BOOST_TEST(!r.text.empty());
    BOOST_TEST(!r.spec.empty());
  }
  BOOST_TEST(strict::find_rule("soap.soapaction-quoted") != nullptr);
  BOOST_TEST(strict::find_rule("no.such-rule") == nullptr);
}

BOOST_AUTO_TEST_CASE(a_correct_request_finds_nothing) {
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args())) == ids{});
  BOOST_TEST(check(call(wanip1, "AddPortMapping", add_args()), igd_version::v1) == ids{});
  // A v1 URN on the v2 service is allowed (a v2 service answers v1 URNs).
  BOOST_TEST(check(call(wanip1, "GetExternalIPAddress", {})) == ids{});
  BOOST_TEST(check(call(wanip2, "GetListOfPortMappings",
                        {{"NewStartPort", "1"}, {"NewEndPort", "65535"}, {"NewProtocol", "UDP"},
                         {"NewManage", "0"}, {"NewNumberOfPorts", "0"}})) == ids{});
  // Content-Type's charset unquoted or in upper case is the same parameter (RFC 7231 §3.1.1.1).
  auto c = call(wanip2, "GetExternalIPAddress", {});
  c.content_type = "Content-Type: text/xml; charset=UTF-8\r\n";
  BOOST_TEST(check(c) == ids{});
  c.host_line = "Host: 127.0.0.1:5000 \r\n";
  BOOST_TEST(check(c) == ids{});
}

BOOST_AUTO_TEST_CASE(soapaction_form_and_quoting) {
  auto c = call(wanip2, "GetExternalIPAddress", {});
  c.soapaction = "SOAPACTION: " + wanip2 + "#GetExternalIPAddress\r\n";
  BOOST_TEST(check(c) == ids{"soap.soapaction-quoted"});
  c.soapaction = "SOAPACTION: \"" + wanip2 + "GetExternalIPAddress\"\r\n";
  BOOST_TEST(check(c) == ids{"soap.soapaction-form"});
  c.soapaction = "";
  BOOST_TEST(check(c) == ids{"soap.soapaction-missing"});
  // The control URL serves WANIPConnection; the header names another service.
  c.soapaction = "SOAPACTION: \"urn:schemas-upnp-org:service:WANPPPConnection:1#GetExternalIPAddress\"\r\n";
  BOOST_TEST(check(c) == (ids{"soap.soapaction-service", "soap.action-namespace"}));
  // A v2 URN on an IGD:1 router's v1 service.
  BOOST_TEST(check(call(wanip2, "GetExternalIPAddress", {}), igd_version::v1) == ids{"soap.soapaction-service"});
}

BOOST_AUTO_TEST_CASE(action_names_and_namespaces) {
  auto c = call(wanip2, "GetExternalIPAddress", {});
  c.soapaction = "SOAPACTION: \"" + wanip2 + "#GetStatusInfo\"\r\n";
  BOOST_TEST(check(c) == ids{"soap.body-action-mismatch"});
  // AddAnyPortMapping does not exist in WANIPConnection:1.
  BOOST_TEST(check(call(wanip1, "AddAnyPortMapping", add_args())) == ids{"soap.action-unknown"});
  BOOST_TEST(check(call(wanip2, "FrobnicatePort", {})) == ids{"soap.action-unknown"});
}

BOOST_AUTO_TEST_CASE(envelope_namespace_and_encoding_style) {
  auto c = call(wanip2, "GetExternalIPAddress", {});
  const auto good = c.body;
  c.body = std::string(good).replace(good.find(" s:encodingStyle="), std::string(" s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"").size(), "");
  BOOST_TEST(check(c) == ids{"soap.encoding-style"});
  c.body = good;
  c.body.replace(c.body.find("http://schemas.xmlsoap.org/soap/envelope/"), 41, "http://www.w3.org/2003/05/soap-envelope");
  BOOST_TEST(check(c) == (ids{"soap.envelope-namespace", "soap.envelope-namespace", "soap.encoding-style"}));
  c.body = "<not xml";
  BOOST_TEST(check(c) == ids{"soap.xml-invalid"});
  c.body = "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
           "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body/></s:Envelope>";
  BOOST_TEST(check(c) == ids{"soap.xml-invalid"});
}

BOOST_AUTO_TEST_CASE(argument_presence_and_order) {
  auto args = add_args();
  args.erase(args.begin() + 5);  // NewEnabled
  BOOST_TEST(check(call(wanip2, "AddPortMapping", args)) == ids{"soap.argument-missing"});
  args = add_args();
  args.push_back({"NewExtra", "1"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", args)) == ids{"soap.argument-extra"});
  args = add_args();
  args.push_back({"NewProtocol", "TCP"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", args)) == ids{"soap.argument-extra"});
  args = add_args();
  std::swap(args[1], args[2]);
  BOOST_TEST(check(call(wanip2, "AddPortMapping", args)) == ids{"soap.argument-order"});
}

BOOST_AUTO_TEST_CASE(value_formats) {
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args("tcp"))) == ids{"value.protocol-case"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args(""))) == ids{"value.protocol"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args("SCTP"))) == ids{"value.protocol"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args("TCP", "0"))) == ids{"value.port-zero"});
  // v1 allows the wildcard external port; InternalPort 0 is never allowed.
  BOOST_TEST(check(call(wanip1, "AddPortMapping", add_args("TCP", "0")), igd_version::v1) == ids{});
  BOOST_TEST(check(call(wanip1, "AddPortMapping", add_args("TCP", "1", "0")), igd_version::v1) == ids{"value.port-zero"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args("TCP", "65536"))) == ids{"value.integer"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args("TCP", "80a"))) == ids{"value.integer"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args("TCP", "-1"))) == ids{"value.integer"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args("TCP", "1", "1", "192.168.1.23", "1", "soon"))) ==
             ids{"value.integer"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args("TCP", "1", "1", "192.168.1.23", "1", "604801"))) ==
             ids{"value.lease-range"});
  BOOST_TEST(check(call(wanip1, "AddPortMapping", add_args("TCP", "1", "1", "192.168.1.23", "1", "604801")),
                   igd_version::v1) == ids{});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args("TCP", "1", "1", "camera.lan"))) == ids{"value.internal-client"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args("TCP", "1", "1", ""))) == ids{"value.internal-client"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args("TCP", "1", "1", "192.168.1.023"))) == ids{"value.internal-client"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args("TCP", "1", "1", "192.168.1.23", "true"))) ==
             ids{"value.boolean-deprecated"});
  BOOST_TEST(check(call(wanip2, "AddPortMapping", add_args("TCP", "1", "1", "192.168.1.23", "on"))) == ids{"value.boolean"});
  auto args = add_args();
  args[0].value = "*";
  BOOST_TEST(check(call(wanip2, "AddPortMapping", args)) == ids{"value.remote-host"});
  BOOST_TEST(check(call(wanip2, "SetConnectionType", {{"NewConnectionType", "ip_routed"}})) == ids{"value.allowed-value"});
}

BOOST_AUTO_TEST_CASE(http_version_host_and_content_type) {
  auto c = call(wanip2, "GetExternalIPAddress", {});
  c.version = "HTTP/1.0";
  BOOST_TEST(check(c) == ids{"http.version"});
  c = call(wanip2, "GetExternalIPAddress", {});
  c.host_line = "";
  BOOST_TEST(check(c) == ids{"http.host-missing"});
  c.host_line = "Host: 192.168.1.1:5000\r\n";
  BOOST_TEST(check(c) == ids{"http.host-mismatch"});
  c.host_line = "Host: 127.0.0.1\r\n";  // port 80 implied
  BOOST_TEST(check(c) == ids{"http.host-mismatch"});
  c = call(wanip2, "GetExternalIPAddress", {});
  c.content_type = "Content-Type: text/xml\r\n";
  BOOST_TEST(check(c) == ids{"http.content-type-charset"});
  c.content_type = "Content-Type: application/soap+xml; charset=\"utf-8\"\r\n";
  BOOST_TEST(check(c) == ids{"http.content-type"});
  c.content_type = "";
  BOOST_TEST(check(c) == ids{"http.content-type"});
  // A description GET is checked for HTTP only.
  const auto layout = layout_v(igd_version::v2);
  const std::vector<std::string> hosts{host};
  BOOST_TEST(rule_ids(strict::check_http_request(parse_http("GET /rootDesc.xml HTTP/1.1\r\nHost: " + host + "\r\n\r\n"),
                                                 layout, hosts)) == ids{});
  BOOST_TEST(rule_ids(strict::check_http_request(parse_http("GET /rootDesc.xml HTTP/1.0\r\n\r\n"), layout, hosts)) ==
             (ids{"http.version", "http.host-missing"}));
}

BOOST_AUTO_TEST_CASE(subscription_headers) {
  const auto layout = layout_v(igd_version::v2);
  const std::vector<std::string> hosts{host};
  const auto sub = [&](const std::string& headers, const std::string& method = "SUBSCRIBE") {
    return rule_ids(strict::check_http_request(
        parse_http(method + " /evt/IPConn HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "\r\n"), layout, hosts));
  };
  BOOST_TEST(sub("CALLBACK: <http://127.0.0.1:4000/>\r\nNT: upnp:event\r\nTIMEOUT: Second-1800\r\n") == ids{});
  BOOST_TEST(sub("CALLBACK: <http://127.0.0.1:4000/>\r\nTIMEOUT: Second-1800\r\n") == ids{"gena.nt"});
  BOOST_TEST(sub("CALLBACK: http://127.0.0.1:4000/\r\nNT: upnp:event\r\n") == ids{"gena.callback"});
  BOOST_TEST(sub("NT: upnp:event\r\n") == ids{"gena.callback"});
  BOOST_TEST(sub("CALLBACK: <http://127.0.0.1:4000/>\r\nNT: upnp:event\r\nTIMEOUT: Second-infinite\r\n") ==
             ids{"gena.timeout"});
  BOOST_TEST(sub("CALLBACK: <http://127.0.0.1:4000/>\r\nNT: upnp:event\r\nTIMEOUT: 1800\r\n") == ids{"gena.timeout"});
  BOOST_TEST(sub("SID: uuid:1\r\nNT: upnp:event\r\nTIMEOUT: Second-1800\r\n") == ids{"gena.incompatible-headers"});
  BOOST_TEST(sub("SID: uuid:1\r\n", "UNSUBSCRIBE") == ids{});
  BOOST_TEST(sub("", "UNSUBSCRIBE") == ids{"gena.sid-missing"});
}

namespace {

ids search(const std::string& datagram, bool multicast, igd_version v = igd_version::v2,
           ssdp::st_matching matching = ssdp::st_matching::uda) {
  const auto layout = layout_v(v);
  const auto devices = advertised_set(layout, {});
  strict::search_context ctx{&devices, matching, multicast, "127.0.0.1:1900"};
  return rule_ids(strict::check_search_datagram(datagram, ctx));
}

std::string msearch(const std::string& host_value, const std::string& st, const std::string& extra = "MX: 2\r\n",
                    const std::string& man = "\"ssdp:discover\"") {
  return "M-SEARCH * HTTP/1.1\r\nHOST: " + host_value + "\r\nMAN: " + man + "\r\n" + extra + "ST: " + st + "\r\n\r\n";
}

const std::string group = "239.255.255.250:1900";
const std::string igd1 = "urn:schemas-upnp-org:device:InternetGatewayDevice:1";
const std::string igd2 = "urn:schemas-upnp-org:device:InternetGatewayDevice:2";

}  // namespace

BOOST_AUTO_TEST_CASE(msearch_headers) {
  BOOST_TEST(search(msearch(group, igd1), true) == ids{});
  BOOST_TEST(search(msearch("127.0.0.1:1900", igd1, ""), false) == ids{});
  BOOST_TEST(search(msearch(group, "ssdp:all", "MX: 1\r\n"), true) == ids{});
  BOOST_TEST(search(msearch(group, igd1, ""), true) == ids{"ssdp.mx-missing"});
  BOOST_TEST(search(msearch(group, igd1, "MX: 0\r\n"), true) == ids{"ssdp.mx-range"});
  BOOST_TEST(search(msearch(group, igd1, "MX: 120\r\n"), true) == ids{"ssdp.mx-range"});
  BOOST_TEST(search(msearch(group, igd1, "MX: two\r\n"), true) == ids{"ssdp.mx-range"});
  BOOST_TEST(search(msearch(group, igd1, "MX: 2\r\n", "ssdp:discover"), true) == ids{"ssdp.man-quoted"});
  BOOST_TEST(search(msearch(group, igd1, "MX: 2\r\n", "\"ssdp:find\""), true) == ids{"ssdp.man"});
  BOOST_TEST(search(msearch("239.255.255.250", igd1), true) == ids{"ssdp.host"});
  // A unicast search naming the group in HOST (what many clients send).
  BOOST_TEST(search(msearch(group, igd1, ""), false) == ids{"ssdp.host"});
  BOOST_TEST(search("M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n", true) ==
             ids{"ssdp.host"});
  BOOST_TEST(search("M-SEARCH * HTTP/1.1\r\nHOST: " + group + "\r\nMX: 1\r\nST: ssdp:all\r\n\r\n", true) == ids{"ssdp.man"});
  BOOST_TEST(search("M-SEARCH * HTTP/1.1\r\nHOST: " + group + "\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\n\r\n", true) ==
             ids{"ssdp.st"});
  BOOST_TEST(search("M-SEARCH * HTTP/1.0\r\nHOST: " + group + "\r\nMAN: \"ssdp:discover\"\r\nMX: 1\r\nST: ssdp:all\r\n\r\n",
                    true) == ids{"ssdp.start-line"});
  BOOST_TEST(search("M-SEARCH * HTTP/1.1\nHOST: " + group + "\nMAN: \"ssdp:discover\"\nMX: 1\nST: ssdp:all\n\n", true) ==
             ids{"ssdp.line-endings"});
  BOOST_TEST(search("\x01\x02garbage", false) == ids{"ssdp.malformed"});
}

BOOST_AUTO_TEST_CASE(searches_the_device_ignores_say_why) {
  BOOST_TEST(search(msearch(group, igd2), true, igd_version::v1) == ids{"ssdp.st-version"});
  BOOST_TEST(search(msearch(group, igd2), true, igd_version::v2) == ids{});
  BOOST_TEST(search(msearch(group, "urn:schemas-upnp-org:device:MediaServer:1"), true) == ids{"ssdp.st-not-served"});
  BOOST_TEST(search(msearch(group, "uuid:00000000-0000-0000-0000-000000000000"), true) == ids{"ssdp.st-not-served"});
  BOOST_TEST(search(msearch(group, "roku:ecp"), true) == ids{"ssdp.st-unknown"});
  // Firmware that answers exact STs only ignores a lower version.
  BOOST_TEST(search(msearch(group, igd1), true, igd_version::v2, ssdp::st_matching::exact) == ids{"ssdp.st-not-served"});
  // A search dropped for its MAN is not also reported as unanswered for its ST.
  BOOST_TEST(search(msearch(group, "roku:ecp", "MX: 1\r\n", "\"x\""), true) == ids{"ssdp.man"});
}

BOOST_AUTO_TEST_CASE(other_devices_messages_are_not_requests) {
  const std::string notify = "NOTIFY * HTTP/1.1\r\nHOST: " + group + "\r\nCACHE-CONTROL: max-age=1800\r\n"
                             "LOCATION: http://192.168.1.9/d.xml\r\nNT: upnp:rootdevice\r\nNTS: ssdp:alive\r\n"
                             "USN: uuid:x::upnp:rootdevice\r\n\r\n";
  BOOST_TEST(search(notify, true) == ids{});
  BOOST_TEST(search("NOTIFY * HTTP/1.1\r\n\r\n", true) == ids{});
}

BOOST_AUTO_TEST_CASE(violation_log_keeps_the_newest_and_counts_all) {
  strict::violation_log log(3);
  const auto t0 = std::chrono::system_clock::time_point{};
  for (int i = 0; i < 5; ++i)
    log.record(t0 + std::chrono::seconds(i), "127.0.0.1", {"ssdp.man", "m" + std::to_string(i), "e"});
  log.record(t0, "127.0.0.2", {"value.integer", "x", "<NewExternalPort>a</NewExternalPort>"});
  log.record(t0, "127.0.0.2", {"not.a-rule", "bug", ""});
  BOOST_TEST(log.total() == 7u);
  BOOST_TEST(log.recent().size() == 3u);
  BOOST_TEST(log.recent().front().message == "m4");
  BOOST_TEST(log.recent().back().broken->id == "unknown-rule");
  BOOST_TEST(log.counts().at("ssdp.man") == 5u);
  BOOST_TEST(log.counts().at("value.integer") == 1u);
  const auto line = strict::log_line(log.recent()[1]);
  BOOST_TEST(line == "strict: 127.0.0.2 value.integer [UDA 1.1 §2.5 (dataType ui2, ui4)] x | "
                     "<NewExternalPort>a</NewExternalPort>");
  const auto text = strict::summary(log);
  BOOST_TEST(text.starts_with("strict: 7 finding(s) in 3 rule(s)\n  5  ssdp.man\n"));
}

BOOST_AUTO_TEST_CASE(evidence_is_printable_and_bounded) {
  BOOST_TEST(strict::evidence_of("a\r\nb\x01") == "a\\r\\nb\\x01");
  const auto long_text = strict::evidence_of(std::string(1000, 'x'));
  BOOST_TEST(long_text.size() == strict::max_evidence + 3);
  BOOST_TEST(long_text.ends_with("..."));
}
