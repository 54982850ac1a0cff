// The probe-server protocol, pure: the request parser (one case per bad field, each with its
// exact error), rendering and parsing of reports and whoami, banner escaping, and the client's
// decoding of both prober kinds' answers and of prober specs.
#define BOOST_TEST_MODULE igd_reach_protocol
#include <boost/test/unit_test.hpp>
#include <boost/test/data/test_case.hpp>

#include "igdkit/igd/reach/probe_protocol.hpp"
#include "igdkit/igd/reach/prober.hpp"

#include <ostream>

using namespace igdkit;
using namespace igdkit::igd::reach;
using namespace std::chrono_literals;
namespace bdata = boost::unit_test::data;

namespace {

struct bad_case {
  const char* body;
  errc expected;
  const char* words;  // in the detail
};
std::ostream& operator<<(std::ostream& os, const bad_case& c) { return os << c.body; }

const bad_case bad_requests[] = {
    {"", errc::not_json, "not JSON"},
    {"{\"protocol\":", errc::not_json, "not JSON"},
    {"[1,2]", errc::not_an_object, "not a JSON object"},
    {"\"TCP\"", errc::not_an_object, "not a JSON object"},
    {R"({"protocol":"TCP","port":80,"ip":"127.0.0.2"})", errc::unknown_field, "\"ip\""},
    {R"({"protocol":"TCP","port":80,"host":"example.com"})", errc::unknown_field, "\"host\""},
    {R"({"protocol":"TCP","port":80,"target":"127.0.0.2:80"})", errc::unknown_field, "\"target\""},
    {R"({"port":80})", errc::missing_field, "\"protocol\""},
    {R"({"protocol":"TCP"})", errc::missing_field, "\"port\""},
    {R"({"protocol":6,"port":80})", errc::wrong_type, "\"protocol\""},
    {R"({"protocol":"SCTP","port":80})", errc::bad_protocol, "\"protocol\""},
    {R"({"protocol":"TCP","port":"80"})", errc::wrong_type, "\"port\""},
    {R"({"protocol":"TCP","port":80.5})", errc::wrong_type, "\"port\""},
    {R"({"protocol":"TCP","port":0})", errc::port_out_of_range, "1..65535"},
    {R"({"protocol":"TCP","port":-1})", errc::port_out_of_range, "1..65535"},
    {R"({"protocol":"TCP","port":65536})", errc::port_out_of_range, "1..65535"},
    {R"({"protocol":"TCP","port":18446744073709551615})", errc::port_out_of_range, "1..65535"},
    {R"({"protocol":"TCP","port":80,"timeout_ms":"1000"})", errc::wrong_type, "\"timeout_ms\""},
    {R"({"protocol":"TCP","port":80,"timeout_ms":0})", errc::timeout_out_of_range, "\"timeout_ms\""},
    {R"({"protocol":"TCP","port":80,"timeout_ms":-5})", errc::timeout_out_of_range, "\"timeout_ms\""},
    {R"({"protocol":"TCP","port":80,"expect":42})", errc::wrong_type, "\"expect\""},
    {R"({"protocol":"TCP","port":80,"expect":"0123456789012345678901234567890123456789012345678901234567890123X"})",
     errc::expect_too_long, "64"},
    {R"({"protocol":"UDP","port":53,"expect":"x"})", errc::expect_not_for_udp, "TCP only"},
};

}  // namespace

BOOST_DATA_TEST_CASE(every_bad_field_has_its_own_error, bdata::make(bad_requests), c) {
  std::string detail;
  const auto r = parse_probe_request(c.body, &detail);
  BOOST_REQUIRE(r.has_error());
  BOOST_TEST(r.error() == make_error_code(c.expected), r.error().message());
  BOOST_TEST(detail.find(c.words) != std::string::npos, detail);
}

BOOST_AUTO_TEST_CASE(oversized_body_is_refused_before_parsing) {
  std::string body = R"({"protocol":"TCP","port":80,"expect":")" + std::string(2000, 'a') + "\"}";
  const auto r = parse_probe_request(body);
  BOOST_TEST(r.error() == make_error_code(errc::body_too_large));
}

BOOST_AUTO_TEST_CASE(good_requests_parse) {
  auto r = parse_probe_request(R"({"protocol":"TCP","port":8080,"timeout_ms":1500,"expect":"SSH-"})");
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST((r->proto == protocol::tcp));
  BOOST_TEST(r->port == 8080);
  BOOST_TEST(r->timeout->count() == 1500);
  BOOST_TEST(*r->expect == "SSH-");
  r = parse_probe_request(R"({"protocol":"udp","port":1,"timeout_ms":null})");
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST((r->proto == protocol::udp));
  BOOST_TEST(!r->timeout.has_value());
  BOOST_TEST(!r->expect.has_value());
}

BOOST_AUTO_TEST_CASE(request_round_trips) {
  probe_request in;
  in.proto = protocol::udp;
  in.port = 65535;
  in.timeout = 250ms;
  const auto out = parse_probe_request(render_probe_request(in));
  BOOST_REQUIRE(out.has_value());
  BOOST_TEST((out->proto == protocol::udp));
  BOOST_TEST(out->port == 65535);
  BOOST_TEST(out->timeout->count() == 250);
}

BOOST_AUTO_TEST_CASE(timeouts_are_capped_not_refused) {
  auto r = parse_probe_request(R"({"protocol":"TCP","port":80,"timeout_ms":99999999999})");
  BOOST_REQUIRE(r.has_value());
  BOOST_TEST(effective_timeout(*r, 2000ms, 10000ms).count() == 10000);
  r = parse_probe_request(R"({"protocol":"TCP","port":80})");
  BOOST_TEST(effective_timeout(*r, 2000ms, 10000ms).count() == 2000);
  BOOST_TEST(effective_timeout(*r, 2000ms, 500ms).count() == 500);
}

BOOST_AUTO_TEST_CASE(report_round_trips_with_nulls) {
  probe_report in;
  in.observed_address = boost::asio::ip::make_address("::ffff:198.51.100.7");
  in.port = 443;
  in.reachable = false;
  in.reason = "connection refused";
  const auto text = render_probe_report(in);
  BOOST_TEST(text.find("\"observed_address\":\"198.51.100.7\"") != std::string::npos, text);
  BOOST_TEST(text.find("\"rtt_ms\":null") != std::string::npos, text);
  BOOST_TEST(text.find("\"banner\":null") != std::string::npos, text);
  const auto out = parse_probe_report(text);
  BOOST_REQUIRE(out.has_value());
  BOOST_TEST(out->observed_address.to_string() == "198.51.100.7");
  BOOST_TEST(out->port == 443);
  BOOST_TEST(!out->reachable);
  BOOST_TEST(out->reason == "connection refused");
  BOOST_TEST(!out->rtt_ms.has_value());
}

BOOST_AUTO_TEST_CASE(whoami_round_trips) {
  const auto text = render_whoami(boost::asio::ip::make_address("203.0.113.5"));
  BOOST_TEST(text == R"({"observed_address":"203.0.113.5"})");
  BOOST_TEST(parse_whoami(text)->to_string() == "203.0.113.5");
  BOOST_TEST(parse_whoami("{}").error() == make_error_code(errc::prober_missing_field));
  BOOST_TEST(parse_whoami(R"({"observed_address":"nope"})").error() == make_error_code(errc::prober_invalid_field));
}

BOOST_AUTO_TEST_CASE(banner_escaping) {
  BOOST_TEST(escape_banner("SSH-2.0-OpenSSH\r\n") == "SSH-2.0-OpenSSH\\x0d\\x0a");
  BOOST_TEST(escape_banner(std::string("a\\b\0\xff", 5)) == "a\\\\b\\x00\\xff");
}

BOOST_AUTO_TEST_CASE(error_names_on_the_wire) {
  BOOST_TEST(std::string(to_wire_name(errc::unknown_field)) == "unknown_field");
  BOOST_TEST(std::string(to_wire_name(errc::port_out_of_range)) == "port_out_of_range");
  BOOST_TEST(make_error_code(errc::prober_rate_limited).category().name() == std::string("igdkit.reach"));
}

// --- client side -----------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(prober_specs) {
  auto lab = prober::parse("lab:http://127.0.0.1:4000/");
  BOOST_REQUIRE(lab.has_value());
  BOOST_TEST((lab->kind() == prober_kind::lab));
  BOOST_TEST(lab->probe_url().buffer() == "http://127.0.0.1:4000/probe");
  auto server = prober::parse("http://127.0.0.1:4001");
  BOOST_REQUIRE(server.has_value());
  BOOST_TEST((server->kind() == prober_kind::probe_server));
  BOOST_TEST(server->probe_url().buffer() == "http://127.0.0.1:4001/v1/probe");
  BOOST_TEST(prober::parse("http://probe.example/prefix/")->probe_url().buffer() ==
             "http://probe.example/prefix/v1/probe");
  for (const char* bad : {"", "lab:", "https://127.0.0.1:1", "ftp://x", "127.0.0.1:80", "http://u@h/", "http://h/?q"}) {
    BOOST_TEST(prober::parse(bad).error() == make_error_code(errc::bad_prober_spec), bad);
  }
}

BOOST_AUTO_TEST_CASE(request_bodies_per_kind) {
  probe_target t;
  t.proto = protocol::udp;
  t.port = 9000;
  t.timeout = 800ms;
  const auto lab = *prober::parse("lab:http://127.0.0.1:1");
  BOOST_TEST(igd::reach::detail::probe_body(lab, t).error() == make_error_code(errc::missing_external_ip));
  t.external_ip = boost::asio::ip::make_address_v4("203.0.113.10");
  BOOST_TEST(*igd::reach::detail::probe_body(lab, t) == R"({"protocol":"UDP","ip":"203.0.113.10","port":9000,"timeout_ms":800})");
  // The probe-server kind never sends an address, even when the caller knows one.
  const auto server = *prober::parse("http://127.0.0.1:1");
  BOOST_TEST(*igd::reach::detail::probe_body(server, t) == R"({"protocol":"UDP","port":9000,"timeout_ms":800})");
}

BOOST_AUTO_TEST_CASE(answers_decode_to_outcomes_or_specific_errors) {
  using igd::reach::detail::decode_answer;
  const auto lab = decode_answer(prober_kind::lab, 200, R"({"reachable":true,"reason":"ok","rtt_ms":1.5,"hops":[]})");
  BOOST_REQUIRE(lab.has_value());
  BOOST_TEST(lab->reachable);
  BOOST_TEST(*lab->rtt_ms == 1.5);
  const auto server = decode_answer(
      prober_kind::probe_server, 200,
      R"({"observed_address":"127.0.0.1","port":5,"protocol":"TCP","reachable":true,"reason":"r","rtt_ms":null,"banner":"hi"})");
  BOOST_REQUIRE(server.has_value());
  BOOST_TEST(server->observed_address->to_string() == "127.0.0.1");
  BOOST_TEST(*server->banner == "hi");

  const auto err = [](prober_kind k, unsigned status, std::string_view body) {
    return decode_answer(k, status, body).error();
  };
  for (const auto k : {prober_kind::lab, prober_kind::probe_server}) {
    BOOST_TEST(err(k, 429, "{}") == make_error_code(errc::prober_rate_limited));
    BOOST_TEST(err(k, 503, "") == make_error_code(errc::prober_busy));
    BOOST_TEST(err(k, 500, "") == make_error_code(errc::prober_http_status));
    BOOST_TEST(err(k, 400, R"({"error":"unknown_field"})") == make_error_code(errc::prober_http_status));
    BOOST_TEST(err(k, 200, "<html>") == make_error_code(errc::prober_bad_json));
    BOOST_TEST(err(k, 200, "[]") == make_error_code(errc::prober_bad_json));
    BOOST_TEST(err(k, 200, "{}") == make_error_code(errc::prober_missing_field));
  }
  BOOST_TEST(err(prober_kind::lab, 200, R"({"reachable":"yes","reason":""})") == make_error_code(errc::prober_invalid_field));
  BOOST_TEST(err(prober_kind::lab, 200, R"({"reachable":true})") == make_error_code(errc::prober_missing_field));
  BOOST_TEST(err(prober_kind::lab, 200, R"({"reachable":true,"reason":"","rtt_ms":"1"})") ==
             make_error_code(errc::prober_invalid_field));
  BOOST_TEST(err(prober_kind::probe_server, 200,
                 R"({"observed_address":"127.0.0.1","port":0,"protocol":"TCP","reachable":true,"reason":""})") ==
             make_error_code(errc::prober_invalid_field));
  BOOST_TEST(err(prober_kind::probe_server, 200,
                 R"({"observed_address":"127.0.0.1","port":1,"protocol":"tcp","reachable":true,"reason":""})") ==
             make_error_code(errc::prober_invalid_field));
  BOOST_TEST(err(prober_kind::probe_server, 200,
                 R"({"observed_address":"127.0.0.1","port":1,"protocol":"TCP","reachable":true,"reason":"","banner":7})") ==
             make_error_code(errc::prober_invalid_field));
}
