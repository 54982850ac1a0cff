// keeper::core against simrouter's real handler in memory, with a fake clock: renewal over hours,
// each firmware workaround through its profile, reboot and WAN address changes, conflicts with
// another host and between our own sets, restarts keeping their ports, stale cleanup, stop, a
// lost or replaced gateway, and garbage answers. No sockets.
#define BOOST_TEST_MODULE igd_keeper_core
#include "keeper_driver.hpp"

#include "igdkit/igd/keeper/candidates.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace igdkit;
using namespace igdkit::test;
using keeper::port_policy;

namespace {

keeper::mapping_set camera(std::string name, std::vector<keeper::desired_mapping> m) {
  return {std::move(name), std::move(m)};
}

// Another LAN host takes `port` (as 127.0.0.2), through its own in-memory client.
void occupy(keeper_driver& d, std::uint16_t port, protocol proto = protocol::tcp) {
  wire_stats other_stats;
  igd::client other(d.io.get_executor(), {}, in_memory_transport(*d.router, other_stats, boost::asio::ip::make_address("127.0.0.2")));
  other.open(boost::urls::url("http://127.0.0.1:49152/rootDesc.xml"));
  auto m = igd::mapping_request{};
  m.external_port = port;
  m.internal_port = port;
  m.proto = proto;
  m.internal_client = boost::asio::ip::make_address("127.0.0.2");
  m.description = "NVR";
  m.lease = std::chrono::seconds(0);
  other.add_port_mapping(m);
}

const sim::port_mapping* find(const std::vector<sim::port_mapping>& table, std::uint16_t port) {
  for (const auto& m : table)
    if (m.key.external_port == port) return &m;
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_CASE(candidate_ports_follow_the_policy) {
  BOOST_TEST((keeper::candidate_ports(80, port_policy::exact, 16, 81) == std::vector<std::uint16_t>{80}));
  BOOST_TEST((keeper::candidate_ports(80, port_policy::same_port_or_next, 3) == std::vector<std::uint16_t>{80, 81, 82}));
  BOOST_TEST((keeper::candidate_ports(80, port_policy::same_port_or_next, 3, 90) == std::vector<std::uint16_t>{90, 80, 81}));
  BOOST_TEST((keeper::candidate_ports(65535, port_policy::any, 2) == std::vector<std::uint16_t>{65535, 1024}));
}

BOOST_AUTO_TEST_CASE(maps_verifies_and_renews_for_hours) {
  keeper_driver d;
  d.core.put_set(camera("cam1", {want("onvif", 8000), want("rtsp", 554)}), d.now());
  d.run_for(1s);
  auto ups = d.all<keeper::mapping_up>();
  BOOST_REQUIRE_EQUAL(ups.size(), 2u);
  BOOST_TEST(ups[0].external_port == 8000);
  BOOST_TEST(ups[1].external_port == 554);
  BOOST_TEST(ups[0].external_ip->to_string() == "93.184.216.34");
  BOOST_TEST(ups[0].lease.count() == 3600);
  BOOST_TEST(d.table().size() == 2u);

  const auto calls_before = d.stats.calls;
  d.run_for(6h);
  // Still exactly the two mappings, never expired, and no new events over six hours.
  BOOST_TEST(d.table().size() == 2u);
  BOOST_TEST(d.all<keeper::mapping_up>().size() == 2u);
  BOOST_TEST(d.all<keeper::mapping_down>().empty());
  // Renewal at half-life: 12 renewals per mapping (add + verify), and one health check a minute
  // (GetStatusInfo + GetExternalIPAddress + one mapping read back): bounded, no spinning.
  const auto calls = d.stats.calls - calls_before;
  BOOST_TEST(calls >= 2u * 2u * 12u);
  BOOST_TEST(calls <= 2u * 2u * 13u + 3u * 361u);
  for (const auto& m : d.table()) BOOST_TEST(m.description.starts_with("igdkit: cam1/"));
}

BOOST_AUTO_TEST_CASE(stop_removes_everything_it_made) {
  keeper_driver d({"permanent-lease-only"});
  d.core.put_set(camera("cam1", {want("onvif", 8000), want("rtsp", 554)}), d.now());
  d.run_for(1s);
  BOOST_TEST(d.table().size() == 2u);
  auto ups = d.all<keeper::mapping_up>();
  BOOST_REQUIRE_EQUAL(ups.size(), 2u);
  BOOST_TEST(ups[0].lease.count() == 0);  // the router only takes permanent mappings
  BOOST_TEST((ups[0].workarounds == std::vector<std::string>{"permanent_lease"}));
  d.core.stop(d.now());
  BOOST_TEST(!d.run_for(10s));  // finished
  BOOST_TEST(d.table().empty());
  auto st = d.all<keeper::stopped>();
  BOOST_REQUIRE_EQUAL(st.size(), 1u);
  BOOST_TEST(st[0].removed == 2u);
  BOOST_TEST(st[0].left == 0u);
}

BOOST_AUTO_TEST_CASE(permanent_mapping_is_learnt_and_verified_not_renewed) {
  keeper_driver d({"permanent-lease-only"});
  d.core.put_set(camera("cam1", {want("rtsp", 554)}), d.now());
  d.run_for(1s);
  const auto calls = d.stats.calls;
  d.run_for(2h);
  // Verified once a minute (1 call) plus the health check (3 calls); never re-added with a lease
  // the router refuses (which would cost 2 calls each time).
  BOOST_TEST(d.stats.calls - calls <= 4u * 121u);
  BOOST_TEST(d.table().size() == 1u);
}

BOOST_AUTO_TEST_CASE(lease_402_router_gets_a_permanent_mapping) {
  keeper_driver d({"lease-402"});
  d.core.put_set(camera("cam1", {want("rtsp", 554)}), d.now());
  d.run_for(1s);
  auto ups = d.all<keeper::mapping_up>();
  BOOST_REQUIRE_EQUAL(ups.size(), 1u);
  BOOST_TEST(ups[0].lease.count() == 0);
  BOOST_TEST((ups[0].workarounds == std::vector<std::string>{"zero_lease_fallback"}));
  d.core.stop(d.now());
  d.run_for(10s);
  BOOST_TEST(d.table().empty());
}

BOOST_AUTO_TEST_CASE(conflict_with_another_host_moves_on_under_next_and_fails_under_exact) {
  for (const auto* profile : {"", "conflict-501"}) {
    BOOST_TEST_CONTEXT("profile " << profile) {
      keeper_driver d(profile[0] ? std::vector<std::string>{profile} : std::vector<std::string>{});
      occupy(d, 554);
      d.core.put_set(camera("cam1", {want("rtsp", 554)}), d.now());
      d.core.put_set(camera("cam2", {want("rtsp", 8554, port_policy::exact, 554)}), d.now());
      d.run_for(1s);
      auto ups = d.all<keeper::mapping_up>();
      BOOST_REQUIRE_EQUAL(ups.size(), 1u);
      BOOST_TEST(ups[0].id.set == "cam1");
      BOOST_TEST(ups[0].external_port == 555);
      auto moved = d.all<keeper::external_port_changed>();
      BOOST_REQUIRE_EQUAL(moved.size(), 1u);
      BOOST_TEST(moved[0].from == 554);
      BOOST_TEST(moved[0].to == 555);
      auto downs = d.all<keeper::mapping_down>();
      BOOST_REQUIRE_EQUAL(downs.size(), 1u);
      BOOST_TEST(downs[0].id.set == "cam2");
      // Read before adding: the owner is named, whatever code the firmware would have answered.
      BOOST_TEST((downs[0].reason == keeper::down_reason::conflict));
      BOOST_TEST(downs[0].detail.find("554 is taken by 127.0.0.2:554 'NVR'") != std::string::npos, downs[0].detail);
      // The other host's mapping is untouched.
      const auto table = d.table();
      const auto* nvr = find(table, 554);
      BOOST_REQUIRE(nvr);
      BOOST_TEST(nvr->internal_client.to_string() == "127.0.0.2");
    }
  }
}

BOOST_AUTO_TEST_CASE(conflict_501_without_the_read_first_still_moves_on) {
  // A firmware that answers 501 for an occupied port and whose GetSpecificPortMappingEntry does
  // not see the other host's entry (the read says 714): the add's 501 still moves to the next port.
  keeper_driver d({"conflict-501"});
  occupy(d, 554);
  d.intercept = [](const soap::action_request& r) -> std::optional<soap::call_outcome> {
    if (r.action != "GetSpecificPortMappingEntry") return std::nullopt;
    if (soap::find_argument(r.arguments, "NewExternalPort") != "554") return std::nullopt;
    soap::call_outcome out;
    out.ec = soap::make_upnp_error(714);
    out.response.fault = soap::upnp_fault{714, "NoSuchEntryInArray"};
    return out;
  };
  d.core.put_set(camera("cam1", {want("rtsp", 554)}), d.now());
  d.run_for(1s);
  auto ups = d.all<keeper::mapping_up>();
  BOOST_REQUIRE_EQUAL(ups.size(), 1u);
  BOOST_TEST(ups[0].external_port == 555);
}

BOOST_AUTO_TEST_CASE(another_application_on_this_host_is_not_overwritten) {
  // Two keepers on one host (two users' camera apps): the router would let the second overwrite
  // the first's mapping (same internal client); reading first keeps them apart.
  keeper_driver d;
  d.core.put_set(camera("user:alice", {want("rtsp", 8554)}), d.now());
  d.run_for(1s);
  keeper::core bob;  // a second application: its own core, same router, same host
  std::swap(d.core, bob);
  d.events.clear();
  d.core.put_set(camera("user:bob", {want("rtsp", 8654, port_policy::same_port_or_next, 8554)}), d.now());
  d.run_for(1s);
  auto ups = d.all<keeper::mapping_up>();
  BOOST_REQUIRE_EQUAL(ups.size(), 1u);
  BOOST_TEST(ups[0].external_port == 8555);
  const auto table = d.table();
  const auto* alice = find(table, 8554);
  BOOST_REQUIRE(alice);
  BOOST_TEST(alice->internal_port == 8554);
  BOOST_TEST(alice->description == "igdkit: user:alice/rtsp");
}

BOOST_AUTO_TEST_CASE(two_sets_never_fight_over_one_port) {
  keeper_driver d;
  // Per-user mode: two users' cameras both prefer 554 and 8000 on one host.
  d.core.put_set(camera("user:alice", {want("onvif", 8000), want("rtsp", 554)}), d.now());
  d.core.put_set(camera("user:bob", {want("onvif", 8000), want("rtsp", 554)}), d.now());
  d.run_for(1h);
  auto table = d.table();
  BOOST_REQUIRE_EQUAL(table.size(), 4u);
  BOOST_TEST(find(table, 554));
  BOOST_TEST(find(table, 555));
  BOOST_TEST(find(table, 8000));
  BOOST_TEST(find(table, 8001));
  BOOST_TEST(d.all<keeper::mapping_down>().empty());
  // Under exact, the second claimant is refused without touching the first one's mapping.
  d.core.put_set(camera("user:carol", {want("rtsp", 554, port_policy::exact)}), d.now());
  d.run_for(1s);
  auto downs = d.all<keeper::mapping_down>();
  BOOST_REQUIRE_EQUAL(downs.size(), 1u);
  BOOST_TEST(downs[0].detail.find("another of our mappings") != std::string::npos);
  const auto after = d.table();
  BOOST_TEST(find(after, 554)->description == "igdkit: user:alice/rtsp");
}

BOOST_AUTO_TEST_CASE(same_port_only_router_moves_the_internal_port_when_allowed) {
  keeper_driver d({"same-port-only"});
  auto cam2 = want("http", 80, port_policy::exact, 81);
  cam2.may_change_internal_port = true;
  auto cam3 = want("http", 80, port_policy::exact, 82);  // not allowed to change
  d.core.put_set(camera("cam2", {cam2}), d.now());
  d.core.put_set(camera("cam3", {cam3}), d.now());
  d.run_for(1s);
  auto ups = d.all<keeper::mapping_up>();
  BOOST_REQUIRE_EQUAL(ups.size(), 1u);
  BOOST_TEST(ups[0].external_port == 81);
  BOOST_TEST(ups[0].internal_port == 81);  // the camera must listen on 81
  BOOST_TEST((ups[0].workarounds == std::vector<std::string>{"same_port_values"}));
  auto downs = d.all<keeper::mapping_down>();
  BOOST_REQUIRE_EQUAL(downs.size(), 1u);
  BOOST_TEST(downs[0].detail.find("must listen on 82") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(other_profiles_just_work) {
  for (const auto* profile : {"case-sensitive-protocol", "miniupnpd-v2", "miniupnpd-v1", "wanppp-only", "small-table",
                              "status-up", "two-wan-devices", "external-ip-zero"}) {
    BOOST_TEST_CONTEXT("profile " << profile) {
      keeper_driver d({profile});
      auto stun = want("stun", 3478);
      stun.proto = protocol::udp;
      d.core.put_set(camera("cam1", {want("rtsp", 554), stun}), d.now());
      d.run_for(10s);
      BOOST_TEST(d.all<keeper::mapping_up>().size() == 2u);
      BOOST_TEST(d.table().size() == 2u);
      d.core.stop(d.now());
      d.run_for(10s);
      BOOST_TEST(d.table().empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(reboot_that_forgets_is_restored_within_one_check_interval) {
  keeper_driver d({"reboot-forgets"});
  d.core.put_set(camera("cam1", {want("onvif", 8000), want("rtsp", 554)}), d.now());
  d.run_for(10min);
  d.router->reboot();
  const auto rebooted_at = d.now();
  BOOST_TEST(d.table().empty());
  // Step in one-second slices to measure when both are back.
  std::optional<sim::clock::duration> restored_after;
  for (int i = 0; i < 3600 && !restored_after; ++i) {
    d.run_for(1s);
    if (d.table().size() == 2u) restored_after = d.now() - rebooted_at;
  }
  BOOST_REQUIRE(restored_after);
  BOOST_TEST_MESSAGE("reboot -> all mappings restored after " << std::chrono::duration_cast<std::chrono::seconds>(*restored_after).count() << " s (fake clock)");
  BOOST_TEST(*restored_after <= d.core.options().check_interval + 1s);
  BOOST_TEST(d.all<keeper::gateway_rebooted>().size() == 1u);
  auto ups = d.all<keeper::mapping_up>();
  BOOST_REQUIRE_EQUAL(ups.size(), 4u);
  BOOST_TEST(ups[2].restored);
  BOOST_TEST(ups[3].restored);
  BOOST_TEST(ups[2].external_port == ups[0].external_port);
}

BOOST_AUTO_TEST_CASE(reboot_noticed_by_boot_id_restores_at_once) {
  keeper_driver d({"reboot-forgets"});
  d.core.put_set(camera("cam1", {want("rtsp", 554)}), d.now());
  d.run_for(10s);
  const auto udn = d.core.gateway()->udn;
  d.core.observe_boot_id(udn, d.router->boot_id(), d.now());
  d.router->reboot();
  d.core.observe_boot_id(udn, d.router->boot_id(), d.now());
  d.run_for(1ms);
  BOOST_TEST(d.table().size() == 1u);
}

BOOST_AUTO_TEST_CASE(wan_address_change_is_an_event_and_republishes_every_mapping) {
  keeper_driver d;
  d.core.put_set(camera("cam1", {want("rtsp", 554)}), d.now());
  d.run_for(10s);
  d.router->set_external_ip(boost::asio::ip::make_address_v4("198.51.100.99"));
  d.run_for(61s);
  auto changes = d.all<keeper::external_ip_changed>();
  BOOST_REQUIRE_EQUAL(changes.size(), 1u);
  BOOST_TEST(changes[0].from->to_string() == "93.184.216.34");
  BOOST_TEST(changes[0].to->to_string() == "198.51.100.99");
  auto ups = d.all<keeper::mapping_up>();
  BOOST_REQUIRE_EQUAL(ups.size(), 2u);
  BOOST_TEST(ups[1].external_ip->to_string() == "198.51.100.99");
  // An explicit refresh notices at once.
  d.router->set_external_ip(boost::asio::ip::make_address_v4("198.51.100.100"));
  d.core.refresh(d.now());
  d.run_for(1ms);
  BOOST_TEST(d.all<keeper::external_ip_changed>().size() == 2u);
}

BOOST_AUTO_TEST_CASE(restart_gets_the_same_ports_back) {
  std::vector<keeper::remembered_port> saved;
  {
    keeper_driver d;
    occupy(d, 554);  // 554 is taken: the camera gets 555
    d.core.put_set(camera("cam1", {want("rtsp", 554)}), d.now());
    d.run_for(10s);
    saved = d.core.chosen_ports();
    BOOST_REQUIRE_EQUAL(saved.size(), 1u);
    BOOST_TEST(saved[0].external_port == 555);
  }
  // The application restarts (the router was power-cycled meanwhile and 554 is free again):
  // it asks for 555 first, so the NVR's bookmark keeps working.
  keeper_driver d({}, {}, saved);
  d.core.put_set(camera("cam1", {want("rtsp", 554)}), d.now());
  d.run_for(10s);
  auto ups = d.all<keeper::mapping_up>();
  BOOST_REQUIRE_EQUAL(ups.size(), 1u);
  BOOST_TEST(ups[0].external_port == 555);
}

BOOST_AUTO_TEST_CASE(stale_mappings_of_an_earlier_run_are_removed_others_kept) {
  keeper_driver first;
  first.core.put_set(camera("old-camera", {want("rtsp", 554)}), first.now());
  first.core.put_set(camera("cam1", {want("onvif", 8000)}), first.now());
  first.run_for(10s);
  auto saved = first.core.chosen_ports();
  BOOST_REQUIRE_EQUAL(saved.size(), 2u);
  // The same router, a new run that no longer wants old-camera (the first run crashed: no stop).
  keeper_driver d;
  d.router = std::move(first.router);
  d.core = keeper::core({}, saved);
  occupy(d, 9000);  // someone else's mapping, not in our state: never touched
  d.core.put_set(camera("cam1", {want("onvif", 8000)}), d.now());
  d.run_for(10s);
  auto table = d.table();
  BOOST_TEST(!find(table, 554));
  BOOST_TEST(find(table, 8000));
  BOOST_TEST(find(table, 9000));
}

BOOST_AUTO_TEST_CASE(stale_entry_now_owned_by_another_host_is_left_alone) {
  keeper_driver d;
  keeper::remembered_port old{{"gone", "rtsp"}, protocol::tcp, 554, boost::asio::ip::make_address_v4("127.0.0.1"), 554, true};
  occupy(d, 554);  // 127.0.0.2 holds 554 now
  d.core = keeper::core({}, {old});
  d.core.put_set(camera("cam1", {want("onvif", 8000)}), d.now());
  d.run_for(10s);
  const auto table = d.table();
  BOOST_TEST(find(table, 554));
}

BOOST_AUTO_TEST_CASE(lost_gateway_backs_off_then_restores_everything) {
  keeper_driver d;
  d.core.put_set(camera("cam1", {want("onvif", 8000), want("rtsp", 554)}), d.now());
  d.run_for(10s);
  d.stats.unreachable = true;
  d.core.refresh(d.now());
  const auto calls = d.stats.calls + d.stats.gets;
  d.run_for(30min);
  // Exponential backoff up to retry_max (300 s): a few dozen attempts in 30 minutes, not thousands.
  BOOST_TEST(d.stats.calls + d.stats.gets - calls <= 40u);
  BOOST_TEST(d.all<keeper::gateway_lost>().size() == 1u);
  BOOST_TEST(d.all<keeper::mapping_down>().size() == 2u);
  d.router->reboot();  // meanwhile the router lost nothing (reboot keeps the table by default)
  d.router->handler().model().mappings.clear();  // ... but say it did
  d.stats.unreachable = false;
  d.run_for(301s);
  BOOST_TEST(d.table().size() == 2u);
  auto ups = d.all<keeper::mapping_up>();
  BOOST_REQUIRE_EQUAL(ups.size(), 4u);
  BOOST_TEST(ups[3].restored);
}

BOOST_AUTO_TEST_CASE(replaced_gateway_is_reported_and_gets_every_mapping) {
  keeper_driver d;
  d.core.put_set(camera("cam1", {want("rtsp", 554)}), d.now());
  d.run_for(10s);
  auto old_udn = d.core.gateway()->udn;
  d.stats.unreachable = true;
  d.core.refresh(d.now());
  d.run_for(1s);
  auto o = keeper_router_options(d.clock);
  o.layout.root_uuid = "11111111-2222-4333-8444-555555555555";
  d.router = std::make_unique<sim::router>(d.io.get_executor(), o);
  d.stats.unreachable = false;
  d.run_for(10s);
  auto found = d.all<keeper::gateway_found>();
  BOOST_REQUIRE_EQUAL(found.size(), 2u);
  BOOST_TEST(found[1].replaced);
  BOOST_TEST(found[1].udn != old_udn);
  BOOST_TEST(d.table().size() == 1u);
}

BOOST_AUTO_TEST_CASE(garbage_mid_renewal_is_an_event_never_a_lost_mapping) {
  keeper_driver d;
  d.core.put_set(camera("cam1", {want("rtsp", 554)}), d.now());
  d.run_for(10s);
  // The router answers one renewal with garbage: the keeper treats the gateway as lost,
  // rediscovers it and puts the mapping back.
  bool garbled = false;
  d.intercept = [&garbled](const soap::action_request& r) -> std::optional<soap::call_outcome> {
    if (garbled || r.action != "AddPortMapping") return std::nullopt;
    garbled = true;
    return soap::read_call_reply(200, "<s:Envelope>\x01 not xml", r, 65536);
  };
  d.run_for(2h);
  BOOST_TEST(garbled);
  BOOST_TEST(d.all<keeper::gateway_lost>().size() == 1u);
  BOOST_TEST(d.table().size() == 1u);
  BOOST_TEST(d.all<keeper::mapping_up>().back().restored);
}

BOOST_AUTO_TEST_CASE(a_low_port_refused_by_the_default_rules_says_why) {
  keeper_driver d;
  auto o = keeper_router_options(d.clock);
  o.lan_from_address = true;  // simrouter's default rules: 1024-65535 only, as miniupnpd's
  d.router = std::make_unique<sim::router>(d.io.get_executor(), o);
  d.core.put_set(camera("cam1", {want("http", 80, port_policy::exact)}), d.now());
  d.run_for(1s);
  auto downs = d.all<keeper::mapping_down>();
  BOOST_REQUIRE_EQUAL(downs.size(), 1u);
  BOOST_TEST((downs[0].reason == keeper::down_reason::router_refused));
  BOOST_TEST((downs[0].error == soap::upnp_errc::action_not_authorized));
  BOOST_TEST(downs[0].detail.find("1024-65535") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(removing_a_set_deletes_only_its_mappings) {
  keeper_driver d;
  d.core.put_set(camera("user:alice", {want("rtsp", 554)}), d.now());
  d.core.put_set(camera("user:bob", {want("rtsp", 554)}), d.now());
  d.run_for(10s);
  d.core.remove_set("user:alice", d.now());
  d.run_for(10s);
  auto table = d.table();
  BOOST_REQUIRE_EQUAL(table.size(), 1u);
  BOOST_TEST(table[0].description == "igdkit: user:bob/rtsp");
  BOOST_TEST(d.core.chosen_ports().size() == 1u);
}
