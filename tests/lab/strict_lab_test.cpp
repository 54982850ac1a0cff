// simrouter --strict over loopback: crafted bad clients (raw bytes over TCP and UDP to
// 127.0.0.1) produce exactly the expected violations in GET /violations, and every answer is
// byte for byte the one a lab without --strict gives.
#define BOOST_TEST_MODULE lab_strict
#include <boost/test/unit_test.hpp>

#include "lab_process.hpp"
#include "lab_rig.hpp"

#include "igdkit/soap/request.hpp"

#include <boost/asio/read.hpp>
#include <boost/json.hpp>

#include <map>
#include <regex>
#include <string>
#include <vector>

using namespace igdkit;
using namespace igdkit::sim;
using namespace igdkit::sim::test;
namespace asio = boost::asio;

namespace {

constexpr std::string_view root_uuid = "3a7c0d2e-5b1f-4c8a-9e6d-1f2a3b4c5d6e";
const std::string wanip2 = "urn:schemas-upnp-org:service:WANIPConnection:2";
const std::string wanip1 = "urn:schemas-upnp-org:service:WANIPConnection:1";

lab_options options(bool strict) {
  lab_options o;
  o.strict = strict;
  o.stun = false;
  o.router.layout.root_uuid = std::string(root_uuid);  // same identity: same descriptions and USNs
  return o;
}

// Everything the server writes until it closes (each request asks for Connection: close or is
// HTTP/1.0), bounded by a deadline.
std::string exchange_bytes(const asio::ip::tcp::endpoint& to, const std::string& request) {
  asio::io_context io;
  boost::beast::tcp_stream stream(io);
  std::string out;
  std::array<char, 4096> buf{};
  stream.expires_after(std::chrono::seconds(5));
  std::function<void()> read_more = [&] {
    stream.async_read_some(asio::buffer(buf), [&](boost::system::error_code ec, std::size_t n) {
      out.append(buf.data(), n);
      if (!ec) read_more();
    });
  };
  stream.async_connect(to, [&](boost::system::error_code ec) {
    if (ec) return;
    asio::async_write(stream, asio::buffer(request), [&](boost::system::error_code wec, std::size_t) {
      if (!wec) read_more();
    });
  });
  io.run();
  return out;
}

struct raw_post {
  std::string path = "/ctl/IPConn";
  std::string version = "HTTP/1.1";
  std::string host;  // the whole Host line, or nothing
  std::string content_type = "Content-Type: text/xml; charset=\"utf-8\"\r\n";
  std::string soapaction;
  std::string body;
  std::string bytes() const {
    return "POST " + path + " " + version + "\r\n" + host + content_type + soapaction + "Content-Length: " +
           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  }
};

std::string envelope(const std::string& service, const std::string& action, const soap::argument_list& args) {
  return soap::build_request_body({service, action, args});
}

soap::argument_list add_args(const std::string& proto, const std::string& eport, const std::string& client,
                             const std::string& enabled) {
  return {{"NewRemoteHost", ""},          {"NewExternalPort", eport},  {"NewProtocol", proto},
          {"NewInternalPort", "8080"},    {"NewInternalClient", client}, {"NewEnabled", enabled},
          {"NewPortMappingDescription", "strict"}, {"NewLeaseDuration", "3600"}};
}

// The bad clients: each request with the rules it must be found to break. `host` is the
// router's own Host line (127.0.0.1:port).
struct bad_request {
  std::string bytes;
  std::vector<std::string> rules;
};

std::vector<bad_request> bad_http_requests(const std::string& host) {
  std::vector<bad_request> out;
  {  // miniupnpc-shaped headers, with a lower-case protocol and a deprecated boolean
    raw_post p;
    p.host = host;
    p.content_type = "Content-Type: text/xml\r\n";
    p.soapaction = "SOAPAction: " + wanip2 + "#AddPortMapping\r\n";
    p.body = envelope(wanip2, "AddPortMapping", add_args("tcp", "18080", "127.0.0.1", "true"));
    out.push_back({p.bytes(), {"http.content-type-charset", "soap.soapaction-quoted", "value.protocol-case",
                               "value.boolean-deprecated"}});
  }
  {  // HTTP/1.0 without Host
    raw_post p;
    p.version = "HTTP/1.0";
    p.soapaction = "SOAPACTION: " + soap::soap_action_header(wanip2, "GetExternalIPAddress") + "\r\n";
    p.body = envelope(wanip2, "GetExternalIPAddress", {});
    out.push_back({p.bytes(), {"http.version", "http.host-missing"}});
  }
  {  // no encodingStyle, arguments out of order
    raw_post p;
    p.host = host;
    p.soapaction = "SOAPACTION: " + soap::soap_action_header(wanip2, "DeletePortMapping") + "\r\n";
    p.body = "<?xml version=\"1.0\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
             "<u:DeletePortMapping xmlns:u=\"" + wanip2 + "\"><NewRemoteHost></NewRemoteHost>"
             "<NewProtocol>TCP</NewProtocol><NewExternalPort>18080</NewExternalPort></u:DeletePortMapping>"
             "</s:Body></s:Envelope>";
    out.push_back({p.bytes(), {"soap.encoding-style", "soap.argument-order"}});
  }
  {  // a v2-only action under a v1 URN
    raw_post p;
    p.host = host;
    p.soapaction = "SOAPACTION: " + soap::soap_action_header(wanip1, "AddAnyPortMapping") + "\r\n";
    p.body = envelope(wanip1, "AddAnyPortMapping", add_args("TCP", "18081", "127.0.0.1", "1"));
    out.push_back({p.bytes(), {"soap.action-unknown"}});
  }
  {  // no SOAPACTION at all (400), Host naming another address
    raw_post p;
    p.host = "Host: 10.0.0.1\r\n";
    p.body = envelope(wanip2, "GetExternalIPAddress", {});
    out.push_back({p.bytes(), {"soap.soapaction-missing", "http.host-mismatch"}});
  }
  {  // a hostname as internal client, the wildcard external port on v2, an extra argument
    raw_post p;
    p.host = host;
    p.soapaction = "SOAPACTION: " + soap::soap_action_header(wanip2, "AddPortMapping") + "\r\n";
    auto args = add_args("UDP", "0", "printer.lan", "1");
    args.push_back({"NewExtra", "x"});
    p.body = envelope(wanip2, "AddPortMapping", args);
    out.push_back({p.bytes(), {"value.port-zero", "value.internal-client", "soap.argument-extra"}});
  }
  // SUBSCRIBE without NT and with an infinite timeout (412)
  out.push_back({"SUBSCRIBE /evt/IPConn HTTP/1.1\r\n" + host +
                     "CALLBACK: <http://127.0.0.1:9/>\r\nTIMEOUT: Second-infinite\r\nConnection: close\r\n\r\n",
                 {"gena.nt", "gena.timeout"}});
  // UNSUBSCRIBE without SID (412)
  out.push_back({"UNSUBSCRIBE /evt/IPConn HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n", {"gena.sid-missing"}});
  return out;
}

std::string msearch(const std::string& host_value, const std::string& man, const std::string& st) {
  return "M-SEARCH * HTTP/1.1\r\nHOST: " + host_value + "\r\nMAN: " + man + "\r\nST: " + st + "\r\n\r\n";
}

std::vector<bad_request> bad_searches(const std::string& ssdp_host) {
  return {
      {msearch("239.255.255.250:1900", "ssdp:discover", "upnp:rootdevice"), {"ssdp.host", "ssdp.man-quoted"}},
      {msearch(ssdp_host, "\"ssdp:discover\"", "urn:schemas-upnp-org:device:MediaServer:1"), {"ssdp.st-not-served"}},
      {msearch(ssdp_host, "\"ssdp:discover\"", "roku:ecp"), {"ssdp.st-unknown"}},
      {"\x01\x02 not ssdp", {"ssdp.malformed"}},
  };
}

// Sends `datagram`, then a well-formed marker search, and returns what came back before the
// marker's own answer: the answers to `datagram` (unicast answers leave in arrival order).
std::vector<std::string> search_answers(const asio::ip::udp::endpoint& router, const std::string& datagram,
                                        const std::string& ssdp_host) {
  asio::io_context io;
  asio::ip::udp::socket s(io, asio::ip::udp::endpoint(loopback_v4, 0));
  const std::string marker_st = "uuid:" + std::string(root_uuid);
  s.send_to(asio::buffer(datagram), router);
  s.send_to(asio::buffer(msearch(ssdp_host, "\"ssdp:discover\"", marker_st)), router);
  std::vector<std::string> out;
  std::array<char, 9000> buf{};
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  for (;;) {
    std::string got;
    asio::ip::udp::endpoint from;
    s.async_receive_from(asio::buffer(buf), from, [&](boost::system::error_code ec, std::size_t n) {
      if (!ec) got.assign(buf.data(), n);
    });
    io.restart();
    io.run_until(deadline);
    BOOST_REQUIRE_MESSAGE(!got.empty(), "no answer to the marker search within 5 s");
    if (got.find("\r\nST: " + marker_st + "\r\n") != std::string::npos) return out;
    out.push_back(std::move(got));
  }
}

// What differs between two labs by construction: the ports they were given and the time.
std::string normalized(std::string text, std::uint16_t http_port, std::uint16_t ssdp_port) {
  text = std::regex_replace(text, std::regex(":" + std::to_string(http_port) + "\\b"), ":HTTP_PORT");
  text = std::regex_replace(text, std::regex(":" + std::to_string(ssdp_port) + "\\b"), ":SSDP_PORT");
  return std::regex_replace(text, std::regex("\r\nDATE: [^\r]*"), "\r\nDATE: -");
}

std::map<std::string, std::uint64_t> counts_of(const boost::json::value& v) {
  std::map<std::string, std::uint64_t> out;
  for (const auto& [k, n] : v.at("counts").as_object()) out[std::string(k)] = n.to_number<std::uint64_t>();
  return out;
}

struct lab_under_test {
  explicit lab_under_test(bool strict) : rig(options(strict)) {
    BOOST_REQUIRE_MESSAGE(!rig.start_error(), rig.start_detail());
    http = rig.on_lab([](lab& l) { return l.home().http_endpoint(); });
    ssdp = rig.on_lab([](lab& l) { return l.ssdp_endpoint(); });
    admin = rig.on_lab([](lab& l) { return l.admin_url(); });
  }
  std::string host_line() const { return "Host: 127.0.0.1:" + std::to_string(http.port()) + "\r\n"; }
  std::string ssdp_host() const { return "127.0.0.1:" + std::to_string(ssdp.port()); }
  running_lab rig;
  asio::ip::tcp::endpoint http;
  asio::ip::udp::endpoint ssdp;
  boost::urls::url admin;
};

}  // namespace

BOOST_AUTO_TEST_CASE(bad_clients_show_up_in_get_violations) {
  lab_under_test strict(true);
  std::map<std::string, std::uint64_t> expected;
  std::size_t total = 0;
  for (const auto& r : bad_http_requests(strict.host_line())) {
    BOOST_TEST(!exchange_bytes(strict.http, r.bytes).empty());
    for (const auto& id : r.rules) ++expected[id], ++total;
  }
  for (const auto& r : bad_searches(strict.ssdp_host())) {
    search_answers(strict.ssdp, r.bytes, strict.ssdp_host());
    for (const auto& id : r.rules) ++expected[id], ++total;
  }
  // A correct client adds nothing: the description, a proper SOAP call and the marker searches.
  exchange_bytes(strict.http, "GET /rootDesc.xml HTTP/1.1\r\n" + strict.host_line() + "Connection: close\r\n\r\n");
  raw_post good;
  good.host = strict.host_line();
  good.soapaction = "SOAPACTION: " + soap::soap_action_header(wanip2, "GetExternalIPAddress") + "\r\n";
  good.body = envelope(wanip2, "GetExternalIPAddress", {});
  BOOST_TEST(exchange_bytes(strict.http, good.bytes()).starts_with("HTTP/1.1 200 OK"));

  // Each violation is recorded before its answer is written (HTTP) or before the next datagram
  // is read (SSDP), so one read is enough: no waiting.
  const auto reply = admin_call(strict.admin, boost::beast::http::verb::get, "/violations");
  BOOST_REQUIRE_EQUAL(reply.status, 200u);
  const auto v = reply.json();
  BOOST_TEST(v.at("strict").as_bool());
  BOOST_TEST(v.at("total").to_number<std::uint64_t>() == total);
  const auto counts = counts_of(v);
  BOOST_TEST(counts == expected);
  for (const auto& [id, n] : counts) BOOST_TEST_MESSAGE(id << " " << n);
  // Each entry carries its rule's spec, the client and the evidence, newest last.
  const auto& list = v.at("violations").as_array();
  BOOST_REQUIRE_EQUAL(list.size(), total);
  const auto& first = list.front().as_object();
  BOOST_TEST(first.at("rule").as_string() == "http.content-type-charset");
  BOOST_TEST(first.at("spec").as_string() == "UDA 1.1 §3.2.1");
  BOOST_TEST(first.at("client").as_string() == "127.0.0.1");
  BOOST_TEST(first.at("evidence").as_string() == "Content-Type: text/xml");
  BOOST_TEST(list.back().at("rule").as_string() == "ssdp.malformed");
  BOOST_TEST(std::string(list.back().at("client").as_string()).starts_with("127.0.0.1:"));
  BOOST_TEST(list.back().at("kind").as_string() == "violation");
  // The ignored searches say so.
  bool ignored_seen = false;
  for (const auto& e : list)
    if (e.at("rule").as_string() == "ssdp.st-not-served") ignored_seen = e.at("kind").as_string() == "ignored";
  BOOST_TEST(ignored_seen);
  // /log has one line per violation too.
  const auto log = admin_call(strict.admin, boost::beast::http::verb::get, "/log?limit=10000").json();
  std::size_t strict_lines = 0;
  for (const auto& e : log.at("entries").as_array()) strict_lines += e.at("kind").as_string() == "strict";
  BOOST_TEST(strict_lines == total);
}

BOOST_AUTO_TEST_CASE(strict_off_records_nothing) {
  lab_under_test plain(false);
  for (const auto& r : bad_http_requests(plain.host_line())) exchange_bytes(plain.http, r.bytes);
  const auto v = admin_call(plain.admin, boost::beast::http::verb::get, "/violations").json();
  BOOST_TEST(!v.at("strict").as_bool());
  BOOST_TEST(v.at("total").to_number<std::uint64_t>() == 0u);
  BOOST_TEST(v.at("violations").as_array().empty());
}

BOOST_AUTO_TEST_CASE(answers_are_byte_identical_with_and_without_strict) {
  lab_under_test strict(true);
  lab_under_test plain(false);
  const auto norm_s = [&](const std::string& t) { return normalized(t, strict.http.port(), strict.ssdp.port()); };
  const auto norm_p = [&](const std::string& t) { return normalized(t, plain.http.port(), plain.ssdp.port()); };

  const auto requests_s = bad_http_requests(strict.host_line());
  const auto requests_p = bad_http_requests(plain.host_line());
  for (std::size_t i = 0; i < requests_s.size(); ++i) {
    const auto a = exchange_bytes(strict.http, requests_s[i].bytes);
    const auto b = exchange_bytes(plain.http, requests_p[i].bytes);
    BOOST_TEST(!a.empty());
    BOOST_TEST(norm_s(a) == norm_p(b), "request " << i << " answered differently:\n" << a << "\n----\n" << b);
  }
  // The description too (it names no port), and a good SOAP call.
  const auto desc = [](const lab_under_test& l) {
    return exchange_bytes(l.http, "GET /rootDesc.xml HTTP/1.1\r\n" + l.host_line() + "Connection: close\r\n\r\n");
  };
  BOOST_TEST(norm_s(desc(strict)) == norm_p(desc(plain)));

  const auto searches_s = bad_searches(strict.ssdp_host());
  const auto searches_p = bad_searches(plain.ssdp_host());
  for (std::size_t i = 0; i < searches_s.size(); ++i) {
    const auto a = search_answers(strict.ssdp, searches_s[i].bytes, strict.ssdp_host());
    const auto b = search_answers(plain.ssdp, searches_p[i].bytes, plain.ssdp_host());
    BOOST_TEST(a.size() == b.size(), "search " << i);
    for (std::size_t k = 0; k < std::min(a.size(), b.size()); ++k) BOOST_TEST(norm_s(a[k]) == norm_p(b[k]));
  }
  // A search it answers: same datagrams (the good search's answers, compared in full).
  const auto good_s = search_answers(strict.ssdp, msearch(strict.ssdp_host(), "\"ssdp:discover\"", "upnp:rootdevice"),
                                     strict.ssdp_host());
  const auto good_p = search_answers(plain.ssdp, msearch(plain.ssdp_host(), "\"ssdp:discover\"", "upnp:rootdevice"),
                                     plain.ssdp_host());
  BOOST_REQUIRE_EQUAL(good_s.size(), 1u);
  BOOST_REQUIRE_EQUAL(good_p.size(), 1u);
  BOOST_TEST(norm_s(good_s[0]) == norm_p(good_p[0]));
  // The strict lab did see them all (the comparison above is not between two blind routers).
  const auto v = admin_call(strict.admin, boost::beast::http::verb::get, "/violations").json();
  BOOST_TEST(v.at("total").to_number<std::uint64_t>() > 10u);
}
