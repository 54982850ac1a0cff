// searcher <-> responder over 127.0.0.1 unicast only: nothing leaves loopback.
#define BOOST_TEST_MODULE ssdp_loopback
#include <boost/test/unit_test.hpp>

#include "igdkit/ssdp/ssdp.hpp"

#include <boost/asio/io_context.hpp>

namespace asio = boost::asio;
namespace ssdp = igdkit::ssdp;
using asio::ip::udp;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

ssdp::device_set igd(const std::string& id) {
  ssdp::device_set s;
  s.root = {id, ssdp::search_target::device("InternetGatewayDevice", 2), {}};
  s.embedded.push_back({id + "-conn", ssdp::search_target::device("WANConnectionDevice", 2),
                        {ssdp::search_target::service("WANIPConnection", 2)}});
  return s;
}

ssdp::responder_options device(const std::string& id, std::uint16_t http_port) {
  ssdp::responder_options o;
  o.devices = igd(id);
  o.location = boost::urls::url("http://127.0.0.1:" + std::to_string(http_port) + "/rootDesc.xml");
  o.boot_id = 7;
  o.config_id = 42;
  return o;
}

ssdp::search_options unicast_to(const udp::endpoint& ep, std::chrono::milliseconds timeout) {
  ssdp::search_options o;
  o.unicast = ep;
  o.timeout = timeout;
  o.send_interval = 100ms;
  return o;
}

// Runs the io_context until the operation completes; the completion stores into `out`.
template <class T>
struct outcome {
  std::error_code ec;
  T value{};
  bool done = false;
  auto handler() {
    return [this](std::error_code e, T v) { ec = e, value = std::move(v), done = true; };
  }
};

// Drives the io_context until `done` or a 5 s safety limit (responders never run out of work).
template <class F>
void run_until(asio::io_context& io, F done) {
  const auto limit = clock_type::now() + 5s;
  while (!done() && clock_type::now() < limit) io.run_one_for(100ms);
}

}  // namespace

BOOST_AUTO_TEST_CASE(unicast_search_finds_device_with_right_fields) {
  asio::io_context io;
  ssdp::responder r(io.get_executor(), device("uuid-a", 5000));
  BOOST_REQUIRE(!r.start());
  BOOST_REQUIRE_NE(r.local_endpoint().port(), 0);
  outcome<std::vector<ssdp::search_result>> out;
  ssdp::async_search(io.get_executor(), unicast_to(r.local_endpoint(), 600ms), out.handler());
  run_until(io, [&] { return out.done; });
  BOOST_REQUIRE(out.done);
  BOOST_REQUIRE_MESSAGE(!out.ec, out.ec.message());
  // Defaults search IGD:2, IGD:1, WANIP:2, WANIP:1, WANPPP:1; the device answers the first four
  // (each echoing the requested version), sent 3 times but deduplicated to 4 results.
  BOOST_REQUIRE_EQUAL(out.value.size(), 4u);
  const auto& first = out.value.front();
  BOOST_TEST(first.response.location.buffer() == "http://127.0.0.1:5000/rootDesc.xml");
  BOOST_TEST(first.response.st.to_string() == "urn:schemas-upnp-org:device:InternetGatewayDevice:2");
  BOOST_TEST(first.response.usn == "uuid:uuid-a::urn:schemas-upnp-org:device:InternetGatewayDevice:2");
  BOOST_TEST(first.response.boot_id.value() == 7u);
  BOOST_TEST(first.response.config_id.value() == 42u);
  // DATE (recommended by UDA 2.0 §1.3.3), RFC 1123: "Wed, 02 Dec 2026 14:10:00 GMT".
  BOOST_TEST(first.response.date.size() == 29u, first.response.date);
  BOOST_TEST(first.response.date.ends_with(" GMT"), first.response.date);
  BOOST_TEST(first.source.port() == r.local_endpoint().port());
  BOOST_TEST(first.response_time.count() < 500);
  BOOST_TEST(out.value[3].response.usn == "uuid:uuid-a-conn::urn:schemas-upnp-org:service:WANIPConnection:1");
  BOOST_TEST(r.stats().requests == 15u);  // 5 targets x 3 sends
}

BOOST_AUTO_TEST_CASE(several_responders_are_all_found) {
  asio::io_context io;
  ssdp::responder a(io.get_executor(), device("dev-a", 5001));
  ssdp::responder b(io.get_executor(), device("dev-b", 5002));
  BOOST_REQUIRE(!a.start());
  BOOST_REQUIRE(!b.start());
  outcome<std::vector<ssdp::search_result>> out_a, out_b;
  auto opts_a = unicast_to(a.local_endpoint(), 500ms);
  auto opts_b = unicast_to(b.local_endpoint(), 500ms);
  opts_a.targets = opts_b.targets = {ssdp::search_target::root_device()};
  ssdp::async_search(io.get_executor(), opts_a, out_a.handler());
  ssdp::async_search(io.get_executor(), opts_b, out_b.handler());
  run_until(io, [&] { return out_a.done && out_b.done; });
  BOOST_REQUIRE(out_a.done && out_b.done);
  BOOST_REQUIRE_EQUAL(out_a.value.size(), 1u);
  BOOST_REQUIRE_EQUAL(out_b.value.size(), 1u);
  BOOST_TEST(out_a.value[0].response.usn == "uuid:dev-a::upnp:rootdevice");
  BOOST_TEST(out_b.value[0].response.usn == "uuid:dev-b::upnp:rootdevice");
  BOOST_TEST(out_b.value[0].response.location.buffer() == "http://127.0.0.1:5002/rootDesc.xml");
}

BOOST_AUTO_TEST_CASE(duplicate_answers_yield_one_device) {
  asio::io_context io;
  auto o = device("dup", 5003);
  o.hook = [](const ssdp::search_request&, const udp::endpoint&) { return ssdp::answer_decision{false, 0ms, 4}; };
  ssdp::responder r(io.get_executor(), o);
  BOOST_REQUIRE(!r.start());
  auto s = unicast_to(r.local_endpoint(), 500ms);
  s.targets = {ssdp::search_target::root_device()};
  s.sends = 3;
  outcome<std::vector<ssdp::search_result>> out;
  ssdp::async_search(io.get_executor(), s, out.handler());
  run_until(io, [&] { return out.done; });
  BOOST_REQUIRE(out.done);
  BOOST_TEST(r.stats().datagrams_sent == 12u);  // 3 requests x 4 copies reached the wire
  BOOST_TEST(out.value.size() == 1u);
}

BOOST_AUTO_TEST_CASE(find_first_returns_long_before_the_deadline) {
  asio::io_context io;
  ssdp::responder r(io.get_executor(), device("fast", 5004));
  BOOST_REQUIRE(!r.start());
  outcome<ssdp::search_result> out;
  const auto t0 = clock_type::now();
  ssdp::async_find_first(io.get_executor(), unicast_to(r.local_endpoint(), 3000ms), out.handler());
  run_until(io, [&] { return out.done; });
  const auto elapsed = clock_type::now() - t0;
  BOOST_REQUIRE(out.done);
  BOOST_REQUIRE(!out.ec);
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 500);
  BOOST_TEST(out.value.response.usn.starts_with("uuid:fast"));
}

BOOST_AUTO_TEST_CASE(nothing_listening_gives_no_response_at_the_deadline) {
  asio::io_context io;
  udp::socket silent(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));  // bound, never reads
  outcome<std::vector<ssdp::search_result>> out;
  const auto t0 = clock_type::now();
  ssdp::async_search(io.get_executor(), unicast_to(silent.local_endpoint(), 400ms), out.handler());
  run_until(io, [&] { return out.done; });
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - t0).count();
  BOOST_REQUIRE(out.done);
  BOOST_TEST((out.ec == ssdp::errc::no_response));
  BOOST_TEST(ms >= 400);
  BOOST_TEST(ms < 1000);
}

BOOST_AUTO_TEST_CASE(sources_outside_allowed_prefixes_get_no_answer) {
  asio::io_context io;
  auto o = device("guarded", 5005);
  o.allowed_sources = {ssdp::ip_prefix::parse("10.0.0.0/8").value()};
  ssdp::responder r(io.get_executor(), o);
  BOOST_REQUIRE(!r.start());
  outcome<std::vector<ssdp::search_result>> out;
  auto s = unicast_to(r.local_endpoint(), 400ms);
  s.targets = {ssdp::search_target::all()};
  ssdp::async_search(io.get_executor(), s, out.handler());
  run_until(io, [&] { return out.done; });
  BOOST_REQUIRE(out.done);
  BOOST_TEST((out.ec == ssdp::errc::no_response));
  BOOST_TEST(r.stats().rejected_source == 3u);
  BOOST_TEST(r.stats().datagrams_sent == 0u);
}

BOOST_AUTO_TEST_CASE(garbage_answers_are_dropped_and_counted) {
  asio::io_context io;
  udp::socket fake(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  ssdp::searcher s(io.get_executor(), unicast_to(fake.local_endpoint(), 500ms));
  outcome<ssdp::search_result> out;
  s.async_next(out.handler());
  // Reply to the first M-SEARCH with garbage, then with one valid answer.
  std::array<char, 2048> buf{};
  udp::endpoint from;
  io.run_one_for(1s);  // let the searcher send
  fake.receive_from(asio::buffer(buf), from);
  fake.send_to(asio::buffer(std::string("\x16\x03garbage\r\n\r\n")), from);
  fake.send_to(asio::buffer(std::string("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=60\r\nLOCATION: http://127.0.0.1:1/d.xml\r\n"
                                        "ST: upnp:rootdevice\r\nUSN: uuid:fake::upnp:rootdevice\r\n\r\n")),
               from);
  run_until(io, [&] { return out.done; });
  BOOST_REQUIRE(out.done);
  BOOST_REQUIRE(!out.ec);
  BOOST_TEST(out.value.response.usn == "uuid:fake::upnp:rootdevice");
  BOOST_TEST(s.dropped() == 1u);
}

BOOST_AUTO_TEST_CASE(notify_alive_on_start_and_byebye_on_stop) {
  asio::io_context io;
  udp::socket sink(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  auto o = device("notifier", 5006);
  o.notify_to = sink.local_endpoint();
  ssdp::responder r(io.get_executor(), o);
  BOOST_REQUIRE(!r.start());
  io.run_for(500ms);  // initial set + one repeat
  bool stopped = false;
  r.async_stop([&](std::error_code, bool) { stopped = true; });
  io.run_for(200ms);
  BOOST_REQUIRE(stopped);
  std::size_t alive = 0, byebye = 0;
  std::array<char, 2048> buf{};
  sink.non_blocking(true);
  for (;;) {
    udp::endpoint from;
    boost::system::error_code ec;
    const auto n = sink.receive_from(asio::buffer(buf), from, 0, ec);
    if (ec) break;
    const auto m = ssdp::parse_notify(std::string_view(buf.data(), n));
    BOOST_REQUIRE(m.has_value());
    (m->kind == ssdp::notify_kind::alive ? alive : byebye)++;
  }
  BOOST_TEST(alive == 2u * 6u);  // 3 + 2*1 + 1 announcements, sent twice
  BOOST_TEST(byebye == 6u);
}
