// The admin API over real HTTP on loopback, against an in-process lab: every route's JSON as a
// client reads it, its effect on what an IGD client or the Internet side observes, and the
// error answers (404, 405 with Allow, 400 naming the problem). The admin socket is 127.0.0.1 only.
#define BOOST_TEST_MODULE lab_admin_http
#include <boost/test/unit_test.hpp>

#include "lab_process.hpp"
#include "lab_rig.hpp"

#include "igdkit/igd/client.hpp"

#include <boost/asio/system_executor.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <string>

namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
using namespace igdkit;
using namespace igdkit::sim::test;
using namespace std::chrono_literals;

namespace {

igd::mapping_request to_echo(std::uint16_t external, std::uint16_t internal) {
  igd::mapping_request m;
  m.external_port = external;
  m.internal_port = internal;
  m.internal_client = asio::ip::address(loopback_v4);
  m.description = "admin-http";
  return m;
}

struct lab_under_test {
  explicit lab_under_test(sim::lab_options o = {}) : rig(std::move(o)) {
    BOOST_REQUIRE_MESSAGE(!rig.start_error(), rig.start_detail());
    admin = rig.on_lab([](sim::lab& l) { return l.admin_url(); });
    BOOST_REQUIRE(!admin.empty());
    client.open(rig.description_url());
  }
  http_reply call(http::verb v, std::string_view target, std::string body = {}) {
    return admin_call(admin, v, target, std::move(body));
  }
  // A 200 application/json answer's document.
  json::object ok(http::verb v, std::string_view target, std::string body = {}) {
    auto r = call(v, target, std::move(body));
    BOOST_REQUIRE_MESSAGE(!r.ec, r.ec.message());
    BOOST_REQUIRE_MESSAGE(r.status == 200u, target << " -> " << r.status << " " << r.body);
    BOOST_TEST(r.content_type.starts_with("application/json"));
    return r.json().as_object();
  }

  running_lab rig;
  boost::urls::url admin;
  igd::client client{asio::system_executor{}};
};

sim::lab_options cgnat_lab() {
  sim::lab_options o;
  o.topology = sim::default_topology(sim::nat_mode::cgnat);
  return o;
}

const json::object* find_mapping(const json::object& router, std::int64_t port) {
  for (const auto& m : router.at("mappings").as_array())
    if (m.as_object().at("external_port").to_number<std::int64_t>() == port) return &m.as_object();
  return nullptr;
}

// The error answer's shape: the status, JSON content type, and {"error": "..."} naming `words`.
void expect_error(const http_reply& r, unsigned status, std::string_view words) {
  BOOST_REQUIRE_MESSAGE(!r.ec, r.ec.message());
  BOOST_TEST(r.status == status);
  BOOST_TEST(r.content_type.starts_with("application/json"));
  const auto doc = r.json();
  BOOST_REQUIRE(doc.is_object());
  BOOST_REQUIRE(doc.as_object().contains("error"));
  const std::string message(doc.as_object().at("error").as_string());
  BOOST_TEST(message.find(words) != std::string::npos, "error message: " << message);
}

}  // namespace

BOOST_AUTO_TEST_CASE(state_shows_mode_wan_ip_and_a_new_mapping_with_its_public_endpoint) {
  lab_under_test t;
  auto state = t.ok(http::verb::get, "/state");
  BOOST_TEST(state.at("mode").as_string() == "nat");
  BOOST_TEST(state.at("wan_ip").as_string() == "203.0.113.10");
  BOOST_TEST(state.at("public_ip").as_string() == "203.0.113.10");
  BOOST_TEST(state.at("admin").as_string() == std::string(t.admin.buffer()));
  BOOST_TEST(find_mapping(state.at("home").as_object(), 42001) == nullptr);

  t.client.add_port_mapping(to_echo(42001, t.rig.tcp_echo_port()));
  state = t.ok(http::verb::get, "/state");
  const auto* m = find_mapping(state.at("home").as_object(), 42001);
  BOOST_REQUIRE(m != nullptr);
  BOOST_TEST(m->at("protocol").as_string() == "TCP");
  BOOST_TEST(m->at("internal_client").as_string() == "127.0.0.1");
  BOOST_TEST(m->at("internal_port").to_number<int>() == t.rig.tcp_echo_port());
  BOOST_TEST(m->at("description").as_string() == "admin-http");
  BOOST_TEST(m->at("reachable").as_bool());
  BOOST_REQUIRE(m->at("endpoint").is_object());
  const auto& ep = m->at("endpoint").as_object();
  BOOST_TEST(ep.at("public").as_string() == "203.0.113.10:42001");
  BOOST_TEST(ep.at("internal").as_string() == "127.0.0.1:" + std::to_string(t.rig.tcp_echo_port()));
  BOOST_TEST(std::string(ep.at("loopback").as_string()).starts_with("127."));
  // The same endpoint in the lab-wide list.
  const auto& all = state.at("public_endpoints").as_array();
  BOOST_TEST(std::count(all.begin(), all.end(), m->at("endpoint")) == 1);
}

// Beyond the eager budget a mapping has no endpoint until one is asked for; POST /endpoint
// opens it and says where to connect, or why nothing can be reached.
BOOST_AUTO_TEST_CASE(endpoint_opens_on_demand_beyond_the_eager_budget) {
  sim::lab_options o;
  o.eager_endpoints = 0;
  lab_under_test t(o);
  t.client.add_port_mapping(to_echo(42005, t.rig.tcp_echo_port()));
  auto state = t.ok(http::verb::get, "/state");
  BOOST_TEST(state.at("public_endpoints").as_array().empty());
  const auto& m = state.at("home").at("mappings").as_array().at(0).as_object();
  BOOST_TEST(m.at("reachable").as_bool());
  BOOST_TEST(m.at("endpoint").is_null());

  auto r = t.ok(http::verb::post, "/endpoint", R"({"protocol":"TCP","ip":"203.0.113.10","port":42005})");
  BOOST_REQUIRE_MESSAGE(r.at("endpoint").is_object(), r.at("reason"));
  BOOST_TEST(r.at("endpoint").at("public").as_string() == "203.0.113.10:42005");
  BOOST_TEST(std::string(r.at("endpoint").at("loopback").as_string()).starts_with("127."));
  state = t.ok(http::verb::get, "/state");
  BOOST_TEST(state.at("public_endpoints").as_array().size() == 1u);
  BOOST_TEST(state.at("home").at("mappings").as_array().at(0).at("endpoint") == r.at("endpoint"));

  auto none = t.ok(http::verb::post, "/endpoint", R"({"protocol":"TCP","ip":"203.0.113.10","port":42006})");
  BOOST_TEST(none.at("endpoint").is_null());
  BOOST_TEST(std::string(none.at("reason").as_string()).find("no port mapping") != std::string::npos, none.at("reason"));
}

BOOST_AUTO_TEST_CASE(probe_tcp_reachable_in_nat_and_not_in_cgnat) {
  {
    lab_under_test t;
    t.client.add_port_mapping(to_echo(42002, t.rig.tcp_echo_port()));
    auto r = t.ok(http::verb::post, "/probe", R"({"protocol":"TCP","ip":"203.0.113.10","port":42002,"timeout_ms":1000})");
    BOOST_TEST(r.at("reachable").as_bool(), r.at("reason"));
    BOOST_TEST(r.at("rtt_ms").is_number());
    BOOST_TEST(r.at("endpoint").is_object());
    BOOST_TEST(!r.at("hops").as_array().empty());
    // Nothing is mapped on this port.
    auto none = t.ok(http::verb::post, "/probe", R"({"protocol":"TCP","ip":"203.0.113.10","port":42003})");
    BOOST_TEST(!none.at("reachable").as_bool());
  }
  {
    lab_under_test t(cgnat_lab());
    t.client.add_port_mapping(to_echo(42002, t.rig.tcp_echo_port()));  // accepted by the home router ...
    auto r = t.ok(http::verb::post, "/probe", R"({"protocol":"TCP","ip":"203.0.113.20","port":42002})");
    BOOST_TEST(!r.at("reachable").as_bool());  // ... but the carrier NAT does not forward
    BOOST_TEST(!r.at("reason").as_string().empty());
    BOOST_TEST(r.at("rtt_ms").is_null());
    BOOST_TEST(r.at("endpoint").is_null());
    auto state = t.ok(http::verb::get, "/state");
    BOOST_TEST(state.at("mode").as_string() == "cgnat");
    BOOST_TEST(state.at("wan_ip").as_string() == "100.64.0.10");
    BOOST_TEST(state.at("public_ip").as_string() == "203.0.113.20");
    const auto* m = find_mapping(state.at("home").as_object(), 42002);
    BOOST_REQUIRE(m != nullptr);
    BOOST_TEST(!m->at("reachable").as_bool());
    BOOST_TEST(m->at("endpoint").is_null());
  }
}

BOOST_AUTO_TEST_CASE(wan_ip_post_then_get_and_the_client_follows) {
  lab_under_test t;
  auto before = t.ok(http::verb::get, "/wan-ip");
  BOOST_TEST(before.at("wan_ip").as_string() == "203.0.113.10");
  auto set = t.ok(http::verb::post, "/wan-ip", R"({"ip":"203.0.113.50"})");
  BOOST_TEST(set.at("wan_ip").as_string() == "203.0.113.50");
  BOOST_TEST(set.at("public_ip").as_string() == "203.0.113.50");  // nat: the Internet sees the WAN address
  auto after = t.ok(http::verb::get, "/wan-ip");
  BOOST_TEST(after == set);
  auto ip = t.client.external_ip();
  BOOST_REQUIRE(ip.has_value());
  BOOST_TEST(ip->to_string() == "203.0.113.50");
  expect_error(t.call(http::verb::post, "/wan-ip", R"({"ip":"not-an-address"})"), 400, "ip");
}

BOOST_AUTO_TEST_CASE(reboot_returns_the_new_boot_id) {
  lab_under_test t;
  const auto id = t.ok(http::verb::get, "/state").at("home").as_object().at("boot_id").to_number<std::int64_t>();
  auto r = t.ok(http::verb::post, "/reboot");
  BOOST_TEST(r.at("boot_id").to_number<std::int64_t>() == id + 1);
  auto again = t.ok(http::verb::post, "/reboot", "{}");
  BOOST_TEST(again.at("boot_id").to_number<std::int64_t>() == id + 2);
  BOOST_TEST(t.ok(http::verb::get, "/state").at("home").as_object().at("boot_id").to_number<std::int64_t>() == id + 2);
}

BOOST_AUTO_TEST_CASE(faults_post_get_delete_round_trip) {
  lab_under_test t;
  const auto defaults = t.ok(http::verb::get, "/faults");
  BOOST_TEST(defaults.at("answering").as_bool());
  BOOST_TEST(defaults.at("http").as_object().at("action").as_string() == "none");
  BOOST_TEST(defaults.at("http").as_object().at("times").is_null());

  auto set = t.ok(http::verb::post, "/faults",
                  R"({"ssdp":{"copies":2,"delay_ms":10},"http":{"action":"status_500_empty","times":2,"control_only":true}})");
  BOOST_TEST(set.at("ssdp").as_object().at("copies").to_number<int>() == 2);
  BOOST_TEST(set.at("ssdp").as_object().at("delay_ms").to_number<int>() == 10);
  BOOST_TEST(set.at("ssdp").as_object().at("drop").as_bool() == false);  // missing = default
  BOOST_TEST(set.at("http").as_object().at("action").as_string() == "status_500_empty");
  BOOST_TEST(set.at("http").as_object().at("times").to_number<int>() == 2);
  BOOST_TEST(set.at("answering").as_bool());
  BOOST_TEST(t.ok(http::verb::get, "/faults") == set);
  // In force: a SOAP call now gets the bare 500.
  std::error_code ec;
  igd::diagnostics d;
  t.client.external_ip(ec, &d);
  BOOST_TEST(static_cast<bool>(ec));
  BOOST_TEST(d.upnp_code == 0);
  // One of the two uses is spent.
  BOOST_TEST(t.ok(http::verb::get, "/faults").at("http").as_object().at("times").to_number<int>() == 1);

  auto cleared = t.ok(http::verb::delete_, "/faults");
  BOOST_TEST(cleared == defaults);
  BOOST_TEST(t.ok(http::verb::get, "/faults") == defaults);
  BOOST_TEST(t.client.external_ip().has_value());
}

BOOST_AUTO_TEST_CASE(log_shows_the_soap_add_port_mapping) {
  lab_under_test t;
  t.client.add_port_mapping(to_echo(42004, t.rig.tcp_echo_port()));
  auto log = t.ok(http::verb::get, "/log?limit=50");
  const auto& entries = log.at("entries").as_array();
  BOOST_TEST(entries.size() <= 50u);
  bool found = false;
  for (const auto& e : entries) {
    const auto& o = e.as_object();
    if (o.at("kind").as_string() != "soap") continue;
    const std::string detail(o.at("detail").as_string());
    if (detail.find("AddPortMapping") == std::string::npos) continue;
    found = true;
    BOOST_TEST(detail.starts_with("POST "));
    BOOST_TEST(o.at("status").to_number<int>() == 200);
    BOOST_TEST(o.at("upnp_error").is_null());
    BOOST_TEST(o.at("peer").as_string() == "127.0.0.1");
    BOOST_TEST(std::string(o.at("at").as_string()).ends_with("Z"));
  }
  BOOST_TEST(found, "no soap AddPortMapping entry in " << json::serialize(log));
  // A refused mapping is logged with its UPnP error code.
  auto other = to_echo(42004, t.rig.tcp_echo_port());
  other.internal_client = asio::ip::make_address("127.0.0.2");  // secure mode: not the requester
  std::error_code ec;
  t.client.add_port_mapping(other, ec);
  BOOST_REQUIRE(static_cast<bool>(ec));
  auto last = t.ok(http::verb::get, "/log?limit=1").at("entries").as_array();
  BOOST_REQUIRE_EQUAL(last.size(), 1u);
  BOOST_TEST(last[0].as_object().at("upnp_error").is_number());
}

BOOST_AUTO_TEST_CASE(errors_404_405_400_are_json) {
  lab_under_test t;
  expect_error(t.call(http::verb::get, "/nope"), 404, "/nope");

  auto r = t.call(http::verb::delete_, "/state");
  expect_error(r, 405, "");
  BOOST_TEST(r.allow.find("GET") != std::string::npos, "Allow: " << r.allow);
  auto r2 = t.call(http::verb::put, "/faults", "{}");
  expect_error(r2, 405, "");
  for (const char* m : {"GET", "POST", "DELETE"}) BOOST_TEST(r2.allow.find(m) != std::string::npos, "Allow: " << r2.allow);

  expect_error(t.call(http::verb::post, "/faults", "{\"ssdp\": "), 400, "invalid JSON");
  expect_error(t.call(http::verb::post, "/faults", R"({"http":{"action":"explode"}})"), 400, "http.action");
  expect_error(t.call(http::verb::post, "/faults", R"({"bogus":1})"), 400, "bogus");
  expect_error(t.call(http::verb::post, "/probe", R"({"protocol":"SCTP","ip":"203.0.113.10","port":1})"), 400,
               "protocol");
  expect_error(t.call(http::verb::get, "/log?limit=lots"), 400, "limit");
  // Nothing above changed the faults.
  BOOST_TEST(t.ok(http::verb::get, "/faults").at("http").as_object().at("action").as_string() == "none");
}

BOOST_AUTO_TEST_CASE(admin_socket_is_bound_to_127_0_0_1_only) {
  lab_under_test t;
  BOOST_TEST(t.admin.host() == "127.0.0.1");
  // Another loopback address reaches any socket bound to the wildcard; this one must refuse.
  const asio::ip::tcp::endpoint other(asio::ip::make_address("127.0.0.2"), t.admin.port_number());
  auto r = http_exchange(other, http::verb::get, "/state", {}, 2000ms);
  BOOST_TEST((r.ec == asio::error::connection_refused), r.ec.message());
  BOOST_TEST(r.status == 0u);
}
