// What simrouter events is exactly what its SCPDs mark sendEvents="yes", for every service of
// every tree (IGD:1, IGD:2, WANPPPConnection, Layer3Forwarding), each value as its getter reads it.
#define BOOST_TEST_MODULE simrouter_core_events
#include <boost/test/unit_test.hpp>

#include "igdkit/sim/device_layout.hpp"
#include "igdkit/sim/evented_state.hpp"
#include "igdkit/sim/scpd.hpp"

#include <pugixml.hpp>

#include <set>

using namespace igdkit::sim;
using namespace std::chrono_literals;

namespace {

const auto t0 = clock::time_point{} + 1000h;

std::set<std::string> marked_evented(const service_layout& s) {
  pugi::xml_document doc;
  const auto xml = build_scpd(scpd_for(s.id, s.version));
  BOOST_REQUIRE(doc.load_string(xml.c_str()));
  std::set<std::string> out;
  for (const auto& v : doc.select_nodes("//stateVariable"))
    if (std::string_view(v.node().attribute("sendEvents").value()) == "yes")
      out.insert(v.node().child_value("name"));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(evented_variables_match_the_scpds) {
  for (const auto version : {igd_version::v1, igd_version::v2}) {
    for (const auto connection : {wan_connection_kind::ip, wan_connection_kind::ppp}) {
      layout_params p;
      p.version = version;
      p.connection = connection;
      p.layer3_forwarding = true;
      const auto layout = make_igd_layout(p);
      router_config cfg;
      cfg.version = version;
      igd_handler igd(cfg, t0);
      for (const auto* s : all_services(layout)) {
        BOOST_TEST_CONTEXT(s->service_type()) {
          std::set<std::string> evented;
          for (const auto& prop : evented_values(igd, *s, t0 + 10s)) evented.insert(prop.name);
          BOOST_TEST((evented == marked_evented(*s)));
          BOOST_TEST(!s->event_path.empty());
        }
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(values_are_what_the_getters_read) {
  router_config cfg;
  cfg.external_ip = boost::asio::ip::make_address_v4("203.0.113.7");
  igd_handler igd(cfg, t0);
  const auto layout = make_igd_layout({});
  for (const auto* s : all_services(layout)) {
    if (s->id != service_id::wan_ip_connection) continue;
    const auto values = evented_values(igd, *s, t0 + 10s);
    auto value_of = [&](std::string_view name) {
      for (const auto& v : values)
        if (v.name == name) return v.value;
      return std::string("<absent>");
    };
    BOOST_TEST(value_of("ExternalIPAddress") == "203.0.113.7");
    BOOST_TEST(value_of("ConnectionStatus") == "Connected");
    BOOST_TEST(value_of("PossibleConnectionTypes") == "IP_Routed");
    BOOST_TEST(value_of("PortMappingNumberOfEntries") == "0");
    BOOST_TEST(value_of("SystemUpdateID") == std::to_string(igd.system_update_id()));
  }
}
