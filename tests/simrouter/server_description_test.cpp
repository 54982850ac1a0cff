// Loopback: rootDesc and every SCPD served by a real router, parsed by the project's own
// description parser; SSDP unicast search finds the router and its LOCATION works.
#define BOOST_TEST_MODULE simrouter_server_description
#include "server_rig.hpp"

#include "igdkit/igd/description.hpp"
#include "igdkit/sim/scpd.hpp"
#include "igdkit/ssdp/searcher.hpp"

#include <boost/test/unit_test.hpp>
#include <pugixml.hpp>

#include <set>

using namespace igdkit;
using namespace igdkit::sim;
using namespace igdkit::sim::test;

namespace {

router_options options_for(igd_version v) {
  router_options o;
  o.config.version = v;
  return o;
}

void collect(const igd::device& d, std::vector<const igd::service*>& out, std::set<std::string>& types) {
  types.insert(d.device_type);
  for (const auto& s : d.services) out.push_back(&s);
  for (const auto& c : d.devices) collect(c, out, types);
}

}  // namespace

BOOST_AUTO_TEST_CASE(root_description_v1_and_v2_parse_with_own_parser) {
  for (auto v : {igd_version::v1, igd_version::v2}) {
    running_router rr(options_for(v));
    BOOST_REQUIRE(!rr.start_error());
    auto [ec, body] = http_get(rr.location());
    BOOST_REQUIRE_MESSAGE(!ec, ec.message());
    auto desc = igd::parse_description(body, rr.location());
    BOOST_REQUIRE_MESSAGE(desc.has_value(), desc.error().message());
    BOOST_TEST(!desc->url_base.has_value());
    BOOST_TEST(desc->config_id.value_or(0) == 1u);

    std::vector<const igd::service*> services;
    std::set<std::string> device_types;
    collect(desc->root, services, device_types);
    const std::string n = v == igd_version::v2 ? "2" : "1";
    BOOST_TEST(device_types.count("urn:schemas-upnp-org:device:InternetGatewayDevice:" + n) == 1u);
    BOOST_TEST(device_types.count("urn:schemas-upnp-org:device:WANDevice:" + n) == 1u);
    BOOST_TEST(device_types.count("urn:schemas-upnp-org:device:WANConnectionDevice:" + n) == 1u);

    std::set<std::string> types;
    for (const auto* s : services) types.insert(s->service_type);
    BOOST_TEST(types.count("urn:schemas-upnp-org:service:WANIPConnection:" + n) == 1u);
    BOOST_TEST(types.count("urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1") == 1u);
    BOOST_TEST(types.count("urn:schemas-upnp-org:service:WANIPv6FirewallControl:1") == (v == igd_version::v2 ? 1u : 0u));

    // Every SCPD is served, well-formed, and lists the actions of our table.
    for (const auto* s : services) {
      BOOST_REQUIRE(s->scpd_url.has_value());
      auto [sec, scpd] = http_get(*s->scpd_url);
      BOOST_REQUIRE_MESSAGE(!sec, std::string(s->scpd_url->buffer()) + ": " + sec.message());
      pugi::xml_document doc;
      BOOST_REQUIRE(doc.load_string(scpd.c_str()));
      auto root = doc.child("scpd");
      BOOST_REQUIRE(root);
      std::size_t actions = 0;
      for ([[maybe_unused]] auto a : root.child("actionList").children("action")) ++actions;
      BOOST_TEST(actions > 0u);
      // Every relatedStateVariable names a row of the state table.
      std::set<std::string> vars;
      for (auto sv : root.child("serviceStateTable").children("stateVariable")) vars.insert(sv.child_value("name"));
      for (auto a : root.child("actionList").children("action"))
        for (auto arg : a.child("argumentList").children("argument"))
          BOOST_TEST(vars.count(arg.child_value("relatedStateVariable")) == 1u, arg.child_value("relatedStateVariable"));
      if (s->kind == igd::service_kind::wan_ip_connection) {
        const bool has_any = scpd.find("AddAnyPortMapping") != std::string::npos;
        BOOST_TEST(has_any == (v == igd_version::v2));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(ssdp_unicast_search_finds_router_and_location_works) {
  running_router rr(options_for(igd_version::v2));
  BOOST_REQUIRE(!rr.start_error());
  const auto [ec, found] = unicast_search(rr.ssdp());
  BOOST_REQUIRE_MESSAGE(!ec, ec.message());
  BOOST_TEST(found.response.location.buffer() == rr.location().buffer());
  BOOST_TEST(found.response.usn.find("uuid:00000000-0000-0000-0000-00000000000") == 0u);
  auto [gec, body] = http_get(found.response.location);
  BOOST_TEST(!gec);
  BOOST_TEST(body.find("InternetGatewayDevice:2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(description_escapes_identity_text) {
  layout_params p;
  p.identity.friendly_name = "R&D <router> \"x\"";
  auto xml = build_scpd(scpd_for(service_id::wan_ip_connection, 1));
  BOOST_TEST(xml.find("AddAnyPortMapping") == std::string::npos);
  router_options o;
  o.layout = p;
  running_router rr(o);
  auto [ec, body] = http_get(rr.location());
  BOOST_REQUIRE(!ec);
  BOOST_TEST(body.find("R&amp;D &lt;router&gt;") != std::string::npos);
  auto desc = igd::parse_description(body, rr.location());
  BOOST_REQUIRE(desc.has_value());
  BOOST_TEST(desc->root.friendly_name == p.identity.friendly_name);
}
