// Profiles that change the device tree (WANPPPConnection only, two WAN devices, a bogus URLBase),
// checked in the served description and end to end with the project's client over loopback.
#define BOOST_TEST_MODULE lab_profiles_device
#include "profile_rig.hpp"

#include "igdkit/igd/client.hpp"
#include "igdkit/igd/description.hpp"
#include "igdkit/igd/description_wan.hpp"
#include "igdkit/igd/url_policy.hpp"

using namespace igdkit;
using namespace igdkit::sim;
using namespace igdkit::sim::test;

namespace {

const std::string wanppp1 = "urn:schemas-upnp-org:service:WANPPPConnection:1";

igd::description fetch_description(const running_router& rr) {
  auto [ec, body] = http_get(rr.location());
  BOOST_REQUIRE_MESSAGE(!ec, ec.message());
  auto desc = igd::parse_description(body, rr.location());
  BOOST_REQUIRE_MESSAGE(desc.has_value(), desc.error().message());
  return std::move(*desc);
}

igd::mapping_request mapping(std::uint16_t port) {
  igd::mapping_request m;
  m.external_port = m.internal_port = port;
  m.internal_client = asio::ip::make_address("127.0.0.1");
  return m;
}

}  // namespace

BOOST_AUTO_TEST_CASE(wanppp_only_serves_port_mappings_on_the_ppp_service) {
  running_router rr(with_profiles({"wanppp-only"}));
  BOOST_REQUIRE(!rr.start_error());
  const auto connections = igd::find_wan_connections(fetch_description(rr));
  BOOST_REQUIRE(connections.size() == 1u);
  BOOST_TEST(connections[0].connection.service_type == wanppp1);
  BOOST_TEST(connections[0].connection_device_type == "urn:schemas-upnp-org:device:WANConnectionDevice:1");

  // The client finds the PPP service and maps through it.
  igd::client c(asio::system_executor{});
  const auto g = c.open(rr.location());
  BOOST_TEST((g.version.service == igd::action_service::wan_ppp_connection));
  BOOST_TEST(g.connection.connection.control_url.path() == "/ctl/PPPConn");
  c.add_port_mapping(mapping(49000));
  BOOST_TEST(rr.on_router([](router& r) { return r.mappings().size(); }) == 1u);
  const auto got = soap_call(rr.url("/ctl/PPPConn"), key_request(wanppp1, "GetSpecificPortMappingEntry", 49000));
  BOOST_TEST(upnp_code(got) == 0);
  BOOST_TEST(argument(got, "NewInternalClient") == "127.0.0.1");
  // PPP-only actions answer; there is no WANIPConnection control URL.
  BOOST_TEST(upnp_code(soap_call(rr.url("/ctl/PPPConn"), no_args(wanppp1, "GetLinkLayerMaxBitRates"))) == 0);
  const auto ip = raw_exchange(rr.http(), soap_request_bytes("/ctl/IPConn", wanip1, "GetExternalIPAddress"));
  BOOST_REQUIRE(ip.has_value());
  BOOST_TEST(ip->result_int() == 404u);
}

BOOST_AUTO_TEST_CASE(two_wan_devices_first_disconnected_second_live) {
  running_router rr(with_profiles({"two-wan-devices"}));
  BOOST_REQUIRE(!rr.start_error());
  const auto desc = fetch_description(rr);
  BOOST_REQUIRE(desc.root.devices.size() == 2u);
  const auto connections = igd::find_wan_connections(desc);
  BOOST_REQUIRE(connections.size() == 2u);
  BOOST_TEST(connections[0].wan_device_udn != connections[1].wan_device_udn);
  BOOST_TEST(connections[0].connection_device_udn != connections[1].connection_device_udn);

  // Status by control URL: the first WANDevice's link is down, the second is up.
  const auto first = connections[0].connection.control_url;
  const auto second = connections[1].connection.control_url;
  BOOST_TEST(second.path() == "/wan2/ctl/IPConn");
  BOOST_TEST(argument(soap_call(first, no_args(wanip2, "GetStatusInfo")), "NewConnectionStatus") == "Disconnected");
  BOOST_TEST(argument(soap_call(first, no_args(wanip2, "GetExternalIPAddress")), "NewExternalIPAddress") == "");
  BOOST_TEST(argument(soap_call(second, no_args(wanip2, "GetStatusInfo")), "NewConnectionStatus") == "Connected");
  BOOST_TEST(argument(soap_call(second, no_args(wanip2, "GetExternalIPAddress")), "NewExternalIPAddress") ==
             "203.0.113.7");
  const std::string cif = "urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1";
  BOOST_TEST(argument(soap_call(connections[0].common_interface_config.value().control_url,
                                no_args(cif, "GetEnabledForInternet")),
                      "NewEnabledForInternet") == "0");
  BOOST_TEST(argument(soap_call(connections[1].common_interface_config.value().control_url,
                                no_args(cif, "GetEnabledForInternet")),
                      "NewEnabledForInternet") == "1");

  // The client ranks the live link first and maps through it.
  igd::client c(asio::system_executor{});
  const auto g = c.open(rr.location());
  BOOST_TEST(g.connection.connection_device_udn == connections[1].connection_device_udn);
  BOOST_TEST(g.connection.connection.control_url.path() == "/wan2/ctl/IPConn");
  BOOST_TEST((g.rank != igd::igd_status::disconnected));
  c.add_port_mapping(mapping(49001));
  BOOST_TEST(rr.on_router([](router& r) { return r.mappings().size(); }) == 1u);
}

BOOST_AUTO_TEST_CASE(bogus_urlbase_is_served_and_unusable) {
  running_router plain(router_options{});
  running_router rr(with_profiles({"bogus-urlbase"}));
  BOOST_REQUIRE(!plain.start_error());
  BOOST_REQUIRE(!rr.start_error());
  BOOST_TEST(!fetch_description(plain).url_base.has_value());
  auto [ec, body] = http_get(rr.location());
  BOOST_REQUIRE(!ec);
  const auto open_tag = body.find("<URLBase>");
  const auto close_tag = body.find("</URLBase>");
  BOOST_REQUIRE(open_tag != std::string::npos && close_tag != std::string::npos);
  const auto url_base = body.substr(open_tag + 9, close_tag - open_tag - 9);
  BOOST_TEST(url_base == "http://0.0.0.0:80/");
  // A client that resolves against it, as UDA 1.0 says, aims at 0.0.0.0:80: not the router.
  const auto naive = igd::resolve_service_url(boost::urls::url(url_base), "/ctl/IPConn");
  BOOST_REQUIRE(naive.has_value());
  BOOST_TEST(naive->host() != rr.location().host());
  BOOST_TEST(naive->port_number() != rr.location().port_number());
}

// The client resolves the service URLs against LOCATION when URLBase names the unspecified
// address (igd::effective_base takes LOCATION's whole authority then).
BOOST_AUTO_TEST_CASE(client_falls_back_to_location_despite_bogus_urlbase) {
  running_router rr(with_profiles({"bogus-urlbase"}));
  BOOST_REQUIRE(!rr.start_error());
  igd::client c(asio::system_executor{});
  std::error_code open_ec;
  const auto g = c.open(rr.location(), open_ec);
  BOOST_TEST(!open_ec, open_ec.message());
  if (open_ec) return;
  BOOST_REQUIRE(g.desc.url_base.has_value());
  BOOST_REQUIRE(g.connection.connection.control_url.host() == rr.location().host());
  BOOST_REQUIRE(g.connection.connection.control_url.port_number() == rr.location().port_number());
  c.add_port_mapping(mapping(49002));
  BOOST_REQUIRE(rr.on_router([](router& r) { return r.mappings().size(); }) == 1u);
}
