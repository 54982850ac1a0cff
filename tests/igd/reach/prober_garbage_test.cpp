// A prober answering nonsense (scripted bytes on 127.0.0.1): each kind of bad answer gives its
// own error code, never a crash or a made-up outcome.
#define BOOST_TEST_MODULE igd_reach_prober_garbage
#include <boost/test/unit_test.hpp>

#include "igd/reach/reach_rig.hpp"
#include "igdkit/igd/reach/prober.hpp"
#include "igdkit/soap/error.hpp"
#include "support/scripted_http_server.hpp"

#include <boost/asio/use_future.hpp>

using namespace igdkit;
using namespace igdkit::igd::reach;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

std::string reply(std::string_view status_line, std::string_view body, std::string_view extra = {}) {
  return std::string(status_line) + "\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + std::string(extra) + "Connection: close\r\n\r\n" + std::string(body);
}

struct garbage_case {
  const char* name;
  std::string bytes;
  std::error_code expected;
};

std::vector<garbage_case> cases() {
  return {
      {"not JSON", reply("HTTP/1.1 200 OK", "<html>hello</html>"), errc::prober_bad_json},
      {"JSON array", reply("HTTP/1.1 200 OK", "[true]"), errc::prober_bad_json},
      {"empty object", reply("HTTP/1.1 200 OK", "{}"), errc::prober_missing_field},
      {"reachable as text", reply("HTTP/1.1 200 OK", R"({"observed_address":"127.0.0.1","port":1,"protocol":"TCP","reachable":"yes","reason":"x"})"), errc::prober_invalid_field},
      {"HTTP 500", reply("HTTP/1.1 500 Internal Server Error", ""), errc::prober_http_status},
      {"HTTP 429", reply("HTTP/1.1 429 Too Many Requests", R"({"error":"rate_limited"})", "Retry-After: 1\r\n"), errc::prober_rate_limited},
      {"HTTP 503", reply("HTTP/1.1 503 Service Unavailable", ""), errc::prober_busy},
      {"HTTP 400", reply("HTTP/1.1 400 Bad Request", R"({"error":"unknown_field"})"), errc::prober_http_status},
      {"truncated", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"reach", soap::errc::truncated_response},
      {"not HTTP", "SSH-2.0-OpenSSH_9.2\r\n", soap::errc::http_protocol_error},
  };
}

boost::system::error_code ask(asio::io_context& io, const std::string& spec, std::uint16_t port) {
  auto p = prober::parse(spec);
  BOOST_REQUIRE(p.has_value());
  probe_target t;
  t.port = port;
  t.external_ip = asio::ip::make_address_v4("203.0.113.10");
  t.timeout = 500ms;
  p->http_slack = 1500ms;
  auto f = igdkit::test::reach::start_with_future<probe_outcome>([&](auto h) { async_probe(io.get_executor(), *p, t, std::move(h)); });
  auto [ec, out] = igdkit::test::reach::run_until(io, f);
  if (ec) BOOST_TEST(!out.reachable);  // no invented outcome beside an error
  return ec;
}

}  // namespace

BOOST_AUTO_TEST_CASE(each_bad_answer_has_its_error_for_both_kinds) {
  for (const auto& c : cases()) {
    for (const char* kind : {"lab:", ""}) {
      asio::io_context io;
      igdkit::test::scripted_http_server server(io, c.bytes);
      const auto ec = ask(io, std::string(kind) + "http://127.0.0.1:" + std::to_string(server.port()), 8080);
      BOOST_TEST(ec == c.expected, c.name << " (" << (*kind ? "lab" : "probe-server") << "): got " << ec.message());
      BOOST_REQUIRE(server.received.has_value());
      BOOST_TEST(server.received->method_string() == "POST");
      BOOST_TEST(server.received->target() == (*kind ? "/probe" : "/v1/probe"));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_prober_that_never_answers_times_out) {
  asio::io_context io;
  igdkit::test::scripted_http_server server(io, reply("HTTP/1.1 200 OK", "{}"), 5000ms);
  const auto ec = ask(io, "http://127.0.0.1:" + std::to_string(server.port()), 8080);
  BOOST_TEST(ec == make_error_code(soap::errc::timeout), ec.message());
}

BOOST_AUTO_TEST_CASE(the_lab_kind_without_an_address_sends_nothing) {
  asio::io_context io;
  igdkit::test::scripted_http_server server(io, reply("HTTP/1.1 200 OK", "{}"));
  auto p = prober::parse("lab:http://127.0.0.1:" + std::to_string(server.port()));
  probe_target t;
  t.port = 1;
  auto f = igdkit::test::reach::start_with_future<probe_outcome>([&](auto h) { async_probe(io.get_executor(), *p, t, std::move(h)); });
  auto [ec, out] = igdkit::test::reach::run_until(io, f);
  BOOST_TEST(ec == make_error_code(errc::missing_external_ip));
  BOOST_TEST(server.requests.empty());
}
