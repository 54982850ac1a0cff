#define BOOST_TEST_MODULE lab_admin_api
#include <boost/test/unit_test.hpp>

#include "igdkit/sim/admin_api.hpp"

#include <string>

using namespace igdkit::sim;
namespace admin = igdkit::sim::admin;
namespace http = boost::beast::http;
namespace ip = boost::asio::ip;

namespace {

using parse_outcome = std::variant<admin::command, admin::request_error>;

parse_outcome parse(http::verb method, const std::string& target, std::string body = {}) {
  igdkit::http_request request{method, target, 11};
  request.body() = std::move(body);
  request.prepare_payload();
  return admin::parse_request(request);
}

template <class Command>
Command expect_command(const parse_outcome& outcome) {
  if (const auto* error = std::get_if<admin::request_error>(&outcome)) {
    BOOST_FAIL("expected a command, got " << static_cast<unsigned>(error->status) << ": " << error->message);
  }
  const auto* command = std::get_if<Command>(&std::get<admin::command>(outcome));
  BOOST_REQUIRE_MESSAGE(command, "wrong command type, index " << std::get<admin::command>(outcome).index());
  return *command;
}

admin::request_error expect_error(const parse_outcome& outcome, http::status status) {
  const auto* error = std::get_if<admin::request_error>(&outcome);
  BOOST_REQUIRE_MESSAGE(error, "expected an error, got a command");
  BOOST_TEST(static_cast<unsigned>(error->status) == static_cast<unsigned>(status), error->message);
  return *error;
}

// A 400 whose message contains `text`.
void expect_bad(const parse_outcome& outcome, std::string_view text) {
  const auto error = expect_error(outcome, http::status::bad_request);
  BOOST_TEST(error.message.find(text) != std::string::npos, "message: " << error.message << " / wanted: " << text);
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_route_maps_to_its_command) {
  expect_command<admin::get_state>(parse(http::verb::get, "/state"));
  expect_command<admin::get_wan_ip>(parse(http::verb::get, "/wan-ip"));
  expect_command<admin::reboot>(parse(http::verb::post, "/reboot"));
  expect_command<admin::reboot>(parse(http::verb::post, "/reboot", "{}"));
  expect_command<admin::reboot>(parse(http::verb::post, "/reboot", " { } \n"));
  expect_command<admin::get_faults>(parse(http::verb::get, "/faults"));
  expect_command<admin::clear_faults>(parse(http::verb::delete_, "/faults"));
  BOOST_TEST((expect_command<admin::set_faults>(parse(http::verb::post, "/faults", "{}")).faults == fault_set{}));
  BOOST_TEST(expect_command<admin::get_log>(parse(http::verb::get, "/log")).limit == admin::default_log_limit);
  // An empty query is no query.
  expect_command<admin::get_state>(parse(http::verb::get, "/state?"));
}

BOOST_AUTO_TEST_CASE(log_limit_query) {
  BOOST_TEST(expect_command<admin::get_log>(parse(http::verb::get, "/log?limit=5")).limit == 5u);
  BOOST_TEST(expect_command<admin::get_log>(parse(http::verb::get, "/log?limit=0")).limit == 0u);
  BOOST_TEST(expect_command<admin::get_log>(parse(http::verb::get, "/log?limit=10000")).limit == 10000u);
  const std::string_view range = "query parameter \"limit\": must be an integer 0..10000";
  for (const char* target : {"/log?limit=10001", "/log?limit=-1", "/log?limit=abc", "/log?limit=", "/log?limit",
                             "/log?limit=5x", "/log?limit=99999999999999999999999"}) {
    BOOST_TEST_CONTEXT(target) { expect_bad(parse(http::verb::get, target), range); }
  }
  expect_bad(parse(http::verb::get, "/log?limit=5&limit=6"), "\"limit\" is given twice");
  expect_bad(parse(http::verb::get, "/log?lmit=5"), "query parameter \"lmit\" is not supported");
}

BOOST_AUTO_TEST_CASE(probe_body) {
  auto p = expect_command<admin::probe>(
      parse(http::verb::post, "/probe", R"({"protocol":"UDP","ip":"203.0.113.10","port":8080,"timeout_ms":500})"));
  BOOST_TEST((p.request.proto == igdkit::protocol::udp));
  BOOST_TEST(p.request.ip == ip::make_address_v4("203.0.113.10"));
  BOOST_TEST(p.request.port == 8080);
  BOOST_TEST(p.request.timeout.value().count() == 500);

  // Lenient protocol spelling for people typing curl commands; timeout optional or null.
  p = expect_command<admin::probe>(parse(http::verb::post, "/probe", R"({"protocol":"tcp","ip":"1.2.3.4","port":1})"));
  BOOST_TEST((p.request.proto == igdkit::protocol::tcp));
  BOOST_TEST(!p.request.timeout.has_value());
  p = expect_command<admin::probe>(
      parse(http::verb::post, "/probe", R"({"protocol":"TCP","ip":"1.2.3.4","port":65535,"timeout_ms":null})"));
  BOOST_TEST(!p.request.timeout.has_value());
  BOOST_TEST(p.request.port == 65535);
}

BOOST_AUTO_TEST_CASE(endpoint_body) {
  auto e = expect_command<admin::open_endpoint>(
      parse(http::verb::post, "/endpoint", R"({"protocol":"UDP","ip":"203.0.113.10","port":8080})"));
  BOOST_TEST((e.proto == igdkit::protocol::udp));
  BOOST_TEST(e.ip == ip::make_address_v4("203.0.113.10"));
  BOOST_TEST(e.port == 8080);
  const auto post = [](std::string body) { return parse(http::verb::post, "/endpoint", std::move(body)); };
  expect_bad(post(R"({"protocol":"TCP","ip":"1.2.3.4"})"), R"(field "port": required)");
  expect_bad(post(R"({"protocol":"TCP","ip":"1.2.3.4","port":80,"timeout_ms":5})"), R"(unknown field "timeout_ms")");
  expect_error(parse(http::verb::get, "/endpoint"), http::status::method_not_allowed);
}

BOOST_AUTO_TEST_CASE(probe_body_errors_name_the_field) {
  const auto post = [](std::string body) { return parse(http::verb::post, "/probe", std::move(body)); };
  expect_bad(post(R"({"ip":"1.2.3.4","port":80})"), R"(field "protocol": required)");
  expect_bad(post(R"({"protocol":"TCP","port":80})"), R"(field "ip": required)");
  expect_bad(post(R"({"protocol":"TCP","ip":"1.2.3.4"})"), R"(field "port": required)");
  expect_bad(post(R"({"protocol":"SCTP","ip":"1.2.3.4","port":80})"), R"(field "protocol": must be "TCP" or "UDP", got "SCTP")");
  expect_bad(post(R"({"protocol":6,"ip":"1.2.3.4","port":80})"), R"(field "protocol": must be "TCP" or "UDP", got 6)");
  expect_bad(post(R"({"protocol":"TCP","ip":"203.0.113","port":80})"), R"(field "ip": must be an IPv4 address)");
  expect_bad(post(R"({"protocol":"TCP","ip":"::1","port":80})"), R"(field "ip": must be an IPv4 address)");
  expect_bad(post(R"({"protocol":"TCP","ip":"1.2.3.4\u0000x","port":80})"), R"(field "ip": must be an IPv4 address)");
  // The message shows what was sent (doubles in their shortest form).
  for (auto [port, shown] : {std::pair{"0", "0"}, {"65536", "65536"}, {"-1", "-1"}, {"\"80\"", "\"80\""},
                             {"80.5", "80.5"}, {"true", "true"}, {"null", "null"}, {"1e3", "1000"}, {"[80]", "an array"}}) {
    BOOST_TEST_CONTEXT(port) {
      expect_bad(post(std::string(R"({"protocol":"TCP","ip":"1.2.3.4","port":)") + port + "}"),
                 std::string(R"(field "port": must be an integer 1..65535, got )") + shown);
    }
  }
  for (const char* timeout : {"0", "60001", "\"500\""}) {
    BOOST_TEST_CONTEXT(timeout) {
      expect_bad(post(std::string(R"({"protocol":"TCP","ip":"1.2.3.4","port":80,"timeout_ms":)") + timeout + "}"),
                 R"(field "timeout_ms": must be an integer 1..60000)");
    }
  }
  expect_bad(post(R"({"protocol":"TCP","ip":"1.2.3.4","port":80,"prot":"x"})"), R"(unknown field "prot")");
}

BOOST_AUTO_TEST_CASE(wan_ip_body) {
  auto c = expect_command<admin::set_wan_ip>(parse(http::verb::post, "/wan-ip", R"({"ip":"198.51.100.20"})"));
  BOOST_TEST(c.wan_ip == ip::make_address_v4("198.51.100.20"));
  BOOST_TEST(!c.public_ip.has_value());
  c = expect_command<admin::set_wan_ip>(
      parse(http::verb::post, "/wan-ip", R"({"ip":"100.64.0.20","public_ip":"203.0.113.99"})"));
  BOOST_TEST(c.public_ip.value() == ip::make_address_v4("203.0.113.99"));
  c = expect_command<admin::set_wan_ip>(parse(http::verb::post, "/wan-ip", R"({"ip":"100.64.0.20","public_ip":null})"));
  BOOST_TEST(!c.public_ip.has_value());

  expect_bad(parse(http::verb::post, "/wan-ip", R"({"public_ip":"1.2.3.4"})"), R"(field "ip": required)");
  expect_bad(parse(http::verb::post, "/wan-ip", R"({"ip":"1.2.3.256"})"), R"(field "ip": must be an IPv4 address ("a.b.c.d"), got "1.2.3.256")");
  expect_bad(parse(http::verb::post, "/wan-ip", R"({"ip":"1.2.3.4","public_ip":4})"), R"(field "public_ip": must be an IPv4 address)");
  expect_bad(parse(http::verb::post, "/wan-ip", R"({"ip":"1.2.3.4","wan":"1.2.3.4"})"), R"(unknown field "wan")");
}

BOOST_AUTO_TEST_CASE(faults_body) {
  const auto c = expect_command<admin::set_faults>(parse(http::verb::post, "/faults", R"({
      "ssdp":{"drop":true,"delay_ms":250,"copies":3},
      "http":{"delay_ms":100,"action":"truncate_body","control_only":false,"times":2},
      "answering":false})"));
  BOOST_TEST(c.faults.ssdp.drop);
  BOOST_TEST(c.faults.ssdp.delay.count() == 250);
  BOOST_TEST(c.faults.ssdp.copies == 3u);
  BOOST_TEST(c.faults.http.delay.count() == 100);
  BOOST_TEST((c.faults.http.action == http_fault_action::truncate_body));
  BOOST_TEST(!c.faults.http.control_only);
  BOOST_TEST(c.faults.http.times.value() == 2u);
  BOOST_TEST(!c.faults.answering);

  // Missing fields are defaults, not "keep the current value".
  const auto partial = expect_command<admin::set_faults>(parse(http::verb::post, "/faults", R"({"http":{"action":"reset"}})"));
  fault_set expected;
  expected.http.action = http_fault_action::reset;
  BOOST_TEST((partial.faults == expected));

  expect_bad(parse(http::verb::post, "/faults", R"({"http":{"dely_ms":5}})"), R"(unknown field "http.dely_ms")");
  expect_bad(parse(http::verb::post, "/faults", R"({"http":{"action":"explode"}})"),
             R"(field "http.action": must be one of "none", "reset", "truncate_body", "status_500_empty", got "explode")");
  expect_bad(parse(http::verb::post, "/faults", R"({"http":{"times":0}})"), R"(field "http.times": must be null (until cleared) or an integer 1..)");
  expect_bad(parse(http::verb::post, "/faults", R"({"ssdp":true})"), R"(field "ssdp": must be an object, got true)");
  expect_bad(parse(http::verb::post, "/faults", R"({"ssdp":{"copies":0}})"), R"(field "ssdp.copies": must be an integer 1..100, got 0)");
  expect_bad(parse(http::verb::post, "/faults", R"({"answering":"yes"})"), R"(field "answering": must be true or false, got "yes")");
}

BOOST_AUTO_TEST_CASE(unknown_paths_are_404) {
  for (const char* target : {"/", "/nope", "/state/", "/STATE", "/st%61te", "/faults/ssdp"}) {
    BOOST_TEST_CONTEXT(target) {
      const auto e = expect_error(parse(http::verb::get, target), http::status::not_found);
      BOOST_TEST(e.message.find("no such resource") != std::string::npos);
      BOOST_TEST(e.message.find("/state") != std::string::npos);  // lists what exists
    }
  }
}

BOOST_AUTO_TEST_CASE(wrong_method_is_405_with_allow) {
  auto e = expect_error(parse(http::verb::post, "/state", "{}"), http::status::method_not_allowed);
  BOOST_TEST((e.allow == std::vector<http::verb>{http::verb::get}));
  BOOST_TEST(e.message == "method POST is not allowed on /state (allowed: GET)");
  e = expect_error(parse(http::verb::put, "/faults"), http::status::method_not_allowed);
  BOOST_TEST((e.allow == std::vector<http::verb>{http::verb::get, http::verb::post, http::verb::delete_}));
  e = expect_error(parse(http::verb::get, "/probe"), http::status::method_not_allowed);
  BOOST_TEST((e.allow == std::vector<http::verb>{http::verb::post}));
  e = expect_error(parse(http::verb::delete_, "/wan-ip"), http::status::method_not_allowed);
  BOOST_TEST((e.allow == std::vector<http::verb>{http::verb::get, http::verb::post}));
  expect_error(parse(http::verb::head, "/state"), http::status::method_not_allowed);
}

BOOST_AUTO_TEST_CASE(body_limit_is_413) {
  std::string at_limit = "{" + std::string(admin::max_body_bytes - 2, ' ') + "}";
  BOOST_TEST(at_limit.size() == admin::max_body_bytes);
  expect_command<admin::set_faults>(parse(http::verb::post, "/faults", at_limit));
  const auto e = expect_error(parse(http::verb::post, "/faults", at_limit + " "), http::status::payload_too_large);
  BOOST_TEST(e.message == "body is 65537 bytes; the limit is 65536");
}

BOOST_AUTO_TEST_CASE(malformed_bodies_and_targets_are_400) {
  expect_bad(parse(http::verb::post, "/probe"), "POST /probe needs a JSON object body");
  expect_bad(parse(http::verb::post, "/faults", "{\"ssdp\":"), "invalid JSON at byte 8");
  expect_bad(parse(http::verb::post, "/faults", "{} x"), "invalid JSON at byte");
  expect_bad(parse(http::verb::post, "/faults", "[]"), "document: must be an object, got an array");
  expect_bad(parse(http::verb::post, "/faults", "\"\xff\""), "invalid JSON");
  expect_bad(parse(http::verb::post, "/faults", std::string(100, '[') + std::string(100, ']')), "invalid JSON");
  expect_bad(parse(http::verb::post, "/reboot", R"({"now":true})"), R"(unknown field "now")");
  expect_bad(parse(http::verb::post, "/reboot", "[]"), "must be an object");
  expect_bad(parse(http::verb::get, "/state", "{}"), "GET /state takes no body");
  expect_bad(parse(http::verb::delete_, "/faults", "x"), "DELETE /faults takes no body");
  expect_bad(parse(http::verb::get, "/state?verbose=1"), "GET /state takes no query parameters");
  expect_bad(parse(http::verb::get, "http://127.0.0.1/state"), "request target is not a path");
  expect_bad(parse(http::verb::get, "*"), "request target is not a path");
  expect_bad(parse(http::verb::get, "/st ate"), "request target is not a path");
}
