#define BOOST_TEST_MODULE simrouter_core_handler
#include <boost/test/unit_test.hpp>

#include "core_rig.hpp"

using namespace simtest;
using igdkit::sim::igd_version;
using igdkit::sim::router_config;

namespace {
rig make(int v) { return v == 1 ? rig::v1() : rig::v2(); }
}  // namespace

BOOST_AUTO_TEST_CASE(add_get_overwrite_conflict_both_versions) {
  for (int v : {1, 2}) {
    BOOST_TEST_CONTEXT("v" << v) {
      auto r = make(v);
      BOOST_TEST(code(r.add(40000, "TCP", me, 3600)) == 0);
      auto got = r.get(40000);
      BOOST_TEST(code(got) == 0);
      BOOST_TEST(out(got, "NewInternalClient") == me);
      BOOST_TEST(out(got, "NewInternalPort") == "40000");
      BOOST_TEST(out(got, "NewLeaseDuration") == "3600");
      BOOST_TEST(got.service_type == urn(service_id::wan_ip_connection, v));
      BOOST_TEST(got.action == "GetSpecificPortMappingEntry");
      // Same key + same client: overwrite (renew) in place.
      BOOST_TEST(code(r.add(40000, "TCP", me, 7200, 40001, "", 100s)) == 0);
      got = r.get(40000, "TCP", 100s);
      BOOST_TEST(out(got, "NewInternalPort") == "40001");
      BOOST_TEST(out(got, "NewLeaseDuration") == "7200");
      BOOST_TEST(r.handler.mapping_count(t0 + 100s) == 1u);
      // Another client on the same port: 718 (secure mode off so only the conflict rule applies).
      router_config cfg;
      cfg.version = static_cast<igd_version>(v);
      cfg.secure_mode = false;
      rig open(cfg);
      BOOST_TEST(code(open.add(40000, "TCP", me)) == 0);
      BOOST_TEST(code(open.add(40000, "TCP", other)) == 718);
      BOOST_TEST(code(open.add(40000, "TCP", other, 0, 40000, "198.51.100.1")) == 718);  // other remote host too
      BOOST_TEST(code(open.add(40000, "UDP", other)) == 0);                              // other protocol is free
      BOOST_TEST(code(open.add(40000, "TCP", me, 0, 40000, "198.51.100.1")) == 0);       // own, other remote host
    }
  }
}

BOOST_AUTO_TEST_CASE(secure_mode_and_permission_denials) {
  struct row { int v; std::string client; int eport; int iport; int expected; };
  const row rows[] = {
      {1, other, 40000, 40000, 718},  // InternalClient != requester
      {2, other, 40000, 40000, 606},
      {1, me, 80, 80, 718},           // below 1024: denied by the default rules
      {2, me, 80, 80, 606},
      {2, me, 40000, 80, 606},
      {2, "10.0.0.5", 40000, 40000, 606},  // outside the LAN prefix
      {1, me, 1024, 65535, 0},
  };
  for (const auto& x : rows) {
    BOOST_TEST_CONTEXT("v" << x.v << " " << x.client << " " << x.eport << "->" << x.iport) {
      auto r = make(x.v);
      BOOST_TEST(code(r.add(x.eport, "TCP", x.client, 0, x.iport, "", 0s, "AddPortMapping", x.client == "10.0.0.5" ? x.client : me)) == x.expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(delete_semantics) {
  for (int v : {1, 2}) {
    BOOST_TEST_CONTEXT("v" << v) {
      auto r = make(v);
      BOOST_TEST(code(r.del(40000)) == 714);
      BOOST_TEST(code(r.add(40000)) == 0);
      BOOST_TEST(code(r.del(40000, "TCP", other)) == (v == 1 ? 714 : 606));
      BOOST_TEST(code(r.del(40000, "UDP")) == 714);
      const auto id = r.handler.system_update_id();
      BOOST_TEST(code(r.del(40000)) == 0);
      BOOST_TEST(r.handler.system_update_id() == id + 1);
      BOOST_TEST(code(r.get(40000)) == 714);
      BOOST_TEST(code(r.del(0)) == 402);
    }
  }
  router_config cfg;
  cfg.quirks.delete_missing_succeeds = true;
  rig q(cfg);
  BOOST_TEST(code(q.del(40000)) == 0);
}

BOOST_AUTO_TEST_CASE(generic_enumeration_compacts) {
  auto r = rig::v2();
  for (int p : {40003, 40001, 40002}) BOOST_REQUIRE(code(r.add(p, "TCP", me, 100)) == 0);
  auto walk = [&](clock::duration at) {
    std::vector<std::string> seen;
    for (int i = 0;; ++i) {
      auto e = r.call("GetGenericPortMappingEntry", {{"NewPortMappingIndex", std::to_string(i)}}, me, at);
      if (code(e)) {
        BOOST_TEST(code(e) == 713);
        break;
      }
      seen.push_back(out(e, "NewExternalPort"));
      BOOST_TEST(out(e, "NewProtocol") == "TCP");
      BOOST_TEST(out(e, "NewInternalClient") == me);
    }
    return seen;
  };
  BOOST_TEST(walk(0s) == (std::vector<std::string>{"40003", "40001", "40002"}), boost::test_tools::per_element());
  BOOST_TEST(code(r.del(40001)) == 0);
  BOOST_TEST(walk(0s) == (std::vector<std::string>{"40003", "40002"}), boost::test_tools::per_element());
  auto e = r.call("GetGenericPortMappingEntry", {{"NewPortMappingIndex", "1"}}, me, 40s);
  BOOST_TEST(out(e, "NewLeaseDuration") == "60");
  BOOST_TEST(walk(100s).empty());  // all expired exactly at their lease end
  for (const char* bad : {"x", "-1", "", "70000"})
    BOOST_TEST(code(r.call("GetGenericPortMappingEntry", {{"NewPortMappingIndex", bad}})) == 402);
  BOOST_TEST(code(r.call("GetGenericPortMappingEntry", {})) == 402);
  // An argument the action does not take is 402 too ("missing, extra, or invalid").
  BOOST_TEST(code(r.call("GetGenericPortMappingEntry", {{"NewPortMappingIndex", "0"}, {"NewExtra", "1"}})) == 402);
}

BOOST_AUTO_TEST_CASE(leases_v1_permanent_v2_clamped) {
  struct row { int v; int lease; std::string reported; };
  const row rows[] = {{1, 0, "0"}, {1, 1000000, "1000000"}, {2, 0, "604800"}, {2, 604801, "604800"}, {2, 60, "60"}};
  for (const auto& x : rows) {
    BOOST_TEST_CONTEXT("v" << x.v << " lease " << x.lease) {
      auto r = make(x.v);
      BOOST_TEST(code(r.add(40000, "TCP", me, x.lease)) == 0);
      BOOST_TEST(out(r.get(40000), "NewLeaseDuration") == x.reported);
    }
  }
  // Renewal by re-adding moves the expiry.
  auto r = rig::v1();
  BOOST_TEST(code(r.add(40000, "TCP", me, 10)) == 0);
  BOOST_TEST(code(r.add(40000, "TCP", me, 10, 40000, "", 9s)) == 0);
  BOOST_TEST(out(r.get(40000, "TCP", 15s), "NewLeaseDuration") == "4");
  BOOST_TEST(code(r.get(40000, "TCP", 19s)) == 714);
}

BOOST_AUTO_TEST_CASE(argument_errors) {
  struct row { int v; int eport; std::string proto; std::string client; int iport; std::string remote; int expected; };
  const row rows[] = {
      {1, 40000, "TCP", "", 40000, "", 715},      {2, 40000, "TCP", "*", 40000, "", 715},
      {1, 0, "TCP", me, 40000, "", 716},          {2, 0, "TCP", me, 40000, "", 716},
      {2, 40000, "TCP", me, 0, "", 732},          {1, 40000, "TCP", me, 0, "", 402},
      {2, 40000, "ICMP", me, 40000, "", 601},     {1, 40000, "ICMP", me, 40000, "", 402},
      {1, 40000, "tcp", me, 40000, "", 402},      {2, 40000, "TCP", "host.lan", 40000, "", 402},
      {2, 40000, "TCP", me, 40000, "not-an-ip", 402},
  };
  for (const auto& x : rows) {
    BOOST_TEST_CONTEXT("v" << x.v << " " << x.eport << "/" << x.proto << "/" << x.client << "/" << x.iport) {
      auto r = make(x.v);
      BOOST_TEST(code(r.add(x.eport, x.proto, x.client, 0, x.iport, x.remote, 0s, "AddPortMapping", me)) == x.expected);
    }
  }
  auto r = rig::v2();
  BOOST_TEST(code(r.call("AddPortMapping", {{"NewExternalPort", "40000"}})) == 402);
  BOOST_TEST(code(r.call("AddPortMapping", {{"NewRemoteHost", ""}, {"NewExternalPort", "4x"}, {"NewProtocol", "TCP"},
                                            {"NewInternalPort", "1"}, {"NewInternalClient", me}, {"NewEnabled", "1"},
                                            {"NewPortMappingDescription", ""}, {"NewLeaseDuration", "0"}})) == 402);
  BOOST_TEST(code(r.call("NoSuchAction", {})) == 401);
  BOOST_TEST(r.call("NoSuchAction", {}).fault->description == "Invalid Action");
  BOOST_TEST(r.handler.mapping_count(t0) == 0u);
}

BOOST_AUTO_TEST_CASE(v1_quirk_knobs) {
  struct row { const char* name; void (*set)(router_config&); int eport; int iport; int lease; std::string remote; int expected; };
  const row rows[] = {
      {"725", [](router_config& c) { c.quirks.lease = igdkit::sim::lease_policy::permanent_only_725; }, 40000, 40000, 60, "", 725},
      {"725 ok with 0", [](router_config& c) { c.quirks.lease = igdkit::sim::lease_policy::permanent_only_725; }, 40000, 40000, 0, "", 0},
      {"lease 402", [](router_config& c) { c.quirks.lease = igdkit::sim::lease_policy::permanent_only_402; }, 40000, 40000, 60, "", 402},
      {"724", [](router_config& c) { c.quirks.same_port_only = true; }, 40000, 40001, 0, "", 724},
      {"726", [](router_config& c) { c.quirks.remote_host_wildcard_only = true; }, 40000, 40000, 0, "198.51.100.1", 726},
      {"727", [](router_config& c) { c.quirks.external_port_wildcard_only = true; }, 40000, 40000, 0, "", 727},
  };
  for (const auto& x : rows) {
    BOOST_TEST_CONTEXT(x.name) {
      router_config cfg;
      cfg.version = igd_version::v1;
      x.set(cfg);
      rig r(cfg);
      BOOST_TEST(code(r.add(x.eport, "TCP", me, x.lease, x.iport, x.remote)) == x.expected);
      // The same knobs are v1-only: a v2 router ignores them.
      cfg.version = igd_version::v2;
      rig r2(cfg);
      BOOST_TEST(code(r2.add(x.eport, "TCP", me, x.lease, x.iport, x.remote)) == 0);
    }
  }
  router_config cfg;
  cfg.version = igd_version::v1;
  cfg.secure_mode = false;
  cfg.quirks.conflict = igdkit::sim::conflict_code::action_failed_501;
  cfg.quirks.protocol_case_sensitive = false;
  rig r(cfg);
  BOOST_TEST(code(r.add(40000, "tcp", me)) == 0);
  BOOST_TEST(code(r.add(40000, "TCP", other)) == 501);
}

BOOST_AUTO_TEST_CASE(table_limits) {
  for (int v : {1, 2}) {
    router_config cfg;
    cfg.version = static_cast<igd_version>(v);
    cfg.max_mappings = 3;
    cfg.max_mappings_per_client = 2;
    cfg.secure_mode = false;
    rig r(cfg);
    BOOST_TEST(code(r.add(40000, "TCP", me)) == 0);
    BOOST_TEST(code(r.add(40001, "TCP", me)) == 0);
    BOOST_TEST(code(r.add(40002, "TCP", me)) == (v == 2 ? 728 : 501));  // per client
    BOOST_TEST(code(r.add(40001, "TCP", me, 60)) == 0);                 // overwrite is not a new entry
    BOOST_TEST(code(r.add(40002, "TCP", other)) == 0);
    BOOST_TEST(code(r.add(40003, "TCP", other)) == (v == 2 ? 728 : 501));  // total
  }
}
