// igd::client end to end against an embedded simrouter on 127.0.0.1: unicast discovery, open,
// every overload shape, v1/v2 routing, workarounds and router errors with their descriptions.
#define BOOST_TEST_MODULE igd_client_sim
#include <boost/test/unit_test.hpp>

#include "sim_rig.hpp"

#include "igdkit/igd/client.hpp"
#include "igdkit/sim/router.hpp"
#include "igdkit/ssdp/error.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <thread>

namespace asio = boost::asio;
using namespace igdkit;
using igdkit::test::mapping;
using igdkit::test::rig;
using namespace std::chrono_literals;

namespace {

const auto loopback = asio::ip::make_address("127.0.0.1");

}  // namespace

BOOST_AUTO_TEST_CASE(discover_by_unicast_returns_ranked_gateway_early) {
  rig s(sim::igd_version::v2);
  igd::client c(asio::system_executor{});
  igd::discover_options o;
  o.search.unicast = s.router->ssdp_endpoint();
  // A search window far longer than any loaded loopback answer: discovery that waited for the
  // window instead of returning on the first good answer takes at least all of it. That is a
  // yes/no fact, not a speed target (a speed target would flake on a loaded 2-core ASan run).
  o.search.timeout = 30s;
  const auto t0 = std::chrono::steady_clock::now();
  std::error_code ec;
  auto g = c.discover(o, ec);
  const auto took = std::chrono::steady_clock::now() - t0;
  BOOST_REQUIRE_MESSAGE(!ec, ec.message());
  BOOST_TEST((g.rank == igd::igd_status::connected_public));
  BOOST_TEST(g.version.version == 2u);
  BOOST_TEST(g.status.connection_status == "Connected");
  BOOST_REQUIRE(g.external_ip);
  BOOST_TEST(g.external_ip->to_string() == "93.184.216.34");
  BOOST_TEST(!g.usn.empty());
  BOOST_TEST((took < o.search.timeout), "discover waited out the search window: returned after "
                                            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                                            << " ms");
}

BOOST_AUTO_TEST_CASE(discover_nothing_answers) {
  igd::client c(asio::system_executor{});
  igd::discover_options o;
  o.search.unicast = asio::ip::udp::endpoint(loopback, 9);  // discard port: nobody answers
  o.search.timeout = 300ms;
  std::error_code ec;
  c.discover(o, ec);
  BOOST_TEST((ec == igd::errc::no_igd_found));
  BOOST_TEST(!c.current());
  BOOST_TEST((c.external_ip(ec), ec == igd::errc::no_igd_found));  // no gateway yet
}

BOOST_AUTO_TEST_CASE(v1_add_get_list_delete_and_v2_only_refused) {
  rig s(sim::igd_version::v1);
  igd::client c(asio::system_executor{});
  auto g = c.open(s.url());
  BOOST_TEST(g.version.version == 1u);
  auto r = c.add_port_mapping(mapping(40000));
  BOOST_TEST(r.external_port == 40000);
  BOOST_TEST(r.attempts == 1u);
  auto e = c.get_port_mapping({40000, protocol::tcp});
  BOOST_TEST(e.internal_port == 40000);
  BOOST_TEST(e.internal_client.to_string() == "127.0.0.1");
  BOOST_TEST(e.description == "test");
  c.add_port_mapping(mapping(40001));
  auto list = c.list_mappings();  // generic walk until 713
  BOOST_TEST(list.size() == 2u);
  std::error_code ec;
  c.add_any_port_mapping(mapping(40002), ec);
  BOOST_TEST((ec == igd::errc::not_supported_by_service));
  c.invoke<igd::delete_port_mapping_range>({1, 65535, protocol::tcp, true}, ec);
  BOOST_TEST((ec == igd::errc::not_supported_by_service));
  c.delete_port_mapping({40000, protocol::tcp});
  BOOST_TEST(c.list_mappings().size() == 1u);
  igd::diagnostics d;
  c.delete_port_mapping({40000, protocol::tcp}, ec, &d);
  BOOST_TEST((ec == igd::upnp_errc::no_such_entry_in_array));
  BOOST_TEST(d.upnp_code == 714);
  BOOST_TEST(!d.description.empty());
}

BOOST_AUTO_TEST_CASE(v2_add_any_listing_range_and_services) {
  rig s(sim::igd_version::v2);
  igd::client c(asio::system_executor{});
  c.open(s.url());
  c.add_port_mapping(mapping(41000));
  auto any = c.add_any_port_mapping(mapping(41000, "127.0.0.2"));  // taken: the router picks another
  BOOST_TEST(any.external_port != 0);
  BOOST_TEST(any.external_port != 41000);
  BOOST_TEST(c.list_mappings().size() == 2u);  // GetListOfPortMappings
  c.invoke<igd::delete_port_mapping_range>({1, 65535, protocol::tcp, true});
  BOOST_TEST(c.list_mappings().empty());  // 730 "nothing there" is an empty list
  auto link = c.invoke<igd::get_common_link_properties>({});
  BOOST_TEST(!link.wan_access_type.empty());
  auto fw = c.invoke<igd::get_firewall_status>({});
  BOOST_TEST(fw.firewall_enabled);
}

BOOST_AUTO_TEST_CASE(conflict_is_upnp_718_with_description_in_every_shape) {
  rig s(sim::igd_version::v1);
  igd::client c(asio::system_executor{});
  c.open(s.url());
  c.add_port_mapping(mapping(42000, "127.0.0.1"));
  std::error_code ec;
  igd::diagnostics d;
  c.add_port_mapping(mapping(42000, "127.0.0.2"), ec, &d);
  BOOST_TEST((ec == igd::upnp_errc::conflict_in_mapping_entry));
  BOOST_TEST(d.upnp_code == 718);
  BOOST_TEST(!d.description.empty());
  try {
    c.add_port_mapping(mapping(42000, "127.0.0.2"));
    BOOST_FAIL("no exception");
  } catch (const std::system_error& e) {
    BOOST_TEST((e.code() == igd::upnp_errc::conflict_in_mapping_entry));
    BOOST_TEST(std::string(e.what()).find(d.description) != std::string::npos);
  }
  // Opt in: on v1 the policy walks to the next external port.
  auto m = mapping(42000, "127.0.0.2");
  m.workarounds.other_external_port = true;
  auto r = c.add_port_mapping(m);
  BOOST_TEST(r.external_port == 42001);
  BOOST_REQUIRE(r.applied.size() == 1u);
  BOOST_TEST((r.applied[0] == igd::workaround::other_external_port));
}

BOOST_AUTO_TEST_CASE(permanent_only_router_gets_lease_zero) {
  for (auto policy : {sim::lease_policy::permanent_only_725, sim::lease_policy::permanent_only_402}) {
    rig s(sim::igd_version::v1, policy);
    igd::client c(asio::system_executor{});
    c.open(s.url());
    auto r = c.add_port_mapping(mapping(43000));
    BOOST_TEST(r.lease.count() == 0);
    BOOST_TEST(r.attempts == 2u);
    BOOST_REQUIRE(r.applied.size() == 1u);
    BOOST_TEST((r.applied[0] == (policy == sim::lease_policy::permanent_only_725 ? igd::workaround::permanent_lease
                                                                                 : igd::workaround::zero_lease_fallback)));
  }
}

BOOST_AUTO_TEST_CASE(async_overloads_with_completion_tokens) {
  rig s(sim::igd_version::v2);
  igd::client c(s.io.get_executor());  // shares the router's io_context thread
  // The completion's error is Asio's boost::system::error_code, so use_future yields the value
  // and carries a failure as an exception, as for any Asio operation.
  auto g = c.async_open(s.url(), asio::use_future).get();
  BOOST_TEST(g.version.version == 2u);
  auto ip = c.async_invoke<igd::get_external_ip_address>({}, asio::use_future).get();
  BOOST_TEST(ip.external_ip.has_value());
  auto missing = c.async_get_port_mapping({44444, protocol::udp}, asio::use_future);
  try {
    missing.get();
    BOOST_ERROR("GetSpecificPortMappingEntry of a missing mapping succeeded");
  } catch (const boost::system::system_error& e) {
    BOOST_TEST((e.code() == igd::upnp_errc::no_such_entry_in_array), e.code().message());
  }
  igd::diagnostics d;
  std::promise<std::error_code> done;
  c.async_invoke<igd::delete_port_mapping>(igd::port_mapping_key{{}, 44444, protocol::udp}, d,
                                           [&](std::error_code ec, igd::no_arguments) { done.set_value(ec); });
  auto ec = done.get_future().get();
  BOOST_TEST((ec == igd::upnp_errc::no_such_entry_in_array));
  BOOST_TEST(d.upnp_code == 714);
}

BOOST_AUTO_TEST_CASE(local_address_on_the_route) {
  auto a = igd::local_address_towards(boost::urls::url("http://127.0.0.1:5000/rootDesc.xml"));
  BOOST_REQUIRE(a);
  BOOST_TEST(a->to_string() == "127.0.0.1");
  BOOST_TEST((igd::local_address_towards(boost::urls::url("http://router.lan/x")).error() == igd::errc::invalid_url));
}
