#include <boost/test/unit_test.hpp>

#include "core_rig.hpp"

#include <pugixml.hpp>

using namespace simtest;
using igdkit::sim::router_config;

namespace {
// Listing children by local name: the prefix is the builder's choice.
pugi::xml_node child_local(pugi::xml_node n, std::string_view local) {
  for (auto c : n.children()) {
    std::string_view name = c.name();
    const auto colon = name.find(':');
    if ((colon == std::string_view::npos ? name : name.substr(colon + 1)) == local) return c;
  }
  return {};
}

igdkit::soap::argument_list range_args(int start, int end, const std::string& proto, bool manage, int count = -1) {
  igdkit::soap::argument_list a{{"NewStartPort", std::to_string(start)}, {"NewEndPort", std::to_string(end)},
                                {"NewProtocol", proto}, {"NewManage", manage ? "1" : "0"}};
  if (count >= 0) a.push_back({"NewNumberOfPorts", std::to_string(count)});
  return a;
}

std::vector<std::string> listed_ports(const igdkit::soap::action_response& r) {
  pugi::xml_document doc;
  BOOST_REQUIRE(doc.load_string(out(r, "NewPortListing").c_str()));
  std::vector<std::string> ports;
  for (auto e : doc.document_element().children()) ports.emplace_back(child_local(e, "NewExternalPort").text().get());
  return ports;
}

rig open_v2() {
  router_config cfg;
  cfg.secure_mode = false;
  return rig(cfg);
}
}  // namespace

BOOST_AUTO_TEST_CASE(v2_only_actions_are_401_on_v1_and_ppp) {
  auto r1 = rig::v1();
  for (const char* a : {"AddAnyPortMapping", "DeletePortMappingRange", "GetListOfPortMappings"}) {
    BOOST_TEST(code(r1.call(a, {})) == 401);
    auto r2 = rig::v2();
    BOOST_TEST(code(r2.call(a, {}, me, 0s, service_id::wan_ppp_connection)) == 401);
    BOOST_TEST(code(r2.call(a, {})) == 402);  // exists, but arguments are missing
  }
  BOOST_TEST(code(r1.call("AddPinhole", {}, "2001:db8::10", 0s, service_id::wan_ipv6_firewall_control)) == 401);
}

BOOST_AUTO_TEST_CASE(add_any_picks_free_port_and_728_when_full) {
  auto r = open_v2();
  BOOST_TEST(code(r.add(40000, "TCP", other)) == 0);
  auto got = r.add(40000, "TCP", me, 0, 40000, "", 0s, "AddAnyPortMapping");
  BOOST_TEST(code(got) == 0);
  BOOST_TEST(out(got, "NewReservedPort") == "39999");
  got = r.add(40000, "TCP", me, 0, 40000, "", 0s, "AddAnyPortMapping");  // own mapping: overwrite, same port
  BOOST_TEST(out(got, "NewReservedPort") == "39999");
  got = r.add(0, "UDP", me, 0, 5000, "", 0s, "AddAnyPortMapping");  // wildcard starts at the internal port
  BOOST_TEST(out(got, "NewReservedPort") == "5000");
  BOOST_TEST(out(r.get(5000, "UDP"), "NewLeaseDuration") == "604800");

  // A two-port permitted range: third request has nowhere to go.
  router_config cfg;
  cfg.secure_mode = false;
  cfg.permissions = {{igdkit::sim::permission_action::allow, {50000, 50001}, cfg.lan, {1, 65535}},
                     {igdkit::sim::permission_action::deny, {0, 65535}, {}, {0, 65535}}};
  rig small(cfg);
  BOOST_TEST(code(small.add(50000, "TCP", me, 0, 50000, "", 0s, "AddAnyPortMapping")) == 0);
  BOOST_TEST(out(small.add(50000, "TCP", other, 0, 50000, "", 0s, "AddAnyPortMapping"), "NewReservedPort") == "50001");
  BOOST_TEST(code(small.add(50000, "TCP", "192.168.1.30", 0, 50000, "", 0s, "AddAnyPortMapping")) == 728);
  BOOST_TEST(code(small.add(50000, "TCP", "10.0.0.1", 0, 50000, "", 0s, "AddAnyPortMapping")) == 606);  // never permitted
  BOOST_TEST(code(r.add(40000, "TCP", me, 0, 0, "", 0s, "AddAnyPortMapping")) == 732);
  BOOST_TEST(code(r.add(40000, "TCP", "", 0, 1, "", 0s, "AddAnyPortMapping", me)) == 715);
  auto secure = rig::v2();
  BOOST_TEST(code(secure.add(40000, "TCP", other, 0, 40000, "", 0s, "AddAnyPortMapping", me)) == 606);
}

BOOST_AUTO_TEST_CASE(get_list_of_port_mappings) {
  auto r = open_v2();
  for (int p : {40005, 40001, 40003}) BOOST_REQUIRE(code(r.add(p, "TCP", me, 100)) == 0);
  BOOST_REQUIRE(code(r.add(40002, "TCP", other)) == 0);
  BOOST_REQUIRE(code(r.add(40004, "UDP", me)) == 0);
  struct row { int start, end; std::string proto; bool manage; int count; int expected; std::vector<std::string> ports; };
  const std::vector<row> rows = {
      {40000, 40010, "TCP", true, 0, 0, {"40001", "40002", "40003", "40005"}},
      {40000, 40010, "TCP", false, 0, 0, {"40001", "40003", "40005"}},  // own only
      {40000, 40010, "TCP", true, 2, 0, {"40001", "40002"}},
      {40002, 40003, "TCP", true, 0, 0, {"40002", "40003"}},
      {40000, 40010, "UDP", true, 0, 0, {"40004"}},
      {41000, 42000, "TCP", true, 0, 730, {}},
      {40010, 40000, "TCP", true, 0, 733, {}},
      {40000, 40010, "XYZ", true, 0, 601, {}},
  };
  for (const auto& x : rows) {
    BOOST_TEST_CONTEXT(x.start << "-" << x.end << " " << x.proto << " manage " << x.manage << " n " << x.count) {
      auto got = r.call("GetListOfPortMappings", range_args(x.start, x.end, x.proto, x.manage, x.count));
      BOOST_TEST(code(got) == x.expected);
      if (x.expected == 0) BOOST_TEST(listed_ports(got) == x.ports, boost::test_tools::per_element());
    }
  }
  auto got = r.call("GetListOfPortMappings", range_args(40001, 40001, "TCP", false, 0), me, 30s);
  pugi::xml_document doc;
  BOOST_REQUIRE(doc.load_string(out(got, "NewPortListing").c_str()));
  BOOST_TEST(std::string(child_local(child_local(doc.document_element(), "PortMappingEntry"), "NewLeaseTime").text().get()) == "70");

  router_config cfg;
  cfg.quirks.empty_list_is_730 = false;
  rig lax(cfg);
  got = lax.call("GetListOfPortMappings", range_args(1, 2, "TCP", true, 0));
  BOOST_TEST(code(got) == 0);
  BOOST_TEST(listed_ports(got).empty());
}

BOOST_AUTO_TEST_CASE(delete_port_mapping_range) {
  struct row { int start, end; bool manage; bool secure; int expected; std::size_t left; };
  const row rows[] = {
      {40000, 40010, false, true, 0, 2},   // own only: 40001, 40003 go
      {40000, 40010, true, true, 0, 2},    // manage, but secure mode keeps others' entries
      {40000, 40010, true, false, 0, 1},   // manage without secure mode: all TCP in range
      {40002, 40002, false, true, 730, 4}, // only another client's entry there
      {40020, 40030, true, false, 730, 4},
      {40010, 40000, true, false, 733, 4},
  };
  for (const auto& x : rows) {
    BOOST_TEST_CONTEXT(x.start << "-" << x.end << " manage " << x.manage << " secure " << x.secure) {
      router_config cfg;
      cfg.secure_mode = x.secure;
      rig r(cfg);
      BOOST_REQUIRE(code(r.add(40001, "TCP", me)) == 0);
      BOOST_REQUIRE(code(r.add(40003, "TCP", me)) == 0);
      BOOST_REQUIRE(code(r.add(40002, "TCP", other)) == 0);
      BOOST_REQUIRE(code(r.add(40004, "UDP", me)) == 0);
      BOOST_TEST(code(r.call("DeletePortMappingRange", range_args(x.start, x.end, "TCP", x.manage))) == x.expected);
      BOOST_TEST(r.handler.mapping_count(t0) == x.left);
    }
  }
}
