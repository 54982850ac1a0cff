// Loopback: rootDesc and every SCPD served by a real router, parsed by the project's own
// description parser; SSDP unicast search finds the router and its LOCATION works.
#define BOOST_TEST_MODULE simrouter_server_description
#include "server_rig.hpp"

#include "igdkit/igd/actions.hpp"
#include "igdkit/igd/description.hpp"
#include "igdkit/sim/device_uuid.hpp"
#include "igdkit/sim/scpd.hpp"
#include "igdkit/ssdp/searcher.hpp"

#include <boost/test/unit_test.hpp>
#include <pugixml.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

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

// An action as an SCPD lists it: argument names with their direction, in document order.
using scpd_arguments = std::vector<std::string>;  // "in NewRemoteHost", "out NewReservedPort", ...
using scpd_actions = std::map<std::string, scpd_arguments>;

scpd_actions actions_listed(const pugi::xml_node& scpd) {
  scpd_actions out;
  for (auto a : scpd.child("actionList").children("action")) {
    auto& args = out[a.child_value("name")];
    for (auto arg : a.child("argumentList").children("argument"))
      args.push_back(std::string(arg.child_value("direction")) + " " + arg.child_value("name"));
  }
  return out;
}

// What the SCPD of `sv` must list for the actions of the client/router action table
// (igd/actions.hpp): every action defined on that service and version, in-arguments then
// out-arguments, by their wire names.
scpd_actions actions_of_table(igd::service_version sv) {
  scpd_actions out;
  std::apply(
      [&](auto... tags) {
        auto one = [&](auto tag) {
          using A = decltype(tag);
          if (!A::availability.supports(sv)) return;
          auto& args = out[std::string(A::name)];
          for (auto n : igd::argument_names<typename A::request>()) args.push_back("in " + std::string(n));
          for (auto n : igd::argument_names<typename A::response>()) args.push_back("out " + std::string(n));
        };
        (one(tags), ...);
      },
      igd::all_actions{});
  return out;
}

// Every service whose SCPD is checked; the router describes exactly the table's actions for it
// (the optional ones included, since simrouter implements them all).
const std::map<std::string, scpd_actions> router_only_actions = {
    {"urn:schemas-upnp-org:service:WANIPConnection:", {}},
    {"urn:schemas-upnp-org:service:WANPPPConnection:", {}},
    {"urn:schemas-upnp-org:service:WANCommonInterfaceConfig:", {}},
    {"urn:schemas-upnp-org:service:WANIPv6FirewallControl:", {}},
    {"urn:schemas-upnp-org:service:Layer3Forwarding:", {}},
};

// The exact action list the SCPD served for `service_type` must have.
std::optional<scpd_actions> expected_actions(const std::string& service_type) {
  std::optional<scpd_actions> out;
  for (const auto& [prefix, extra] : router_only_actions)
    if (service_type.starts_with(prefix)) out = extra;
  if (!out) return std::nullopt;
  if (const auto sv = igd::parse_action_service_type(service_type)) out->merge(actions_of_table(*sv));
  return out;
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

    // Every SCPD is served, well-formed, and lists exactly the actions of our table.
    for (const auto* s : services) {
      BOOST_TEST_CONTEXT(s->service_type) {
      BOOST_REQUIRE(s->scpd_url.has_value());
      auto [sec, scpd] = http_get(*s->scpd_url);
      BOOST_REQUIRE_MESSAGE(!sec, std::string(s->scpd_url->buffer()) + ": " + sec.message());
      pugi::xml_document doc;
      BOOST_REQUIRE(doc.load_string(scpd.c_str()));
      auto root = doc.child("scpd");
      BOOST_REQUIRE(root);
      const auto expected = expected_actions(s->service_type);
      BOOST_REQUIRE_MESSAGE(expected.has_value(), "a service this test does not know");
      const auto listed = actions_listed(root);
      for (const auto& [name, args] : *expected)
        BOOST_TEST_CONTEXT(name) {
          const auto it = listed.find(name);
          if (it == listed.end())
            BOOST_ERROR("missing from the SCPD");
          else
            BOOST_TEST(it->second == args, boost::test_tools::per_element());
        }
      for (const auto& [name, args] : listed) BOOST_TEST(expected->count(name) == 1u, name << " is not in the table");
      // Every relatedStateVariable names a row of the state table.
      std::set<std::string> vars;
      for (auto sv : root.child("serviceStateTable").children("stateVariable")) vars.insert(sv.child_value("name"));
      for (auto a : root.child("actionList").children("action"))
        for (auto arg : a.child("argumentList").children("argument"))
          BOOST_TEST(vars.count(arg.child_value("relatedStateVariable")) == 1u, arg.child_value("relatedStateVariable"));
      if (s->kind == igd::service_kind::wan_ip_connection) BOOST_TEST(listed.count("AddAnyPortMapping") == (v == igd_version::v2 ? 1u : 0u));
      }
    }
  }
}

namespace {

ssdp::search_result find_first(const running_router& rr) {
  const auto [ec, found] = unicast_search(rr.ssdp());
  BOOST_REQUIRE_MESSAGE(!ec, ec.message());
  return found;
}

std::string root_uuid_of(running_router& rr) {
  return rr.on_router([](router& r) { return r.device_uuid(); });
}

}  // namespace

BOOST_AUTO_TEST_CASE(ssdp_unicast_search_finds_router_and_location_works) {
  running_router rr(options_for(igd_version::v2));
  BOOST_REQUIRE(!rr.start_error());
  const auto found = find_first(rr);
  BOOST_TEST(found.response.location.buffer() == rr.location().buffer());
  BOOST_TEST(found.response.usn.find("uuid:" + root_uuid_of(rr)) == 0u, found.response.usn);
  auto [gec, body] = http_get(found.response.location);
  BOOST_TEST(!gec);
  BOOST_TEST(body.find("InternetGatewayDevice:2") != std::string::npos);
}

// Two routers in one lab must not collide in USN-based deduplication (they all announced the nil
// UUID before), and the description's UDNs follow the announced UUID.
BOOST_AUTO_TEST_CASE(two_routers_announce_distinct_device_uuids) {
  running_router a(options_for(igd_version::v2));
  running_router b(options_for(igd_version::v2));
  BOOST_REQUIRE(!a.start_error());
  BOOST_REQUIRE(!b.start_error());
  const auto ua = root_uuid_of(a), ub = root_uuid_of(b);
  BOOST_TEST(ua != ub);
  for (const auto& u : {ua, ub}) {
    BOOST_TEST(sim::canonical_device_uuid(u).value_or("") == u);
    BOOST_TEST(u != "00000000-0000-0000-0000-000000000000");
  }
  const auto fa = find_first(a), fb = find_first(b);
  BOOST_TEST(fa.response.usn != fb.response.usn);
  auto [ec, body] = http_get(a.location());
  BOOST_REQUIRE(!ec);
  auto desc = igd::parse_description(body, a.location());
  BOOST_REQUIRE(desc.has_value());
  BOOST_TEST(desc->root.udn == "uuid:" + ua);
  // Embedded devices get UUIDs of their own, derived from the root's.
  BOOST_REQUIRE(!desc->root.devices.empty());
  BOOST_TEST(desc->root.devices.front().udn != desc->root.udn);
  BOOST_TEST(desc->root.devices.front().udn.find("uuid:") == 0u);
}

BOOST_AUTO_TEST_CASE(a_given_root_uuid_is_announced_and_derives_the_same_tree) {
  auto o = options_for(igd_version::v2);
  o.layout.root_uuid = sim::seeded_device_uuid("lab-a");
  running_router a(o), b(o);
  BOOST_TEST(root_uuid_of(a) == o.layout.root_uuid);
  auto [ea, da] = http_get(a.location());
  auto [eb, db] = http_get(b.location());
  BOOST_REQUIRE(!ea);
  BOOST_REQUIRE(!eb);
  const auto pa = igd::parse_description(da, a.location());
  const auto pb = igd::parse_description(db, b.location());
  BOOST_REQUIRE(pa.has_value());
  BOOST_REQUIRE(pb.has_value());
  BOOST_REQUIRE(!pa->root.devices.empty());
  BOOST_TEST(pa->root.devices.front().udn == pb->root.devices.front().udn);
}

BOOST_AUTO_TEST_CASE(device_uuid_text_rules) {
  BOOST_TEST(sim::seeded_device_uuid("lab-a") == sim::seeded_device_uuid("lab-a"));
  BOOST_TEST(sim::seeded_device_uuid("lab-a") != sim::seeded_device_uuid("lab-b"));
  BOOST_TEST(sim::seeded_device_uuid("lab-a")[14] == '5');  // name-based, SHA-1
  BOOST_TEST(sim::random_device_uuid()[14] == '4');
  BOOST_TEST(sim::random_device_uuid() != sim::random_device_uuid());
  BOOST_TEST(sim::canonical_device_uuid("uuid:0A1B2C3D-0000-4000-8000-00000000000F").value_or("") ==
             "0a1b2c3d-0000-4000-8000-00000000000f");
  for (const char* bad : {"", "uuid:", "0a1b2c3d-0000-4000-8000-00000000000", "0a1b2c3d_0000-4000-8000-00000000000f",
                          "0a1b2c3d-0000-4000-8000-00000000000g", "0a1b2c3d-0000-4000-8000-00000000000fx"})
    BOOST_TEST(!sim::canonical_device_uuid(bad).has_value(), bad);
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
