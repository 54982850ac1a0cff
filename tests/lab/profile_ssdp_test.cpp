// Profiles that change SSDP answers, probed with unicast M-SEARCH on loopback (never multicast).
// Every "no answer" is paired with a search the same router, or a default one, does answer.
#define BOOST_TEST_MODULE lab_profiles_ssdp
#include "profile_rig.hpp"

#include "igdkit/igd/client.hpp"
#include "igdkit/igd/description.hpp"

using namespace igdkit;
using namespace igdkit::sim;
using namespace igdkit::sim::test;
using ssdp::search_target;

namespace {

const auto igd1 = search_target::device("InternetGatewayDevice", 1);
const auto igd2 = search_target::device("InternetGatewayDevice", 2);
const auto wanip1_st = search_target::service("WANIPConnection", 1);
const auto wanip2_st = search_target::service("WANIPConnection", 2);
const auto wanppp1_st = search_target::service("WANPPPConnection", 1);

igd::discover_options unicast_discovery(const running_router& rr) {
  igd::discover_options o;
  o.search.unicast = rr.ssdp();
  o.search.timeout = std::chrono::milliseconds(600);
  o.search.sends = 2;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(multicast_only_ssdp_ignores_unicast_search) {
  running_router plain(router_options{});
  running_router rr(with_profiles({"multicast-only-ssdp"}));
  BOOST_REQUIRE(!plain.start_error());
  BOOST_REQUIRE(!rr.start_error());
  BOOST_TEST(unicast_search(plain.ssdp(), search_target::root_device()).size() == 1u);
  BOOST_TEST(unicast_search(rr.ssdp(), search_target::root_device()).empty());
  BOOST_TEST(unicast_search(rr.ssdp(), igd2).empty());

  // Discovery over unicast finds nothing; the LOCATION still works.
  igd::client c(asio::system_executor{});
  std::error_code ec;
  c.discover(unicast_discovery(rr), ec);
  BOOST_TEST((ec == igd::errc::no_igd_found), ec.message());
  c.open(rr.location(), ec);
  BOOST_TEST(!ec, ec.message());
}

BOOST_AUTO_TEST_CASE(exact_st_only_answers_advertised_targets_only) {
  running_router plain(router_options{});
  running_router rr(with_profiles({"exact-st-only"}));
  BOOST_REQUIRE(!plain.start_error());
  BOOST_REQUIRE(!rr.start_error());
  // A spec device answers ssdp:all and echoes a lower requested version.
  BOOST_TEST(!unicast_search(plain.ssdp(), search_target::all()).empty());
  const auto lower = unicast_search(plain.ssdp(), igd1);
  BOOST_REQUIRE(lower.size() == 1u);
  BOOST_TEST((lower[0].response.st == igd1));

  // Exact: the advertised NT values only.
  const auto root_uuid = rr.on_router([](router& r) { return r.layout().root.uuid; });
  for (const auto& st : {igd2, wanip2_st, search_target::root_device(), search_target::uuid(root_uuid)}) {
    const auto found = unicast_search(rr.ssdp(), st);
    BOOST_REQUIRE_MESSAGE(found.size() == 1u, st.to_string());
    BOOST_TEST((found[0].response.st == st), st.to_string());
  }
  for (const auto& st : {search_target::all(), igd1, wanip1_st})
    BOOST_TEST(unicast_search(rr.ssdp(), st).empty(), st.to_string());
}

BOOST_AUTO_TEST_CASE(igd1_ssdp_with_igd2_description) {
  running_router rr(with_profiles({"igd1-ssdp-igd2-desc"}));
  BOOST_REQUIRE(!rr.start_error());
  BOOST_TEST(unicast_search(rr.ssdp(), igd2).empty());
  BOOST_TEST(unicast_search(rr.ssdp(), wanip2_st).empty());
  BOOST_TEST(unicast_search(rr.ssdp(), igd1).size() == 1u);
  BOOST_TEST(unicast_search(rr.ssdp(), wanip1_st).size() == 1u);
  // ssdp:all lists every NT: all at version 1.
  const auto all = unicast_search(rr.ssdp(), search_target::all());
  BOOST_TEST(all.size() > 3u);
  for (const auto& a : all)
    if (a.response.st.is_type()) BOOST_TEST(a.response.st.version == 1u, a.response.st.to_string());

  // The document behind LOCATION is IGD:2, and the client uses WANIPConnection:2 from it.
  auto [ec, body] = http_get(all.front().response.location);
  BOOST_REQUIRE(!ec);
  const auto desc = igd::parse_description(body, rr.location());
  BOOST_REQUIRE(desc.has_value());
  BOOST_TEST(desc->root.device_type == "urn:schemas-upnp-org:device:InternetGatewayDevice:2");
  igd::client c(asio::system_executor{});
  std::error_code dec;
  const auto g = c.discover(unicast_discovery(rr), dec);
  BOOST_REQUIRE_MESSAGE(!dec, dec.message());
  BOOST_TEST(g.version.version == 2u);
  BOOST_TEST(g.st.ends_with(":1"), g.st);
}

BOOST_AUTO_TEST_CASE(miniupnpd_answers_wanppp_searches_it_does_not_describe) {
  running_router plain(router_options{});
  running_router rr(with_profiles({"miniupnpd-v2"}));
  BOOST_REQUIRE(!plain.start_error());
  BOOST_REQUIRE(!rr.start_error());
  BOOST_TEST(unicast_search(plain.ssdp(), wanppp1_st).empty());
  const auto ppp = unicast_search(rr.ssdp(), wanppp1_st);
  BOOST_REQUIRE(ppp.size() == 1u);
  const auto conn_uuid = rr.on_router([](router& r) { return r.layout().root.devices.at(0).devices.at(0).uuid; });
  BOOST_TEST(ppp[0].response.usn == "uuid:" + conn_uuid + "::" + wanppp1_st.to_string());
  // IGD:1 searches are answered although the device is IGD:2.
  BOOST_TEST(unicast_search(rr.ssdp(), igd1).size() == 1u);
  // The description still has no WANPPPConnection.
  auto [ec, body] = http_get(rr.location());
  BOOST_REQUIRE(!ec);
  BOOST_TEST(body.find("WANPPPConnection") == std::string::npos);
}
