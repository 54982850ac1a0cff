// Pure-core tables: builders, search-target parsing, UDA answer matching, admission policy.
#define BOOST_TEST_MODULE ssdp_core
#include <boost/test/unit_test.hpp>

#include <bit>

#include "igdkit/ssdp/build.hpp"
#include "igdkit/ssdp/device_set.hpp"
#include "igdkit/ssdp/error.hpp"
#include "igdkit/ssdp/gateway.hpp"
#include "igdkit/ssdp/parse.hpp"
#include "igdkit/ssdp/policy.hpp"

namespace ssdp = igdkit::ssdp;
using ssdp::search_target;
using namespace std::chrono_literals;

namespace igdkit::ssdp {  // printers for failure messages
std::ostream& operator<<(std::ostream& o, errc e) { return o << to_string(e); }
std::ostream& operator<<(std::ostream& o, notify_kind k) { return o << to_string(k); }
std::ostream& operator<<(std::ostream& o, const search_target& t) { return o << t.to_string(); }
}  // namespace igdkit::ssdp

namespace {

// IGD:2 shaped like miniupnpd: root IGD, WANDevice, WANConnectionDevice (d = 2).
ssdp::device_set igd2() {
  ssdp::device_set set;
  set.root = {"root-1", search_target::device("InternetGatewayDevice", 2), {search_target::service("Layer3Forwarding", 1)}};
  set.embedded.push_back({"wan-1", search_target::device("WANDevice", 2),
                          {search_target::service("WANCommonInterfaceConfig", 1)}});
  set.embedded.push_back({"conn-1", search_target::device("WANConnectionDevice", 2),
                          {search_target::service("WANIPConnection", 2), search_target::service("WANIPv6FirewallControl", 1),
                           search_target::service("WANIPConnection", 2)}});  // duplicate: counted once
  return set;
}

ssdp::errc code(const std::error_code& ec) { return static_cast<ssdp::errc>(ec.value()); }

}  // namespace

BOOST_AUTO_TEST_CASE(search_request_wire_format_and_round_trip) {
  ssdp::search_request r;
  r.mx = 2s;
  r.st = search_target::device("InternetGatewayDevice", 1);
  r.user_agent = "Linux/6.1 UPnP/1.1 MyApp/1.0";
  const auto wire = ssdp::build(r);
  BOOST_REQUIRE(wire.has_value());
  BOOST_TEST(*wire ==
             "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: 2\r\n"
             "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\nUSER-AGENT: Linux/6.1 UPnP/1.1 MyApp/1.0\r\n\r\n");
  const auto back = ssdp::parse_search_request(*wire);
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->st == r.st);
  BOOST_TEST(back->mx.value().count() == 2);
  BOOST_TEST(back->man == r.man);
}

BOOST_AUTO_TEST_CASE(search_response_wire_format_and_round_trip) {
  ssdp::search_response r;
  r.location = boost::urls::url("http://192.168.1.1:5000/rootDesc.xml");
  r.st = search_target::device("InternetGatewayDevice", 1);
  r.usn = "uuid:root-1::" + r.st.to_string();
  r.server = "Linux/5.10 UPnP/1.1 SimRouter/1.0";
  r.date = "Sun, 01 Jan 2030 00:00:00 GMT";
  r.boot_id = 1;
  r.config_id = 1337;
  r.search_port = 49152;
  const auto wire = ssdp::build(r);
  BOOST_REQUIRE(wire.has_value());
  BOOST_TEST(*wire ==
             "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nDATE: Sun, 01 Jan 2030 00:00:00 GMT\r\nEXT:\r\n"
             "LOCATION: http://192.168.1.1:5000/rootDesc.xml\r\nSERVER: Linux/5.10 UPnP/1.1 SimRouter/1.0\r\n"
             "ST: urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
             "USN: uuid:root-1::urn:schemas-upnp-org:device:InternetGatewayDevice:1\r\n"
             "BOOTID.UPNP.ORG: 1\r\nCONFIGID.UPNP.ORG: 1337\r\nSEARCHPORT.UPNP.ORG: 49152\r\n\r\n");
  const auto back = ssdp::parse_search_response(*wire);
  BOOST_REQUIRE(back.has_value());
  BOOST_TEST(back->location.buffer() == r.location.buffer());
  BOOST_TEST(back->usn == r.usn);
  BOOST_TEST(back->server == r.server);
  BOOST_TEST(back->max_age.count() == 1800);
  BOOST_TEST(back->config_id.value() == 1337u);
  BOOST_TEST(back->search_port.value() == 49152);
  BOOST_TEST(back->ext);
}

BOOST_AUTO_TEST_CASE(notify_round_trips_for_every_kind) {
  for (const auto kind : {ssdp::notify_kind::alive, ssdp::notify_kind::byebye, ssdp::notify_kind::update}) {
    ssdp::notify_message n;
    n.kind = kind;
    n.nt = search_target::root_device();
    n.usn = "uuid:root-1::upnp:rootdevice";
    n.location = boost::urls::url("http://10.0.0.1:5000/d.xml");
    n.max_age = 120s;
    n.server = "X/1 UPnP/1.1 Y/1";
    n.boot_id = 3;
    n.config_id = 4;
    n.next_boot_id = 5;
    const auto wire = ssdp::build(n);
    BOOST_REQUIRE(wire.has_value());
    const auto back = ssdp::parse_notify(*wire);
    BOOST_REQUIRE_MESSAGE(back.has_value(), *wire);
    BOOST_TEST(back->kind == kind);
    BOOST_TEST(back->usn == n.usn);
    BOOST_TEST(back->boot_id.value() == 3u);
    BOOST_TEST(back->location.has_value() == (kind != ssdp::notify_kind::byebye));
    BOOST_TEST(back->next_boot_id.has_value() == (kind == ssdp::notify_kind::update));
    BOOST_TEST((wire->find("CACHE-CONTROL") != std::string::npos) == (kind == ssdp::notify_kind::alive));
  }
}

BOOST_AUTO_TEST_CASE(builders_reject_header_injection_and_oversize) {
  ssdp::search_request r;
  r.st = search_target::root_device();
  r.user_agent = "evil\r\nLOCATION: http://attacker/";
  BOOST_TEST(code(ssdp::build(r).error()) == ssdp::errc::invalid_header_value);
  r.user_agent = std::string(ssdp::max_datagram_size, 'a');
  BOOST_TEST(code(ssdp::build(r).error()) == ssdp::errc::datagram_too_large);
  ssdp::notify_message n;  // alive without LOCATION cannot be sent
  n.nt = search_target::root_device();
  n.usn = "uuid:x::upnp:rootdevice";
  BOOST_TEST(code(ssdp::build(n).error()) == ssdp::errc::missing_location);
}

BOOST_AUTO_TEST_CASE(search_target_parse_table) {
  struct row { std::string_view text; ssdp::target_kind kind; std::string_view value; unsigned version; };
  const row ok[] = {
      {"ssdp:all", ssdp::target_kind::all, "", 0},
      {"upnp:rootdevice", ssdp::target_kind::root_device, "", 0},
      {"uuid:abc-123", ssdp::target_kind::uuid, "abc-123", 0},
      {"urn:schemas-upnp-org:device:InternetGatewayDevice:2", ssdp::target_kind::device_type, "InternetGatewayDevice", 2},
      {"urn:schemas-upnp-org:service:WANIPConnection:1", ssdp::target_kind::service_type, "WANIPConnection", 1},
      {"urn:dslforum-org:device:LANDevice:1", ssdp::target_kind::device_type, "LANDevice", 1},
      {"roku:ecp", ssdp::target_kind::other, "roku:ecp", 0},
  };
  for (const auto& r : ok) {
    const auto t = ssdp::parse_search_target(r.text);
    BOOST_REQUIRE_MESSAGE(t.has_value(), r.text);
    BOOST_TEST((t->kind == r.kind), r.text);
    BOOST_TEST(t->value == r.value);
    BOOST_TEST(t->version == r.version);
    BOOST_TEST(t->to_string() == r.text);  // round trip
  }
  for (const auto bad : {"", "uuid:", "urn:schemas-upnp-org:device:IGD", "urn:schemas-upnp-org:service:X:0",
                         "urn:schemas-upnp-org:device:X:1:extra", "urn::device:X:1", "has space"})
    BOOST_TEST(code(ssdp::parse_search_target(bad).error()) == ssdp::errc::invalid_st, bad);
}

BOOST_AUTO_TEST_CASE(ssdp_all_yields_3_plus_2d_plus_k) {
  const auto set = igd2();
  const auto all = ssdp::all_announcements(set);
  // d = 2 embedded devices, k = 1 + 1 + 2 distinct service types.
  BOOST_TEST(all.size() == 3u + 2u * 2u + 4u);
  BOOST_TEST(all.front().usn == "uuid:root-1::upnp:rootdevice");
  BOOST_TEST((ssdp::answers_for(set, search_target::all()) == all));
  BOOST_TEST(all[1].usn == "uuid:root-1");
  BOOST_TEST(all[2].usn == "uuid:root-1::urn:schemas-upnp-org:device:InternetGatewayDevice:2");
}

BOOST_AUTO_TEST_CASE(answer_matching_table) {
  const auto set = igd2();
  struct row { search_target st; std::vector<std::string> usns; };
  const row rows[] = {
      {search_target::root_device(), {"uuid:root-1::upnp:rootdevice"}},
      {search_target::uuid("conn-1"), {"uuid:conn-1"}},
      {search_target::uuid("nobody"), {}},
      {search_target::device("InternetGatewayDevice", 2), {"uuid:root-1::urn:schemas-upnp-org:device:InternetGatewayDevice:2"}},
      // lower version requested: answered, echoing the requested version
      {search_target::device("InternetGatewayDevice", 1), {"uuid:root-1::urn:schemas-upnp-org:device:InternetGatewayDevice:1"}},
      {search_target::service("WANIPConnection", 1), {"uuid:conn-1::urn:schemas-upnp-org:service:WANIPConnection:1"}},
      {search_target::service("WANIPConnection", 2), {"uuid:conn-1::urn:schemas-upnp-org:service:WANIPConnection:2"}},
      // higher version than advertised: silence
      {search_target::service("WANIPConnection", 3), {}},
      {search_target::device("InternetGatewayDevice", 3), {}},
      {search_target::service("WANPPPConnection", 1), {}},
      {search_target::service("WANIPConnection", 1, "vendor-com"), {}},
      {search_target{ssdp::target_kind::other, "roku:ecp", {}, 0}, {}},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT(r.st.to_string()) {
      const auto got = ssdp::answers_for(set, r.st);
      BOOST_REQUIRE_EQUAL(got.size(), r.usns.size());
      for (std::size_t i = 0; i < got.size(); ++i) {
        BOOST_TEST(got[i].usn == r.usns[i]);
        BOOST_TEST(got[i].target == r.st);  // ST echoes the request
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(should_answer_rules) {
  ssdp::search_request r;
  r.st = search_target::all();
  r.mx = 3s;
  BOOST_TEST(ssdp::should_answer(r, true).value().count() == 3);
  BOOST_TEST(ssdp::should_answer(r, false).value().count() == 0);  // unicast: at once
  r.mx = 120s;
  BOOST_TEST(ssdp::should_answer(r, true).value().count() == 5);  // capped at 5
  r.mx = 0s;
  BOOST_TEST(ssdp::should_answer(r, true).value().count() == 0);
  r.mx.reset();
  BOOST_TEST(code(ssdp::should_answer(r, true).error()) == ssdp::errc::missing_mx);
  BOOST_TEST(ssdp::should_answer(r, false).has_value());  // unicast needs no MX
  r.mx = 1s;
  for (const auto man : {"ssdp:discover", "\"ssdp:Discover\"", "", "\"ssdp:discover\" "}) {
    r.man = man;
    BOOST_TEST(code(ssdp::should_answer(r, true).error()) == ssdp::errc::bad_man, man);
  }
}

BOOST_AUTO_TEST_CASE(source_prefix_rules) {
  namespace ip = boost::asio::ip;
  const auto lan = ssdp::default_allowed_sources(ip::make_address("192.168.1.1"));
  BOOST_TEST(ssdp::source_allowed(lan, ip::make_address("192.168.1.77")));
  BOOST_TEST(!ssdp::source_allowed(lan, ip::make_address("192.168.2.77")));
  BOOST_TEST(ssdp::source_allowed(lan, ip::make_address("::ffff:192.168.1.9")));
  BOOST_TEST(!ssdp::source_allowed(lan, ip::make_address("8.8.8.8")));
  const auto lo = ssdp::default_allowed_sources(ip::make_address("127.0.0.1"));
  BOOST_TEST(ssdp::source_allowed(lo, ip::make_address("127.0.0.5")));
  BOOST_TEST(ssdp::source_allowed(lo, ip::make_address("::1")));
  BOOST_TEST(!ssdp::source_allowed(lo, ip::make_address("10.0.0.1")));
  const auto ten = ssdp::ip_prefix::parse("10.0.0.0/8");
  BOOST_REQUIRE(ten.has_value());
  BOOST_TEST(ten->contains(ip::make_address("10.200.3.4")));
  BOOST_TEST(!ten->contains(ip::make_address("11.0.0.1")));
  const auto link_local = ssdp::ip_prefix::parse("fe80::/10");
  BOOST_REQUIRE(link_local.has_value());
  BOOST_TEST(link_local->contains(ip::make_address("fe80::1")));
  for (const auto bad : {"10.0.0.0", "10.0.0.0/33", "nope/8", "10.0.0.0/x"})
    BOOST_TEST(ssdp::ip_prefix::parse(bad).has_error(), bad);
}

BOOST_AUTO_TEST_CASE(default_routes_from_proc_net_route) {
  // As the kernel prints it: the gateway word in host order (little-endian here: 192.168.66.1).
  const std::string text =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
      "lan0\t00000000\t0142A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n"
      "lan0\t0042A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"   // on-link: no gateway
      "wan0\t00000000\t0100A8C0\t0001\t0\t0\t0\t00000000\t0\t0\t0\n"   // not RTF_GATEWAY
      "eth1\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
      "junk\tzz\n";
  const auto routes = igdkit::ssdp::parse_default_routes(text);
  BOOST_REQUIRE(routes.size() == 2u);
  if (std::endian::native == std::endian::little) {
    BOOST_TEST(routes[0].gateway.to_string() == "192.168.66.1");
    BOOST_TEST(routes[1].gateway.to_string() == "192.168.1.1");
  }
  BOOST_TEST(routes[0].interface_name == "lan0");
  BOOST_TEST(routes[1].interface_name == "eth1");
  BOOST_TEST(igdkit::ssdp::parse_default_routes("").empty());
  BOOST_TEST(igdkit::ssdp::parse_default_routes("Iface\tDestination\n").empty());
}
