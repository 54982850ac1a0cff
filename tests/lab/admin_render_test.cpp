#include <boost/test/unit_test.hpp>

#include "igdkit/sim/admin_api.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <limits>

using namespace igdkit::sim;
using namespace std::chrono_literals;
namespace admin = igdkit::sim::admin;
namespace http = boost::beast::http;
namespace ip = boost::asio::ip;
namespace json = boost::json;

namespace {

// Compares as JSON values, and prints both on failure.
void expect_json(const json::value& actual, std::string_view expected_text) {
  const auto expected = json::parse(expected_text);
  BOOST_TEST(actual == expected, "\n actual:   " << json::serialize(actual) << "\n expected: " << json::serialize(expected));
}

public_endpoint endpoint(igdkit::protocol proto = igdkit::protocol::tcp) {
  public_endpoint e;
  e.route.proto = proto;
  e.route.public_ip = ip::make_address_v4("203.0.113.10");
  e.route.public_port = 8080;
  e.route.target.internal_client = ip::make_address_v4("127.0.0.1");
  e.route.target.internal_port = 8081;
  e.route.target.description = "web";
  e.loopback_address = ip::make_address("127.0.0.1");
  e.loopback_port = 40123;
  return e;
}

mapping_view leased_view() {
  mapping_view v;
  v.mapping.key = {ip::make_address_v4("198.51.100.7"), 8080, igdkit::protocol::udp};
  v.mapping.internal_client = ip::make_address_v4("127.0.0.1");
  v.mapping.internal_port = 8081;
  v.mapping.enabled = false;
  v.mapping.description = "game \"server\"";
  v.mapping.expires_at = clock::time_point{} + 1h;
  v.remaining = 3599s;
  v.reachable = false;
  v.reason = "disabled";
  return v;
}

}  // namespace

BOOST_AUTO_TEST_CASE(fault_set_json_shape_and_round_trip) {
  expect_json(admin::to_json(fault_set{}), R"({"ssdp":{"drop":false,"delay_ms":0,"copies":1},
      "http":{"delay_ms":0,"action":"none","control_only":true,"times":null},"answering":true,"wan_link_down":false})");

  std::vector<fault_set> samples(5);
  samples[1].ssdp = {true, 1500ms, 4};
  samples[2].http = {250ms, http_fault_action::reset, false, 3u};
  samples[3].http.action = http_fault_action::status_500_empty;
  samples[3].answering = false;
  samples[3].wan_link_down = true;
  samples[4].http.action = http_fault_action::truncate_body;
  samples[4].http.times = 1u;
  for (const auto& f : samples) {
    std::string message;
    const auto back = admin::parse_faults(admin::to_json(f), &message);
    BOOST_REQUIRE_MESSAGE(back.has_value(), message);
    BOOST_TEST((*back == f), json::serialize(admin::to_json(f)));
  }
}

BOOST_AUTO_TEST_CASE(parse_faults_reports_codes_and_messages) {
  std::string message;
  auto r = admin::parse_faults(json::parse(R"({"ssdp":{"drop":1}})"), &message);
  BOOST_TEST((r.error() == config_errc::bad_field));
  BOOST_TEST(message == R"(field "ssdp.drop": must be true or false, got 1)");
  r = admin::parse_faults(json::parse(R"({"http":{},"extra":1})"), &message);
  BOOST_TEST((r.error() == config_errc::unknown_field));
  BOOST_TEST(message == R"(unknown field "extra")");
  r = admin::parse_faults(json::parse("[]"), &message);
  BOOST_TEST((r.error() == config_errc::not_an_object));
  r = admin::parse_faults(json::parse(R"({"ssdp":{"delay_ms":600001}})"));  // no message wanted
  BOOST_TEST((r.error() == config_errc::bad_field));
}

BOOST_AUTO_TEST_CASE(public_endpoint_shape) {
  expect_json(admin::to_json(endpoint()),
              R"({"protocol":"TCP","public":"203.0.113.10:8080","loopback":"127.0.0.1:40123","internal":"127.0.0.1:8081"})");
  auto v6 = endpoint(igdkit::protocol::udp);
  v6.loopback_address = ip::make_address("::1");
  expect_json(admin::to_json(v6),
              R"({"protocol":"UDP","public":"203.0.113.10:8080","loopback":"[::1]:40123","internal":"127.0.0.1:8081"})");
}

BOOST_AUTO_TEST_CASE(mapping_view_shape) {
  expect_json(admin::to_json(leased_view()), R"({"protocol":"UDP","external_port":8080,"remote_host":"198.51.100.7",
      "internal_client":"127.0.0.1","internal_port":8081,"enabled":false,"description":"game \"server\"",
      "lease_remaining_s":3599,"reachable":false,"reason":"disabled","endpoint":null})");

  mapping_view permanent;
  permanent.mapping.key = {std::nullopt, 8080, igdkit::protocol::tcp};
  permanent.mapping.internal_client = ip::make_address_v4("127.0.0.1");
  permanent.mapping.internal_port = 8081;
  permanent.reachable = true;
  permanent.reason = "forwarded";
  permanent.endpoint = endpoint();
  const auto j = admin::to_json(permanent);
  BOOST_TEST(j.at("remote_host").is_null());
  BOOST_TEST(j.at("lease_remaining_s").is_null());  // permanent, not "0 seconds left"
  BOOST_TEST(j.at("endpoint") == admin::to_json(endpoint()));
  BOOST_TEST(j.at("reachable").as_bool());
}

BOOST_AUTO_TEST_CASE(lab_snapshot_shape) {
  lab_snapshot s;
  s.mode = nat_mode::double_nat;
  s.profiles = {"miniupnpd-2.3", "reboot-forgets"};
  s.wan_ip = ip::make_address_v4("192.168.1.10");
  s.public_ip = ip::make_address_v4("203.0.113.30");
  s.home.location = "http://127.0.0.1:5000/rootDesc.xml";
  s.home.ssdp = "127.0.0.1:1900";
  s.home.version = igd_version::v1;
  s.home.external_ip = ip::make_address_v4("192.168.1.10");
  s.home.connection_status = "Connected";
  s.home.boot_id = 3;
  s.home.system_update_id = 7;
  s.home.mappings = {leased_view()};
  s.home.subscriptions = {{"uuid:s1", "/evt/IPConn", "http://192.168.1.10:49200/notify", 1799s, 3, 0}};
  s.public_endpoints = {endpoint()};
  s.faults.answering = false;
  s.admin = "http://127.0.0.1:6000/";
  s.stun = "127.0.0.1:3478";

  auto j = admin::to_json(s);
  expect_json(j.at("home"), std::string(R"({"location":"http://127.0.0.1:5000/rootDesc.xml","ssdp":"127.0.0.1:1900",
      "igd_version":1,"external_ip":"192.168.1.10","connection_status":"Connected","boot_id":3,"system_update_id":7,
      "mappings":[)") + json::serialize(admin::to_json(leased_view())) + R"(],
      "subscriptions":[{"sid":"uuid:s1","event_path":"/evt/IPConn","callback":"http://192.168.1.10:49200/notify",
      "remaining_s":1799,"next_seq":3,"failures":0}]})");
  BOOST_TEST(j.at("mode") == "double-nat");
  BOOST_TEST(j.at("profiles") == json::parse(R"(["miniupnpd-2.3","reboot-forgets"])"));
  BOOST_TEST(j.at("wan_ip") == "192.168.1.10");
  BOOST_TEST(j.at("public_ip") == "203.0.113.30");
  BOOST_TEST(j.at("upstream").is_null());
  BOOST_TEST(j.at("public_endpoints") == json::array{admin::to_json(endpoint())});
  BOOST_TEST(j.at("faults") == admin::to_json(s.faults));
  BOOST_TEST(j.at("admin") == "http://127.0.0.1:6000/");
  BOOST_TEST(j.at("stun") == "127.0.0.1:3478");
  BOOST_TEST(j.as_object().size() == 10u);

  s.upstream = router_snapshot{};
  s.upstream->external_ip.reset();
  j = admin::to_json(s);
  BOOST_TEST(j.at("upstream").at("external_ip").is_null());
  BOOST_TEST(j.at("upstream").at("igd_version") == 2);
  BOOST_TEST(j.at("upstream").at("mappings").as_array().empty());
}

BOOST_AUTO_TEST_CASE(probe_result_shape) {
  probe_result miss;
  miss.reason = "carrier NAT 203.0.113.20: no forwarding";
  miss.hops = {"carrier NAT 203.0.113.20"};
  expect_json(admin::to_json(miss), R"({"reachable":false,"reason":"carrier NAT 203.0.113.20: no forwarding",
      "rtt_ms":null,"hops":["carrier NAT 203.0.113.20"],"endpoint":null})");

  probe_result hit;
  hit.reachable = true;
  hit.reason = "echoed";
  hit.rtt_ms = 0.25;
  hit.endpoint = endpoint();
  const auto j = admin::to_json(hit);
  BOOST_TEST(j.at("rtt_ms").as_double() == 0.25);
  BOOST_TEST(j.at("endpoint") == admin::to_json(endpoint()));
  BOOST_TEST(j.at("hops").as_array().empty());

  hit.rtt_ms = std::numeric_limits<double>::quiet_NaN();
  BOOST_TEST(admin::to_json(hit).at("rtt_ms").is_null());  // JSON has no NaN
}

BOOST_AUTO_TEST_CASE(utc_timestamps) {
  using namespace std::chrono;
  BOOST_TEST(admin::format_utc(system_clock::time_point{}) == "1970-01-01T00:00:00.000Z");
  const auto t = sys_days{year{2026} / November / 21} + 18h + 6min + 30s + 123ms + 999us;
  BOOST_TEST(admin::format_utc(t) == "2026-11-21T18:06:30.123Z");  // truncated, not rounded
  BOOST_TEST(admin::format_utc(system_clock::time_point{} - 1ms) == "1969-12-31T23:59:59.999Z");
  BOOST_TEST(admin::format_utc(sys_days{year{2024} / February / 29} + 23h + 59min + 59s) == "2024-02-29T23:59:59.000Z");
}

BOOST_AUTO_TEST_CASE(log_and_small_bodies) {
  using namespace std::chrono;
  const std::vector<log_entry> entries{
      {system_clock::time_point{} + 1s, "soap", "127.0.0.1", "POST /ctl/IPConn AddPortMapping", 500, 718},
      {system_clock::time_point{} + 2s, "ssdp", "127.0.0.2", "M-SEARCH ssdp:all", 0, std::nullopt}};
  expect_json(admin::log_json(entries), R"({"entries":[
      {"at":"1970-01-01T00:00:01.000Z","kind":"soap","peer":"127.0.0.1","detail":"POST /ctl/IPConn AddPortMapping","status":500,"upnp_error":718},
      {"at":"1970-01-01T00:00:02.000Z","kind":"ssdp","peer":"127.0.0.2","detail":"M-SEARCH ssdp:all","status":0,"upnp_error":null}]})");
  expect_json(admin::log_json({}), R"({"entries":[]})");
  expect_json(admin::wan_ip_json(ip::make_address_v4("100.64.0.10"), ip::make_address_v4("203.0.113.20")),
              R"({"wan_ip":"100.64.0.10","public_ip":"203.0.113.20"})");
  expect_json(admin::boot_json(42), R"({"boot_id":42})");
}

BOOST_AUTO_TEST_CASE(json_and_error_responses) {
  igdkit::http_request request{http::verb::get, "/state", 10};
  request.keep_alive(true);
  auto res = admin::json_response(http::status::ok, admin::boot_json(5), request);
  BOOST_TEST(res.result_int() == 200u);
  BOOST_TEST(res.version() == 10u);
  BOOST_TEST(res.keep_alive());
  BOOST_TEST(res[http::field::content_type] == "application/json");
  BOOST_TEST(res[http::field::content_length] == std::to_string(res.body().size()));
  BOOST_TEST(json::parse(res.body()) == admin::boot_json(5));

  igdkit::http_request close{http::verb::put, "/faults", 11};
  close.keep_alive(false);
  admin::request_error error{http::status::method_not_allowed, "method PUT is not allowed on /faults",
                             {http::verb::get, http::verb::post, http::verb::delete_}};
  res = admin::error_response(error, close);
  BOOST_TEST(res.result_int() == 405u);
  BOOST_TEST(!res.keep_alive());
  BOOST_TEST(res[http::field::allow] == "GET, POST, DELETE");
  BOOST_TEST(res[http::field::content_type] == "application/json");
  expect_json(json::parse(res.body()), R"({"error":"method PUT is not allowed on /faults"})");

  res = admin::error_response({http::status::not_found, "no such resource /x", {}}, close);
  BOOST_TEST(res.result_int() == 404u);
  BOOST_TEST((res.find(http::field::allow) == res.end()));

  // A parse error renders end to end as a 400 JSON body naming the field.
  igdkit::http_request bad{http::verb::post, "/probe", 11};
  bad.body() = R"({"protocol":"TCP","ip":"1.2.3.4","port":0})";
  bad.prepare_payload();
  const auto parsed = admin::parse_request(bad);
  BOOST_REQUIRE(std::holds_alternative<admin::request_error>(parsed));
  res = admin::error_response(std::get<admin::request_error>(parsed), bad);
  BOOST_TEST(res.result_int() == 400u);
  expect_json(json::parse(res.body()), R"({"error":"field \"port\": must be an integer 1..65535, got 0"})");

  // A query key percent-decodes to any byte; the body stays valid JSON (UTF-8), with U+FFFD for
  // each byte that is not well-formed UTF-8 and real UTF-8 kept as it is.
  igdkit::http_request odd{http::verb::get, "/log?%CA%FF=1&x", 11};
  const auto refused = admin::parse_request(odd);
  BOOST_REQUIRE(std::holds_alternative<admin::request_error>(refused));
  res = admin::error_response(std::get<admin::request_error>(refused), odd);
  BOOST_TEST(res.result_int() == 400u);
  boost::system::error_code ec;
  const auto body = json::parse(res.body(), ec);
  BOOST_TEST_REQUIRE(!ec, "not JSON: " << res.body());
  BOOST_TEST(std::string(body.at("error").as_string()).find("\"\xEF\xBF\xBD\xEF\xBF\xBD\"") != std::string::npos);
  res = admin::error_response({http::status::not_found, "no route for /caf\xC3\xA9", {}}, odd);
  expect_json(json::parse(res.body()), "{\"error\":\"no route for /caf\xC3\xA9\"}");
}
