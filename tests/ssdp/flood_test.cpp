// One LAN host flooding the responder with M-SEARCH (issue 12 §1, SSDP side), over loopback
// unicast only: 127.0.0.2 sends 300 ssdp:all searches back to back; it gets no more answers than
// its per-source budget, and 127.0.0.1's search right after is answered.
#define BOOST_TEST_MODULE ssdp_flood
#include <boost/test/unit_test.hpp>

#include "igdkit/ssdp/ssdp.hpp"

#include <boost/asio/io_context.hpp>

#include <array>
#include <cstdio>

namespace asio = boost::asio;
namespace ssdp = igdkit::ssdp;
using asio::ip::udp;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

ssdp::responder_options igd_on_loopback() {
  ssdp::responder_options o;
  o.devices.root = {"flood", ssdp::search_target::device("InternetGatewayDevice", 2), {}};
  o.devices.embedded.push_back({"flood-conn", ssdp::search_target::device("WANConnectionDevice", 2),
                                {ssdp::search_target::service("WANIPConnection", 2)}});
  o.location = boost::urls::url("http://127.0.0.1:5000/rootDesc.xml");
  return o;
}

template <class F>
bool run_until(asio::io_context& io, F done, std::chrono::milliseconds limit) {
  const auto until = clock_type::now() + limit;
  while (!done() && clock_type::now() < until) io.run_one_for(50ms);
  return done();
}

// Sends `count` ssdp:all searches from 127.0.0.2, in rounds of 50 that the responder reads before
// the next (more at once would overflow its socket buffer).
void flood_from_127_0_0_2(asio::io_context& io, const ssdp::responder& r, std::size_t count) {
  const auto to = r.local_endpoint();
  udp::socket attacker(io, udp::endpoint(asio::ip::make_address("127.0.0.2"), 0));
  const std::string search = "M-SEARCH * HTTP/1.1\r\nHOST: 127.0.0.1:" + std::to_string(to.port()) +
                             "\r\nMAN: \"ssdp:discover\"\r\nST: ssdp:all\r\n\r\n";
  const auto already = r.stats().requests;
  for (std::size_t sent = 0; sent < count;) {
    for (std::size_t i = 0; i < 50 && sent < count; ++i, ++sent) attacker.send_to(asio::buffer(search), to);
    BOOST_REQUIRE_MESSAGE(run_until(io, [&] { return r.stats().requests == already + sent; }, 2000ms),
                          "responder read " << r.stats().requests - already << " of " << sent);
  }
}

struct search_outcome {
  bool done = false;
  std::error_code ec;
  std::size_t found = 0;
};

// An ordinary unicast search from 127.0.0.1 (the other host).
search_outcome search_from_127_0_0_1(asio::io_context& io, const udp::endpoint& to, std::chrono::milliseconds timeout) {
  ssdp::search_options o;
  o.unicast = to;
  o.timeout = timeout;
  o.send_interval = 100ms;
  search_outcome out;
  ssdp::async_search(io.get_executor(), o, [&](std::error_code ec, std::vector<ssdp::search_result> found) {
    out.ec = ec;
    out.found = found.size();
    out.done = true;
  });
  run_until(io, [&] { return out.done; }, timeout + 1500ms);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_flooding_host_gets_its_budget_and_another_host_is_still_answered) {
  constexpr std::size_t flood = 300;
  asio::io_context io;
  ssdp::responder r(io.get_executor(), igd_on_loopback());
  BOOST_REQUIRE(!r.start());
  const auto to = r.local_endpoint();

  const auto flood_start = clock_type::now();
  flood_from_127_0_0_2(io, r, flood);
  const auto flood_took = clock_type::now() - flood_start;
  const auto answered_flood = r.stats().answered;

  // Budget (defaults): the burst, then one answer per refill interval.
  const ssdp::answer_budget_limits limits;
  const auto budget = limits.burst + static_cast<std::size_t>(flood_took / limits.refill) + 1;
  BOOST_TEST(answered_flood <= budget, "127.0.0.2 got " << answered_flood << " answers for " << flood
                                                       << " searches, budget " << budget);
  BOOST_TEST(answered_flood >= limits.burst);
  BOOST_TEST(r.stats().over_budget == flood - answered_flood);

  const auto victim = search_from_127_0_0_1(io, to, 1000ms);
  BOOST_TEST(victim.done);
  BOOST_TEST(!victim.ec, victim.ec.message());
  BOOST_TEST(victim.found > 0u);
  std::printf("ssdp flood: %zu searches from 127.0.0.2 in %lld ms, %zu answered (%zu datagrams sent in all); "
              "127.0.0.1 found %zu results\n",
              flood, static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(flood_took).count()),
              answered_flood, r.stats().datagrams_sent, victim.found);
}

BOOST_AUTO_TEST_CASE(a_flooding_host_cannot_fill_the_delayed_answer_queue_for_everyone) {
  // Multicast answers wait a random 0..MX s; loopback tests send no multicast, so a hook delays
  // every answer by 1.5 s instead. 100 searches from 127.0.0.2 would take all 64 pending slots.
  asio::io_context io;
  auto o = igd_on_loopback();
  o.hook = [](const ssdp::search_request&, const udp::endpoint&) { return ssdp::answer_decision{false, 1500ms, 1}; };
  ssdp::responder r(io.get_executor(), o);
  BOOST_REQUIRE(!r.start());
  const auto to = r.local_endpoint();

  flood_from_127_0_0_2(io, r, 100);
  BOOST_TEST(r.stats().answered <= ssdp::answer_budget_limits{}.max_pending_per_source);

  const auto victim = search_from_127_0_0_1(io, to, 2500ms);
  BOOST_TEST(victim.done);
  BOOST_TEST(!victim.ec, victim.ec.message());
  BOOST_TEST(victim.found > 0u);
}
