// The NAT diagnosis, verdict by verdict: from a baseline where everything works, each test
// changes the one observation that makes a verdict, and checks its kind, severity, evidence and
// advice; then the ordering, the manual rules, the JSON names and the validation table.
#define BOOST_TEST_MODULE igd_reach_diagnosis
#include <boost/test/unit_test.hpp>

#include "igdkit/igd/reach/diagnosis.hpp"
#include "igdkit/igd/reach/json.hpp"
#include "igdkit/soap/upnp_error.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <set>
#include <string>

using namespace igdkit::igd::reach;
using igdkit::protocol;
using igdkit::igd::mapping_entry;
using igdkit::soap::upnp_errc;
using boost::asio::ip::make_address_v4;

namespace {

const auto camera_ip = make_address_v4("192.168.1.21");
const auto nas_ip = make_address_v4("192.168.1.30");

mapping_entry entry(std::uint16_t ext, protocol p, const address_v4& client, std::uint16_t port, std::string text) {
  mapping_entry e;
  e.external_port = ext;
  e.proto = p;
  e.internal_client = client;
  e.internal_port = port;
  e.description = std::move(text);
  return e;
}

// Camera 2: WAN 81 TCP -> 192.168.1.21:80, added, listed as ours, probed open.
mapping_observation camera(std::uint16_t ext = 81, std::string text = "camera 2") {
  mapping_observation m;
  m.wanted = {ext, protocol::tcp, camera_ip, 80, text};
  m.lookup = router_lookup::found;
  m.router_entry = entry(ext, protocol::tcp, camera_ip, 80, text);
  m.probe = probe_result::reachable;
  m.probe_reason = "TCP connect in 40 ms";
  return m;
}

observations fine() {
  observations o;
  o.igd.answered = 1;
  o.igd.chosen = {"FRITZ!Box 7590", "AVM", "FRITZ!Box 7590", "http://192.168.1.1:49000/igddesc.xml"};
  o.igd.connection_status = "Connected";
  o.igd.external_ip = external_ip_observation::of(make_address_v4("93.184.216.34"));
  o.mappings.push_back(camera());
  return o;
}

bool has(const diagnosis& d, verdict v) {
  return std::ranges::any_of(d.findings, [&](const finding& f) { return f.kind == v; });
}

// A copy, so that `only(diagnose(o), v)` outlives its temporary diagnosis.
finding only(const diagnosis& d, verdict v) {
  auto n = std::ranges::count_if(d.findings, [&](const finding& f) { return f.kind == v; });
  BOOST_TEST_REQUIRE(n == 1, "expected one " << to_string(v) << ", got " << n);
  return *std::ranges::find_if(d.findings, [&](const finding& f) { return f.kind == v; });
}

bool contains(const std::string& s, std::string_view part) { return s.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(everything_fine_is_reachable) {
  auto d = diagnose(fine());
  BOOST_TEST((d.overall == reachability::reachable_from_internet));
  BOOST_TEST_REQUIRE(d.findings.size() == 1u);
  const auto& f = d.findings[0];
  BOOST_TEST((f.kind == verdict::reachable && f.level == severity::info));
  BOOST_TEST(*f.mapping == 0u);
  BOOST_TEST(contains(f.evidence, "TCP 81"));
  BOOST_TEST(contains(f.evidence, "TCP connect in 40 ms"));
}

BOOST_AUTO_TEST_CASE(no_igd_answered) {
  auto o = fine();
  o.igd = {};
  o.mappings[0].lookup = router_lookup::not_checked;
  o.mappings[0].router_entry.reset();
  o.mappings[0].probe = probe_result::not_run;
  auto d = diagnose(o);
  const finding f = only(d, verdict::no_igd);
  BOOST_TEST((f.level == severity::blocking));
  BOOST_TEST(!f.mapping);
  BOOST_TEST(contains(f.advice, "Enable UPnP"));
  BOOST_TEST(contains(f.advice, "guest network"));
  BOOST_TEST(!has(d, verdict::external_ip_unknown));  // nothing to ask without an IGD
  BOOST_TEST((d.overall == reachability::not_reachable));
  BOOST_TEST(d.rules.size() == 1u);  // the manual rules are what is left to do
}

BOOST_AUTO_TEST_CASE(igd_disconnected) {
  auto o = fine();
  o.igd.connection_status = "Disconnected";
  o.mappings[0].probe = probe_result::not_run;
  auto d = diagnose(o);
  const finding f = only(d, verdict::igd_not_connected);
  BOOST_TEST((f.level == severity::blocking));
  BOOST_TEST(contains(f.evidence, "\"Disconnected\""));
  BOOST_TEST(contains(f.evidence, "FRITZ!Box 7590"));
  BOOST_TEST(contains(f.advice, "PPPoE"));
  BOOST_TEST((d.overall == reachability::not_reachable));

  o.igd.connection_status = "Connecting";
  BOOST_TEST(contains(only(diagnose(o), verdict::igd_not_connected).advice, "still connecting"));
  o.igd.connection_status = " up ";  // "Up" counts as connected, as in selection
  BOOST_TEST(!has(diagnose(o), verdict::igd_not_connected));
  o.igd.connection_status = "";  // GetStatusInfo failed: no claim either way
  BOOST_TEST(!has(diagnose(o), verdict::igd_not_connected));
}

BOOST_AUTO_TEST_CASE(several_gateways_name_the_chosen_one) {
  auto o = fine();
  o.igd.answered = 3;
  o.igd.connection_status = "Disconnected";
  const finding f = only(diagnose(o), verdict::igd_not_connected);
  BOOST_TEST(contains(f.advice, "3 gateways answered"));
  BOOST_TEST(contains(f.advice, "\"FRITZ!Box 7590\" (AVM FRITZ!Box 7590) at http://192.168.1.1:49000/igddesc.xml"));
}

BOOST_AUTO_TEST_CASE(external_ip_unset_empty_or_zero) {
  for (auto ext : {external_ip_observation::not_answered(), external_ip_observation::from_text(""),
                   external_ip_observation::from_text("0.0.0.0"), external_ip_observation::from_text("garbage")}) {
    BOOST_TEST_CONTEXT("external IP '" << ext.text << "' answered=" << ext.answered) {
      auto o = fine();
      o.igd.external_ip = ext;
      o.mappings[0].probe = probe_result::not_run;
      o.public_address = public_address_observation{make_address_v4("198.51.100.7"), "STUN stun.example.net:3478"};
      auto d = diagnose(o);
      const finding f = only(d, verdict::external_ip_unknown);
      BOOST_TEST((f.level == severity::warning));
      BOOST_TEST(contains(f.evidence, ext.answered ? "external IP \"" + ext.text + "\"" : "no answer"));
      BOOST_TEST(contains(f.evidence, "STUN stun.example.net:3478 sees us as 198.51.100.7"));
      BOOST_TEST(!has(d, verdict::double_nat));
      BOOST_TEST((d.overall == reachability::unknown));
    }
  }
  BOOST_TEST(external_ip_observation::from_text("0.0.0.0").address->is_unspecified());
  BOOST_TEST(!external_ip_observation::from_text("").address);
}

BOOST_AUTO_TEST_CASE(carrier_grade_nat) {
  auto o = fine();
  o.igd.external_ip = external_ip_observation::of(make_address_v4("100.72.14.3"));
  o.mappings[0].probe = probe_result::not_reachable;
  o.mappings[0].probe_reason = "timeout after 5 s";
  auto d = diagnose(o);
  const finding f = only(d, verdict::carrier_grade_nat);
  BOOST_TEST((f.level == severity::blocking));
  BOOST_TEST(contains(f.evidence, "100.72.14.3 is in 100.64.0.0/10"));
  BOOST_TEST(contains(f.advice, "public IPv4"));
  BOOST_TEST(contains(f.advice, "bridge mode"));
  BOOST_TEST(contains(f.advice, "IPv6"));
  BOOST_TEST(!has(d, verdict::double_nat));
  BOOST_TEST((d.overall == reachability::not_reachable));
}

BOOST_AUTO_TEST_CASE(private_external_ip_is_double_nat) {
  auto o = fine();
  o.igd.external_ip = external_ip_observation::of(make_address_v4("192.168.0.23"));
  o.mappings[0].probe = probe_result::not_run;
  auto d = diagnose(o);
  const finding f = only(d, verdict::double_nat);
  BOOST_TEST((f.level == severity::blocking));
  BOOST_TEST(contains(f.evidence, "192.168.0.23 is private"));
  BOOST_TEST(contains(f.advice, "bridge mode"));
  BOOST_TEST(contains(f.advice, "enable UPnP on the upstream router"));
  BOOST_TEST(!has(d, verdict::carrier_grade_nat));

  // Link-local is reserved too, and named as such.
  o.igd.external_ip = external_ip_observation::of(make_address_v4("169.254.3.4"));
  BOOST_TEST(contains(only(diagnose(o), verdict::double_nat).evidence, "link-local"));
}

BOOST_AUTO_TEST_CASE(reserved_address_seen_from_outside_is_the_public_one) {
  // A lab or test net: the router's WAN address is in a documentation range, and STUN sees us at
  // exactly that address. Nothing sits in front of the router: no double NAT.
  auto o = fine();
  o.igd.external_ip = external_ip_observation::of(make_address_v4("203.0.113.10"));
  o.mappings[0].probe = probe_result::not_run;
  BOOST_TEST(has(diagnose(o), verdict::double_nat));
  o.public_address = public_address_observation{make_address_v4("203.0.113.10"), "STUN 127.0.0.1:3478"};
  auto d = diagnose(o);
  BOOST_TEST(!has(d, verdict::double_nat));
  BOOST_TEST(!has(d, verdict::upstream_nat));
}

BOOST_AUTO_TEST_CASE(closed_port_behind_a_nat_in_front_blames_the_nat_not_a_firewall) {
  auto o = fine();
  o.igd.external_ip = external_ip_observation::of(make_address_v4("100.72.14.3"));
  o.mappings[0].probe = probe_result::not_reachable;
  o.mappings[0].probe_reason = "carrier NAT has no forwarding";
  auto d = diagnose(o);
  BOOST_TEST(!has(d, verdict::firewall_blocked));
  BOOST_TEST(contains(only(d, verdict::carrier_grade_nat).evidence, "carrier NAT has no forwarding"));
  BOOST_TEST((d.overall == reachability::not_reachable));
}

BOOST_AUTO_TEST_CASE(double_nat_with_upstream_igd_maps_there_too) {
  auto o = fine();
  o.igd.external_ip = external_ip_observation::of(make_address_v4("192.168.0.23"));
  o.upstream = upstream_observation{{"ISP Box", "Sagemcom", "F@st 5366", "http://192.168.0.1:5000/rootDesc.xml"},
                                    external_ip_observation::of(make_address_v4("93.184.216.34"))};
  o.mappings[0].probe = probe_result::not_run;
  const finding f = only(diagnose(o), verdict::double_nat);
  BOOST_TEST(contains(f.evidence, "upstream IGD \"ISP Box\""));
  BOOST_TEST(contains(f.evidence, "93.184.216.34"));
  BOOST_TEST(contains(f.advice, "map each port there too"));
  BOOST_TEST(contains(f.advice, "192.168.0.23"));
}

BOOST_AUTO_TEST_CASE(public_ip_differs_from_stun_is_upstream_nat) {
  auto o = fine();
  o.public_address = public_address_observation{make_address_v4("198.51.100.7"), "STUN stun.example.net:3478"};
  o.mappings[0].probe = probe_result::not_run;
  auto d = diagnose(o);
  const finding f = only(d, verdict::upstream_nat);
  BOOST_TEST((f.level == severity::warning));
  BOOST_TEST(contains(f.evidence, "93.184.216.34"));
  BOOST_TEST(contains(f.evidence, "198.51.100.7"));

  o.public_address->address = make_address_v4("93.184.216.34");
  BOOST_TEST(!has(diagnose(o), verdict::upstream_nat));
}

BOOST_AUTO_TEST_CASE(mapping_present_port_closed_is_firewall) {
  auto o = fine();
  o.mappings[0].probe = probe_result::not_reachable;
  o.mappings[0].probe_reason = "connection refused";
  auto d = diagnose(o);
  const finding f = only(d, verdict::firewall_blocked);
  BOOST_TEST((f.level == severity::blocking));
  BOOST_TEST(contains(f.evidence, "TCP 81 -> 192.168.1.21:80"));
  BOOST_TEST(contains(f.evidence, "connection refused"));
  BOOST_TEST(contains(f.advice, "host firewall on 192.168.1.21 for TCP port 80"));
  BOOST_TEST(contains(f.advice, "listens on 192.168.1.21:80"));
  BOOST_TEST(contains(f.advice, "upstream"));
  BOOST_TEST((d.overall == reachability::not_reachable));
}

BOOST_AUTO_TEST_CASE(mapping_missing_on_router) {
  auto o = fine();
  o.mappings[0].lookup = router_lookup::missing;
  o.mappings[0].router_entry.reset();
  o.mappings[0].probe = probe_result::not_reachable;
  o.mappings[0].probe_reason = "timeout";
  auto d = diagnose(o);
  const finding f = only(d, verdict::mapping_missing);
  BOOST_TEST((f.level == severity::blocking));
  BOOST_TEST(contains(f.evidence, "lists no TCP 81 mapping"));
  BOOST_TEST(contains(f.evidence, "probe from outside: closed (timeout)"));
  BOOST_TEST(!has(d, verdict::firewall_blocked));  // the missing mapping explains the closed port

  // Listed, ours, but disabled.
  o = fine();
  o.mappings[0].router_entry->enabled = false;
  o.mappings[0].probe = probe_result::not_run;
  BOOST_TEST(contains(only(diagnose(o), verdict::mapping_missing).evidence, "disabled"));
}

BOOST_AUTO_TEST_CASE(mapping_points_to_another_host) {
  auto o = fine();
  o.mappings[0].router_entry = entry(81, protocol::tcp, nas_ip, 80, "NAS");
  o.mappings[0].probe = probe_result::not_run;
  auto d = diagnose(o);
  const finding f = only(d, verdict::mapping_elsewhere);
  BOOST_TEST((f.level == severity::blocking));
  BOOST_TEST(contains(f.evidence, "192.168.1.30:80 (\"NAS\"), not 192.168.1.21:80"));
  BOOST_TEST(!has(d, verdict::not_verified));
}

BOOST_AUTO_TEST_CASE(conflict_names_owner_and_suggests_next_free_port) {
  for (auto code : {upnp_errc::conflict_in_mapping_entry, upnp_errc::conflict_with_other_mechanisms}) {
    BOOST_TEST_CONTEXT("code " << static_cast<int>(code)) {
      auto o = fine();
      auto& m = o.mappings[0];
      m.add_error = code;
      m.router_entry = entry(81, protocol::tcp, nas_ip, 80, "NAS");
      m.probe = probe_result::not_run;
      // 82 TCP is taken on the router, 83 by another camera we want; 82 UDP does not matter.
      o.router_mappings = std::vector{entry(81, protocol::tcp, nas_ip, 80, "NAS"),
                                      entry(82, protocol::tcp, nas_ip, 443, "NAS https"),
                                      entry(84, protocol::udp, nas_ip, 84, "NAS udp")};
      o.mappings.push_back(camera(83, "camera 3"));
      auto d = diagnose(o);
      const finding f = only(d, verdict::port_conflict);
      BOOST_TEST((f.level == severity::blocking));
      BOOST_TEST(*f.mapping == 0u);
      BOOST_TEST(contains(f.evidence, code == upnp_errc::conflict_in_mapping_entry ? "ConflictInMappingEntry (718)"
                                                                                  : "ConflictWithOtherMechanisms (729)"));
      BOOST_TEST(contains(f.evidence, "192.168.1.30:80 (\"NAS\")"));
      BOOST_TEST(contains(f.advice, "taken by 192.168.1.30:80"));
      BOOST_TEST((f.suggested_port == std::optional<std::uint16_t>(84)));
      BOOST_TEST(contains(f.advice, "e.g. 84"));
      BOOST_TEST(!has(d, verdict::mapping_elsewhere));  // the conflict already says so
    }
  }
  // Without the router's listing there is no suggestion.
  auto o = fine();
  o.mappings[0].add_error = upnp_errc::conflict_in_mapping_entry;
  o.mappings[0].router_entry = entry(81, protocol::tcp, nas_ip, 80, "NAS");
  o.mappings[0].probe = probe_result::not_run;
  BOOST_TEST(!only(diagnose(o), verdict::port_conflict).suggested_port);
}

BOOST_AUTO_TEST_CASE(next_free_port_skips_used_and_wraps) {
  std::vector<mapping_entry> router{entry(65534, protocol::tcp, nas_ip, 1, ""), entry(65535, protocol::tcp, nas_ip, 1, "")};
  std::vector<mapping_observation> wanted{camera(65533)};
  BOOST_TEST((next_free_port(65533, protocol::tcp, router, wanted) == std::optional<std::uint16_t>(1024)));
  BOOST_TEST((next_free_port(65533, protocol::udp, router, {}) == std::optional<std::uint16_t>(65534)));
}

BOOST_AUTO_TEST_CASE(same_port_required) {
  auto o = fine();
  auto& m = o.mappings[0];
  m.add_error = upnp_errc::same_port_values_required;
  m.lookup = router_lookup::missing;
  m.router_entry.reset();
  m.probe = probe_result::not_run;
  auto d = diagnose(o);
  const finding f = only(d, verdict::same_port_required);
  BOOST_TEST((f.level == severity::blocking));
  BOOST_TEST(contains(f.evidence, "SamePortValuesRequired (724)"));
  BOOST_TEST(contains(f.advice, "listen on port 81"));
  BOOST_TEST(!has(d, verdict::mapping_missing));  // the failed add explains it
}

BOOST_AUTO_TEST_CASE(lease_rejected) {
  for (auto code : {upnp_errc::only_permanent_leases_supported, upnp_errc::invalid_args}) {
    auto o = fine();
    o.mappings[0].add_error = code;
    o.mappings[0].lookup = router_lookup::missing;
    o.mappings[0].router_entry.reset();
    o.mappings[0].probe = probe_result::not_run;
    const finding f = only(diagnose(o), verdict::lease_rejected);
    BOOST_TEST((f.level == severity::blocking));
    BOOST_TEST(contains(f.advice, "permanent lease (0)"));
  }
}

BOOST_AUTO_TEST_CASE(not_authorized) {
  for (auto code : {upnp_errc::action_not_authorized, upnp_errc::invalid_action}) {
    auto o = fine();
    o.mappings[0].add_error = code;
    o.mappings[0].lookup = router_lookup::not_checked;
    o.mappings[0].router_entry.reset();
    o.mappings[0].probe = probe_result::not_run;
    auto d = diagnose(o);
    const finding f = only(d, verdict::not_authorized);
    BOOST_TEST((f.level == severity::blocking));
    BOOST_TEST(contains(f.advice, "from 192.168.1.21 itself"));
    BOOST_TEST(!has(d, verdict::not_verified));
    BOOST_TEST((d.overall == reachability::not_reachable));
  }
}

BOOST_AUTO_TEST_CASE(other_add_failures) {
  auto o = fine();
  o.mappings[0].add_error = upnp_errc::no_port_maps_available;
  o.mappings[0].lookup = router_lookup::not_checked;
  o.mappings[0].router_entry.reset();
  o.mappings[0].probe = probe_result::not_run;
  BOOST_TEST(contains(only(diagnose(o), verdict::add_failed).evidence, "NoPortMapsAvailable (728)"));
  o.mappings[0].add_error = std::make_error_code(std::errc::timed_out);
  BOOST_TEST(contains(only(diagnose(o), verdict::add_failed).evidence, "[generic:"));
}

BOOST_AUTO_TEST_CASE(failed_add_with_our_mapping_listed_is_a_warning) {
  auto o = fine();
  o.mappings[0].add_error = upnp_errc::conflict_in_mapping_entry;  // e.g. our own earlier mapping
  o.mappings[0].probe = probe_result::not_run;
  auto d = diagnose(o);
  BOOST_TEST((only(d, verdict::port_conflict).level == severity::warning));
  BOOST_TEST((d.overall == reachability::unknown));
}

BOOST_AUTO_TEST_CASE(mapping_present_not_probed_is_not_verified) {
  auto o = fine();
  o.mappings[0].probe = probe_result::not_run;
  auto d = diagnose(o);
  const finding f = only(d, verdict::not_verified);
  BOOST_TEST((f.level == severity::info));
  BOOST_TEST((d.overall == reachability::unknown));
}

BOOST_AUTO_TEST_CASE(probe_beats_inference) {
  auto o = fine();  // probed reachable, although the address says double NAT (upstream DMZ)
  o.igd.external_ip = external_ip_observation::of(make_address_v4("10.0.0.2"));
  auto d = diagnose(o);
  BOOST_TEST((d.overall == reachability::reachable_from_internet));
  BOOST_TEST((only(d, verdict::double_nat).level == severity::warning));
}

BOOST_AUTO_TEST_CASE(findings_most_important_first) {
  auto o = fine();
  o.igd.connection_status = "Disconnected";                                           // not connected, blocking
  o.mappings[0].probe = probe_result::not_run;                                        // not_verified, info
  o.mappings.push_back(camera(82, "camera 3"));
  o.mappings[1].probe = probe_result::not_reachable;                                  // firewall, blocking
  o.mappings.push_back(camera(83, "camera 4"));
  o.mappings[2].add_error = upnp_errc::conflict_in_mapping_entry;                     // conflict (ours): warning
  o.mappings[2].probe = probe_result::not_run;
  o.mappings.push_back(camera(84, "camera 5"));
  o.mappings[3].lookup = router_lookup::missing;                                      // missing, blocking
  o.mappings[3].router_entry.reset();
  o.mappings[3].probe = probe_result::not_run;
  auto d = diagnose(o);
  std::vector<std::string_view> kinds;
  for (const auto& f : d.findings) kinds.push_back(to_string(f.kind));
  const std::vector<std::string_view> want{"igd_not_connected", "mapping_missing", "firewall_blocked",
                                           "port_conflict", "not_verified"};
  BOOST_TEST(kinds == want, boost::test_tools::per_element());
  BOOST_TEST(*d.findings[1].mapping == 3u);
  BOOST_TEST(*d.findings[2].mapping == 1u);
  BOOST_TEST(std::ranges::is_sorted(d.findings, {}, [](const finding& f) { return f.level; }));
  BOOST_TEST((d.overall == reachability::not_reachable));
}

BOOST_AUTO_TEST_CASE(manual_rules_text) {
  auto o = fine();
  o.mappings.push_back(camera(8554, ""));
  o.mappings[1].wanted.proto = protocol::udp;
  o.mappings[1].wanted.internal_port = 554;
  auto d = diagnose(o);
  BOOST_TEST_REQUIRE(d.rules.size() == 2u);
  BOOST_TEST(to_string(d.rules[0]) == "WAN port 81 TCP -> 192.168.1.21:80 (camera 2)");
  BOOST_TEST(to_string(d.rules[1]) == "WAN port 8554 UDP -> 192.168.1.21:554");
  BOOST_TEST(d.rules[1].lan_ip == camera_ip);
}

BOOST_AUTO_TEST_CASE(verdict_names_are_snake_case_and_unique) {
  std::set<std::string_view> names;
  for (int v = 0; v <= static_cast<int>(verdict::reachable); ++v) {
    auto name = to_string(static_cast<verdict>(v));
    BOOST_TEST(std::ranges::all_of(name, [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }), name);
    names.insert(name);
  }
  BOOST_TEST(names.size() == static_cast<std::size_t>(verdict::reachable) + 1);
  BOOST_TEST(to_string(verdict::carrier_grade_nat) == "carrier_grade_nat");
}

BOOST_AUTO_TEST_CASE(json_field_names) {
  auto o = fine();
  o.igd.external_ip = external_ip_observation::of(make_address_v4("100.64.1.2"));
  o.mappings[0].probe = probe_result::not_run;
  auto v = to_json(diagnose(o));
  const auto& doc = v.as_object();
  BOOST_TEST(doc.at("overall").as_string() == "not_reachable");
  const auto& f0 = doc.at("findings").as_array().at(0).as_object();
  std::set<std::string> keys;
  for (const auto& kv : f0) keys.insert(std::string(kv.key()));
  const std::set<std::string> want{"verdict", "severity", "evidence", "advice", "mapping", "suggested_port"};
  BOOST_TEST(keys == want, boost::test_tools::per_element());
  BOOST_TEST(f0.at("verdict").as_string() == "carrier_grade_nat");
  BOOST_TEST(f0.at("severity").as_string() == "blocking");
  BOOST_TEST(f0.at("mapping").is_null());
  BOOST_TEST(doc.at("findings").as_array().at(1).as_object().at("mapping").to_number<int>() == 0);
  const auto& r0 = doc.at("rules").as_array().at(0).as_object();
  BOOST_TEST(r0.at("wan_port").to_number<int>() == 81);
  BOOST_TEST(r0.at("protocol").as_string() == "TCP");
  BOOST_TEST(r0.at("lan_ip").as_string() == "192.168.1.21");
  BOOST_TEST(r0.at("lan_port").to_number<int>() == 80);
  BOOST_TEST(r0.at("description").as_string() == "camera 2");
  BOOST_TEST(r0.at("text").as_string() == "WAN port 81 TCP -> 192.168.1.21:80 (camera 2)");

  auto val = to_json(validate(o).at(0)).as_object();
  BOOST_TEST(val.at("router_has_mapping").as_bool());
  BOOST_TEST(val.at("port_open").is_null());
  BOOST_TEST(!val.at("passed").as_bool());
  BOOST_TEST(val.contains("summary"));
}

BOOST_AUTO_TEST_CASE(validation_combination_table) {
  struct row {
    bool ours;
    probe_result probe;
    bool has_mapping;
    std::optional<bool> open;
    bool passed;
    std::string_view reason;  // in the summary
  };
  const row rows[] = {
      {true, probe_result::reachable, true, true, true, "passed: the router maps TCP 81 -> 192.168.1.21:80"},
      {true, probe_result::not_reachable, true, false, false, "firewall_blocked"},
      {true, probe_result::not_run, true, std::nullopt, false, "port-open check was not run"},
      {false, probe_result::reachable, false, true, false, "a manual rule or another mechanism"},
      {false, probe_result::not_reachable, false, false, false, "mapping_missing"},
      {false, probe_result::not_run, false, std::nullopt, false, "mapping_missing"},
  };
  for (const auto& r : rows) {
    BOOST_TEST_CONTEXT("ours=" << r.ours << " probe=" << static_cast<int>(r.probe)) {
      auto o = fine();
      o.mappings[0].probe = r.probe;
      if (!r.ours) {
        o.mappings[0].lookup = router_lookup::missing;
        o.mappings[0].router_entry.reset();
      }
      auto v = validate(o).at(0);
      BOOST_TEST(v.router_has_mapping == r.has_mapping);
      BOOST_TEST((v.port_open == r.open));
      BOOST_TEST(v.passed() == r.passed);
      BOOST_TEST(v.summary.starts_with(r.passed ? "passed: " : "failed: "), v.summary);
      BOOST_TEST(contains(v.summary, r.reason), v.summary);
    }
  }
}

BOOST_AUTO_TEST_CASE(validation_reason_can_be_the_network) {
  auto o = fine();
  o.igd.external_ip = external_ip_observation::of(make_address_v4("100.64.1.2"));
  o.mappings[0].probe = probe_result::not_run;  // nothing wrong with the mapping itself
  auto v = validate(o, diagnose(o), 0);
  BOOST_TEST(!v.passed());
  BOOST_TEST(contains(v.summary, "carrier_grade_nat: IGD"), v.summary);

  // The mapping's own problem is quoted first, the network's named after it.
  o.mappings[0].add_error = upnp_errc::conflict_in_mapping_entry;
  o.mappings[0].router_entry = entry(81, protocol::tcp, nas_ip, 80, "NAS");
  v = validate(o).at(0);
  BOOST_TEST(contains(v.summary, "; port_conflict: AddPortMapping TCP 81"), v.summary);
  BOOST_TEST(v.summary.ends_with("; also carrier_grade_nat"), v.summary);
}
