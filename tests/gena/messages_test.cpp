// GENA messages and values: CALLBACK/TIMEOUT/SEQ, the property set both ways (with the NOTIFY
// bodies miniupnpd and GUPnP really send), and each header rule of SUBSCRIBE and NOTIFY.
#define BOOST_TEST_MODULE gena_core
#include <boost/test/unit_test.hpp>

#include "igdkit/gena/error.hpp"
#include "igdkit/gena/headers.hpp"
#include "igdkit/gena/messages.hpp"
#include "igdkit/gena/propertyset.hpp"
#include "support/test_paths.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/parser.hpp>

#include <fstream>
#include <sstream>

using namespace igdkit;
using namespace std::chrono_literals;
namespace http = boost::beast::http;

namespace {

http_request subscribe_with(std::initializer_list<std::pair<const char*, const char*>> fields,
                            http::verb verb = http::verb::subscribe) {
  http_request r{verb, "/evt/IPConn", 11};
  for (const auto& [k, v] : fields) r.set(k, v);
  return r;
}

std::error_code refusal(const http_request& r) {
  auto parsed = gena::read_subscription_request(r, 4);
  return parsed ? std::error_code{} : parsed.error();
}

}  // namespace

BOOST_AUTO_TEST_CASE(header_values) {
  auto two = gena::parse_callback(" <http://192.168.1.23:49200/notify> <http://[fe80::1]:5000/x>", 4);
  BOOST_REQUIRE(two.has_value());
  BOOST_TEST(two->size() == 2u);
  BOOST_TEST((*two)[0].port_number() == 49200u);
  BOOST_TEST(gena::parse_callback("", 4).error() == gena::errc::missing_callback);
  BOOST_TEST(gena::parse_callback("http://1.2.3.4/", 4).error() == gena::errc::bad_callback);      // no <>
  BOOST_TEST(gena::parse_callback("<https://1.2.3.4/>", 4).error() == gena::errc::bad_callback);   // not http
  BOOST_TEST(gena::parse_callback("<http://1.2.3.4/", 4).error() == gena::errc::bad_callback);     // unclosed
  BOOST_TEST(gena::parse_callback("<http://u@1.2.3.4/>", 4).error() == gena::errc::bad_callback);  // userinfo
  BOOST_TEST(gena::parse_callback("<x:?>", 4).error() == gena::errc::bad_callback);  // Boost.URL trap
  BOOST_TEST(gena::parse_callback("<http://a/><http://b/><http://c/>", 2).error() == gena::errc::too_many_callbacks);

  BOOST_TEST(gena::parse_timeout("Second-1800").value() == 1800s);
  BOOST_TEST(gena::parse_timeout("second-300").value() == 300s);
  BOOST_TEST(!gena::parse_timeout("Second-infinite"));  // forbidden since UDA 1.1: as if absent
  BOOST_TEST(!gena::parse_timeout("infinite"));
  BOOST_TEST(!gena::parse_timeout("Second--5"));
  BOOST_TEST(gena::format_timeout(1800s) == "Second-1800");

  BOOST_TEST(gena::parse_seq("0").value() == 0u);
  BOOST_TEST(gena::parse_seq("4294967295").value() == 4294967295u);
  BOOST_TEST(!gena::parse_seq("4294967296"));
  BOOST_TEST(!gena::parse_seq("-1"));
  BOOST_TEST(gena::next_seq(4294967295u) == 1u);  // 0 is only ever the initial event
  BOOST_TEST(gena::next_seq(7) == 8u);
}

BOOST_AUTO_TEST_CASE(propertyset_round_trip_and_escaping) {
  const std::vector<gena::property> props{{"ExternalIPAddress", "203.0.113.7"}, {"X", "a<b&c>"}};
  const auto body = gena::build_propertyset(props);
  BOOST_TEST(body.find("xmlns:e=\"urn:schemas-upnp-org:event-1-0\"") != std::string::npos);
  BOOST_TEST(body.find("a&lt;b&amp;c&gt;") != std::string::npos);
  auto back = gena::parse_propertyset(body);
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST((*back == props));
}

BOOST_AUTO_TEST_CASE(propertyset_tolerance_and_refusals) {
  // No prefix, two variables in one property, whitespace: all seen in the field.
  auto loose = gena::parse_propertyset(
      "<propertyset xmlns=\"urn:schemas-upnp-org:event-1-0\">\n <property><A>1</A><B> 2 </B></property>\n</propertyset>");
  BOOST_REQUIRE(loose.has_value());
  BOOST_TEST(loose->size() == 2u);
  BOOST_TEST((*loose)[1].value == " 2 ");
  BOOST_TEST(gena::parse_propertyset("").error() == gena::errc::bad_propertyset);
  BOOST_TEST(gena::parse_propertyset("<e:propertyset").error() == gena::errc::bad_propertyset);
  BOOST_TEST(gena::parse_propertyset("<root><property><A>1</A></property></root>").error() == gena::errc::bad_propertyset);
  BOOST_TEST(gena::parse_propertyset("<propertyset><other/></propertyset>").error() == gena::errc::bad_propertyset);
  BOOST_TEST(gena::parse_propertyset("<propertyset><property><A><b/></A></property></propertyset>").error() ==
             gena::errc::bad_propertyset);
  std::string many = "<propertyset>";
  for (int i = 0; i < 65; ++i) many += "<property><V>1</V></property>";
  many += "</propertyset>";
  BOOST_TEST(gena::parse_propertyset(many).error() == gena::errc::propertyset_too_large);
  BOOST_TEST(gena::parse_propertyset(std::string(70000, ' ') + "<propertyset/>").error() ==
             gena::errc::propertyset_too_large);
}

BOOST_AUTO_TEST_CASE(subscription_request_rules) {
  auto ok = gena::read_subscription_request(
      subscribe_with({{"CALLBACK", "<http://127.0.0.1:5000/n>"}, {"NT", "upnp:event"}, {"TIMEOUT", "Second-300"}}), 4);
  BOOST_REQUIRE(ok.has_value());
  BOOST_TEST((ok->kind == gena::request_kind::subscribe));
  BOOST_TEST(ok->timeout.value() == 300s);
  auto renew = gena::read_subscription_request(subscribe_with({{"SID", "uuid:1"}}), 4);
  BOOST_REQUIRE(renew.has_value());
  BOOST_TEST((renew->kind == gena::request_kind::renew));
  auto un = gena::read_subscription_request(subscribe_with({{"SID", "uuid:1"}}, http::verb::unsubscribe), 4);
  BOOST_REQUIRE(un.has_value());
  BOOST_TEST((un->kind == gena::request_kind::unsubscribe));

  // UDA 2.0 §4.1.2: SID with CALLBACK or NT -> 400; missing pieces -> 412.
  const auto mixed = refusal(subscribe_with({{"SID", "uuid:1"}, {"NT", "upnp:event"}}));
  BOOST_TEST(mixed == gena::errc::incompatible_headers);
  BOOST_TEST(gena::http_status(mixed) == 400u);
  BOOST_TEST(refusal(subscribe_with({{"SID", "uuid:1"}, {"CALLBACK", "<http://1.2.3.4/>"}}, http::verb::unsubscribe)) ==
             gena::errc::incompatible_headers);
  BOOST_TEST(refusal(subscribe_with({{"CALLBACK", "<http://1.2.3.4/>"}})) == gena::errc::bad_nt);
  BOOST_TEST(refusal(subscribe_with({{"CALLBACK", "<http://1.2.3.4/>"}, {"NT", "upnp:other"}})) == gena::errc::bad_nt);
  BOOST_TEST(refusal(subscribe_with({{"NT", "upnp:event"}})) == gena::errc::missing_callback);
  BOOST_TEST(refusal(subscribe_with({}, http::verb::unsubscribe)) == gena::errc::missing_sid);
  BOOST_TEST(gena::http_status(gena::errc::bad_nt) == 412u);
}

BOOST_AUTO_TEST_CASE(subscribe_response_reading) {
  http::fields f;
  f.set("SID", "uuid:abc");
  f.set("TIMEOUT", "Second-600");
  BOOST_TEST(gena::read_subscribe_response(200, f, 1800s).value().timeout == 600s);
  http::fields no_timeout;
  no_timeout.set("SID", "uuid:abc");
  BOOST_TEST(gena::read_subscribe_response(200, no_timeout, 1800s).value().timeout == 1800s);
  BOOST_TEST(gena::read_subscribe_response(200, http::fields{}, 1800s).error() == gena::errc::bad_subscribe_response);
  BOOST_TEST(gena::read_subscribe_response(412, f, 1800s).error() == gena::errc::unknown_sid);
  BOOST_TEST(gena::read_subscribe_response(501, f, 1800s).error() == gena::errc::eventing_unsupported);
  BOOST_TEST(gena::read_subscribe_response(500, f, 1800s).error() == gena::errc::subscribe_refused);
}

BOOST_AUTO_TEST_CASE(notify_round_trip_and_rules) {
  const auto url = boost::urls::url("http://127.0.0.1:5000/notify");
  const std::vector<gena::property> props{{"PortMappingNumberOfEntries", "3"}};
  auto req = gena::make_notify_request(url, "uuid:s", 5, gena::build_propertyset(props), "text/xml; charset=\"utf-8\"");
  auto n = gena::read_notify_request(req);
  BOOST_REQUIRE(n.has_value());
  BOOST_TEST(n->sid == "uuid:s");
  BOOST_TEST(n->seq == 5u);
  BOOST_TEST((n->properties == props));
  BOOST_TEST(!n->unexpected_content_type);

  auto plain = req;
  plain.set(http::field::content_type, "text/plain");
  BOOST_TEST(gena::read_notify_request(plain).value().unexpected_content_type);  // read anyway, flagged
  auto no_seq = req;
  no_seq.erase("SEQ");
  BOOST_TEST(gena::read_notify_request(no_seq).error() == gena::errc::bad_seq);
  auto bad_nts = req;
  bad_nts.set("NTS", "ssdp:alive");
  BOOST_TEST(gena::read_notify_request(bad_nts).error() == gena::errc::bad_nts);
  auto no_nt = req;
  no_nt.erase("NT");
  BOOST_TEST(gena::http_status(gena::read_notify_request(no_nt).error()) == 400u);  // as GUPnP answers
  auto no_sid = req;
  no_sid.erase("SID");
  BOOST_TEST(gena::read_notify_request(no_sid).error() == gena::errc::missing_sid);
  auto junk = req;
  junk.body() = "not xml";
  BOOST_TEST(gena::read_notify_request(junk).error() == gena::errc::bad_propertyset);
}

// NOTIFYs captured from miniupnpd 2.3.1 (fixtures/gena/, raw request bytes): each reads as a
// well-formed event with the variables it carried.
BOOST_AUTO_TEST_CASE(captured_miniupnpd_notifies) {
  const auto dir = igdkit::test::fixtures_dir() / "gena";
  std::size_t seen = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto name = entry.path().filename().string();
    if (!name.starts_with("miniupnpd") || name.find("-notify-") == std::string::npos) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const auto raw = ss.str();
    http::request_parser<http::string_body> parser;
    boost::system::error_code ec;
    parser.eager(true);
    std::size_t used = 0;
    while (!ec && !parser.is_done() && used < raw.size())
      used += parser.put(boost::asio::buffer(raw.data() + used, raw.size() - used), ec);
    BOOST_TEST_CONTEXT(name) {
      BOOST_REQUIRE(!ec);
      BOOST_REQUIRE(parser.is_done());
      auto n = gena::read_notify_request(parser.get());
      BOOST_REQUIRE(n.has_value());
      BOOST_TEST(!n->properties.empty());
      BOOST_TEST(!n->unexpected_content_type);
      if (name.find("initial") != std::string::npos) BOOST_TEST(n->seq == 0u);
    }
    ++seen;
  }
  BOOST_TEST(seen >= 5u);
}
