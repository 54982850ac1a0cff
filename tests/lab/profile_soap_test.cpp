// Profiles that change SOAP semantics, seen over real loopback HTTP: every case asks the same
// question of the profiled router and of a spec-default one and asserts the difference.
#define BOOST_TEST_MODULE lab_profiles_soap
#include "profile_rig.hpp"

#include "igdkit/igd/actions/port_listing.hpp"
#include "igdkit/igd/client.hpp"

#include <atomic>
#include <memory>

using namespace igdkit;
using namespace igdkit::sim;
using namespace igdkit::sim::test;
using namespace std::chrono_literals;

namespace {

router_options insecure(router_options o = {}) {
  o.config.secure_mode = false;  // lets one test client speak for 127.0.0.2 to provoke conflicts
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(miniupnpd_v2_deviations) {
  running_router plain(router_options{});
  running_router mini(with_profiles({"miniupnpd-v2"}));
  BOOST_REQUIRE(!plain.start_error());
  BOOST_REQUIRE(!mini.start_error());
  const auto plain_ctl = plain.url("/ctl/IPConn");
  const auto ctl = mini.url("/ctl/IPConn");

  // DeletePortMapping of a missing entry: 714 by the spec, 200 from miniupnpd.
  BOOST_TEST(upnp_code(soap_call(plain_ctl, key_request(wanip2, "DeletePortMapping", 41000))) == 714);
  BOOST_TEST(upnp_code(soap_call(ctl, key_request(wanip2, "DeletePortMapping", 41000))) == 0);

  // Protocol: "SCTP" and "tcp" are 601 by the spec; miniupnpd installs both as TCP.
  BOOST_TEST(upnp_code(soap_call(plain_ctl, add_request(wanip2, 41001, 41001, "SCTP"))) == 601);
  BOOST_TEST(upnp_code(soap_call(plain_ctl, add_request(wanip2, 41001, 41001, "tcp"))) == 601);
  BOOST_TEST(upnp_code(soap_call(ctl, add_request(wanip2, 41001, 41001, "SCTP"))) == 0);
  BOOST_TEST(upnp_code(soap_call(ctl, add_request(wanip2, 41002, 41002, "udp"))) == 0);
  auto sctp = soap_call(ctl, key_request(wanip2, "GetSpecificPortMappingEntry", 41001, "TCP"));
  BOOST_TEST(upnp_code(sctp) == 0);
  BOOST_TEST(upnp_code(soap_call(ctl, key_request(wanip2, "GetSpecificPortMappingEntry", 41002, "UDP"))) == 0);

  // NewRemoteHost ignored: the entry is stored as a wildcard and found under "".
  BOOST_TEST(upnp_code(soap_call(ctl, add_request(wanip2, 41003, 41003, "TCP", "0", "198.51.100.9"))) == 0);
  BOOST_TEST(upnp_code(soap_call(ctl, key_request(wanip2, "GetSpecificPortMappingEntry", 41003))) == 0);
  BOOST_TEST(upnp_code(soap_call(plain_ctl, add_request(wanip2, 41003, 41003, "TCP", "0", "198.51.100.9"))) == 0);
  BOOST_TEST(upnp_code(soap_call(plain_ctl, key_request(wanip2, "GetSpecificPortMappingEntry", 41003))) == 714);
  const auto entries = mini.on_router([](router& r) { return r.mappings(); });
  BOOST_REQUIRE(entries.size() == 3u);
  for (const auto& m : entries) BOOST_TEST(!m.key.remote_host.has_value());

  // Secure mode, another client's address: 606 on a spec IGD:2, 718 from miniupnpd.
  BOOST_TEST(upnp_code(soap_call(plain_ctl, add_request(wanip2, 41004, 41004, "TCP", "0", "", "127.0.0.2"))) == 606);
  BOOST_TEST(upnp_code(soap_call(ctl, add_request(wanip2, 41004, 41004, "TCP", "0", "", "127.0.0.2"))) == 718);

  // Lease 0 on IGD:2 becomes the 604800 s maximum (spec and miniupnpd agree).
  auto lease = soap_call(ctl, key_request(wanip2, "GetSpecificPortMappingEntry", 41001));
  BOOST_TEST(argument(lease, "NewLeaseDuration") == "604800");

  // GetListOfPortMappings with nothing in range: 730 by the spec, an empty list from miniupnpd.
  const soap::action_request list{wanip2,
                                  "GetListOfPortMappings",
                                  {{"NewStartPort", "50000"},
                                   {"NewEndPort", "50010"},
                                   {"NewProtocol", "TCP"},
                                   {"NewManage", "1"},
                                   {"NewNumberOfPorts", "0"}}};
  BOOST_TEST(upnp_code(soap_call(plain_ctl, list)) == 730);
  auto empty = soap_call(ctl, list);
  BOOST_REQUIRE(upnp_code(empty) == 0);
  auto listed = igd::parse_port_listing(argument(empty, "NewPortListing"));
  BOOST_REQUIRE(listed.has_value());
  BOOST_TEST(listed->empty());
}

BOOST_AUTO_TEST_CASE(miniupnpd_v1_is_the_same_firmware_on_igd1) {
  running_router rr(with_profiles({"miniupnpd-v1"}));
  BOOST_REQUIRE(!rr.start_error());
  igd::client c(asio::system_executor{});
  std::error_code ec;
  const auto g = c.open(rr.location(), ec);
  BOOST_REQUIRE_MESSAGE(!ec, ec.message());
  BOOST_TEST(g.version.version == 1u);
  BOOST_TEST(g.connection.connection.service_type == wanip1);
  const auto ctl = rr.url("/ctl/IPConn");
  BOOST_TEST(upnp_code(soap_call(ctl, key_request(wanip1, "DeletePortMapping", 41000))) == 0);  // 714 by the spec
  BOOST_TEST(upnp_code(soap_call(ctl, add_request(wanip1, 41001, 41001, "SCTP"))) == 0);        // 402 by the spec
  // IGD:2-only actions do not exist here.
  BOOST_TEST(upnp_code(soap_call(ctl, {wanip1, "GetListOfPortMappings", {}})) == 401);
}

BOOST_AUTO_TEST_CASE(lease_refusing_profiles) {
  struct lease_case {
    std::string profile;
    int code;
  };
  for (const auto& c : {lease_case{"permanent-lease-only", 725}, lease_case{"lease-402", 402}}) {
    running_router rr(with_profiles({c.profile}));
    BOOST_REQUIRE(!rr.start_error());
    const auto ctl = rr.url("/ctl/IPConn");
    BOOST_TEST(upnp_code(soap_call(ctl, add_request(wanip1, 42000, 42000, "TCP", "3600"))) == c.code, c.profile);
    BOOST_TEST(upnp_code(soap_call(ctl, add_request(wanip1, 42000, 42000, "TCP", "0"))) == 0, c.profile);
    // The project's client gets its mapping through its workaround (permanent lease).
    igd::client client(asio::system_executor{});
    client.open(rr.location());
    igd::mapping_request m;
    m.external_port = m.internal_port = 42001;
    m.internal_client = asio::ip::make_address("127.0.0.1");
    m.lease = 3600s;
    const auto r = client.add_port_mapping(m);
    BOOST_TEST(r.lease.count() == 0, c.profile);
    BOOST_TEST(r.attempts == 2u, c.profile);
  }
}

BOOST_AUTO_TEST_CASE(conflict_501_instead_of_718) {
  for (const bool profiled : {false, true}) {
    running_router rr(profiled ? with_profiles({"conflict-501"}, insecure()) : insecure());
    BOOST_REQUIRE(!rr.start_error());
    const auto ctl = rr.url("/ctl/IPConn");
    BOOST_REQUIRE(upnp_code(soap_call(ctl, add_request(wanip2, 43000, 43000))) == 0);
    const auto taken = soap_call(ctl, add_request(wanip2, 43000, 43000, "TCP", "0", "", "127.0.0.2"));
    BOOST_TEST(upnp_code(taken) == (profiled ? 501 : 718));
  }
}

BOOST_AUTO_TEST_CASE(same_port_only_refuses_cross_mapping) {
  running_router rr(with_profiles({"same-port-only"}));
  BOOST_REQUIRE(!rr.start_error());
  const auto ctl = rr.url("/ctl/IPConn");
  BOOST_TEST(upnp_code(soap_call(ctl, add_request(wanip1, 44000, 44001))) == 724);
  BOOST_TEST(upnp_code(soap_call(ctl, add_request(wanip1, 44000, 44000))) == 0);
  running_router plain(with_profiles({"miniupnpd-v1"}));  // IGD:1 too, but cross-maps
  BOOST_REQUIRE(!plain.start_error());
  BOOST_TEST(upnp_code(soap_call(plain.url("/ctl/IPConn"), add_request(wanip1, 44000, 44001))) == 0);
}

BOOST_AUTO_TEST_CASE(case_sensitive_protocol_accepts_only_tcp_and_udp) {
  running_router strict(with_profiles({"case-sensitive-protocol"}));
  running_router lax(with_profiles({"miniupnpd-v2"}));
  BOOST_REQUIRE(!strict.start_error());
  BOOST_REQUIRE(!lax.start_error());
  for (const std::string proto : {"tcp", "Udp", "SCTP"}) {
    BOOST_TEST(upnp_code(soap_call(strict.url("/ctl/IPConn"), add_request(wanip2, 45000, 45000, proto))) == 601, proto);
    BOOST_TEST(upnp_code(soap_call(lax.url("/ctl/IPConn"), add_request(wanip2, 45000, 45000, proto))) == 0, proto);
  }
  BOOST_TEST(upnp_code(soap_call(strict.url("/ctl/IPConn"), add_request(wanip2, 45000, 45000, "UDP"))) == 0);
}

BOOST_AUTO_TEST_CASE(small_table_fills_at_four) {
  running_router rr(with_profiles({"small-table"}));
  BOOST_REQUIRE(!rr.start_error());
  const auto ctl = rr.url("/ctl/IPConn");
  for (std::uint16_t p = 46000; p < 46004; ++p) BOOST_TEST(upnp_code(soap_call(ctl, add_request(wanip2, p, p))) == 0);
  BOOST_TEST(upnp_code(soap_call(ctl, add_request(wanip2, 46004, 46004))) == 728);
  BOOST_TEST(upnp_code(soap_call(ctl, add_request(wanip2, 46001, 46001))) == 0);  // replacing one still works
  BOOST_TEST(rr.on_router([](router& r) { return r.mappings().size(); }) == 4u);

  // Combined with the IGD:1 miniupnpd build: full is 501 (IGD:1 has no 728).
  running_router v1(with_profiles({"miniupnpd-v1", "small-table"}));
  BOOST_REQUIRE(!v1.start_error());
  for (std::uint16_t p = 46000; p < 46004; ++p)
    BOOST_TEST(upnp_code(soap_call(v1.url("/ctl/IPConn"), add_request(wanip1, p, p))) == 0);
  BOOST_TEST(upnp_code(soap_call(v1.url("/ctl/IPConn"), add_request(wanip1, 46004, 46004))) == 501);
}

BOOST_AUTO_TEST_CASE(status_up_wording_and_the_client_still_sees_a_connection) {
  running_router rr(with_profiles({"status-up"}));
  BOOST_REQUIRE(!rr.start_error());
  const auto status = soap_call(rr.url("/ctl/IPConn"), no_args(wanip2, "GetStatusInfo"));
  BOOST_TEST(argument(status, "NewConnectionStatus") == "Up");
  igd::client c(asio::system_executor{});
  const auto g = c.open(rr.location());
  BOOST_TEST(g.status.connection_status == "Up");
  BOOST_TEST((g.rank == igd::igd_status::connected_reserved));  // connected; 203.0.113.7 is TEST-NET
}

BOOST_AUTO_TEST_CASE(external_ip_zero_while_connecting_after_boot_and_reboot) {
  // A fake clock, advanced by the test: no sleeping through the 2 s connect delay.
  auto offset = std::make_shared<std::atomic<std::int64_t>>(0);
  const auto base = clock::now();
  router_options o = with_profiles({"external-ip-zero"});
  o.now = [base, offset] { return base + std::chrono::milliseconds(offset->load()); };
  running_router rr(o);
  BOOST_REQUIRE(!rr.start_error());
  const auto ctl = rr.url("/ctl/IPConn");
  const auto observe = [&] {
    return std::pair{argument(soap_call(ctl, no_args(wanip2, "GetStatusInfo")), "NewConnectionStatus"),
                     argument(soap_call(ctl, no_args(wanip2, "GetExternalIPAddress")), "NewExternalIPAddress")};
  };
  BOOST_TEST((observe() == std::pair<std::string, std::string>{"Connecting", "0.0.0.0"}));
  *offset = 1999;
  BOOST_TEST((observe() == std::pair<std::string, std::string>{"Connecting", "0.0.0.0"}));
  *offset = 2000;
  BOOST_TEST((observe() == std::pair<std::string, std::string>{"Connected", "203.0.113.7"}));
  *offset = 5000;
  BOOST_TEST(argument(soap_call(ctl, no_args(wanip2, "GetStatusInfo")), "NewUptime") == "3");

  rr.on_router([](router& r) { return r.reboot(); });
  BOOST_TEST((observe() == std::pair<std::string, std::string>{"Connecting", "0.0.0.0"}));
  *offset = 7000;
  BOOST_TEST((observe() == std::pair<std::string, std::string>{"Connected", "203.0.113.7"}));
}

BOOST_AUTO_TEST_CASE(reboot_forgets_mappings_and_bumps_bootid) {
  for (const bool profiled : {false, true}) {
    running_router rr(profiled ? with_profiles({"reboot-forgets"}) : router_options{});
    BOOST_REQUIRE(!rr.start_error());
    const auto ctl = rr.url("/ctl/IPConn");
    BOOST_REQUIRE(upnp_code(soap_call(ctl, add_request(wanip2, 47000, 47000))) == 0);
    const auto before = unicast_search(rr.ssdp(), ssdp::search_target::root_device());
    BOOST_REQUIRE(before.size() == 1u);
    rr.on_router([](router& r) { return r.reboot(); });
    const auto after = unicast_search(rr.ssdp(), ssdp::search_target::root_device());
    BOOST_REQUIRE(after.size() == 1u);
    BOOST_TEST(after[0].response.boot_id.value_or(0) == before[0].response.boot_id.value_or(0) + 1);
    const auto kept = soap_call(ctl, key_request(wanip2, "GetSpecificPortMappingEntry", 47000));
    BOOST_TEST(upnp_code(kept) == (profiled ? 714 : 0));
  }
}
