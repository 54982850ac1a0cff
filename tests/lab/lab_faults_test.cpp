// Fault injection as a client sees it: every fault the lab offers (SSDP drop/delay/copies, HTTP
// delay/reset/truncate/500, control_only, times, answering), reboot and a WAN re-address, each
// observed through real sockets on loopback (raw unicast M-SEARCH, igd::client, soap::async_call,
// the Internet-side probe).
#define BOOST_TEST_MODULE lab_faults
#include <boost/test/unit_test.hpp>

#include "lab_process.hpp"
#include "lab_rig.hpp"

#include "igdkit/igd/client.hpp"
#include "igdkit/soap/error.hpp"
#include "igdkit/soap/http_client.hpp"
#include "igdkit/ssdp/parse.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/system_executor.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <poll.h>
#include <string>
#include <vector>

namespace asio = boost::asio;
using namespace igdkit;
using namespace igdkit::sim::test;
using namespace std::chrono_literals;
using steady = std::chrono::steady_clock;

namespace {

std::uint32_t boot_id_of(const datagram& d) {
  auto r = ssdp::parse_search_response(d.text);
  BOOST_REQUIRE_MESSAGE(r.has_value(), "unparseable search answer: " << d.text);
  BOOST_REQUIRE(r->boot_id.has_value());
  return *r->boot_id;
}

// The bound for anything that should simply work: it only trips on a real hang, never because
// a loaded 2-core ASan run answered a loopback request slowly. Speed belongs in bench/.
constexpr auto hang_limit = std::chrono::milliseconds(30s);
// How long to keep listening after the expected SSDP answers, for surplus copies.
constexpr auto surplus_window = 300ms;

sim::lab_options loopback_lab(std::vector<std::string> profiles = {}) {
  sim::lab_options o;
  o.profiles = std::move(profiles);
  return o;
}

igd::client client_with_deadline(std::chrono::milliseconds deadline) {
  soap::http_options http;
  http.deadline = deadline;
  return igd::client(asio::system_executor{}, http);
}

igd::mapping_request to_echo(std::uint16_t external, std::uint16_t internal) {
  igd::mapping_request m;
  m.external_port = external;
  m.internal_port = internal;
  m.internal_client = asio::ip::address(loopback_v4);
  m.description = "lab-faults";
  return m;
}

sim::fault_set http_fault(sim::http_fault_action action, std::chrono::milliseconds delay = 0ms) {
  sim::fault_set f;
  f.http.action = action;
  f.http.delay = delay;
  return f;
}

void set_faults(running_lab& rig, const sim::fault_set& f) {
  rig.on_lab([&](sim::lab& l) {
    l.set_faults(f);
    return 0;
  });
}

std::pair<std::error_code, std::string> fetch(const boost::urls::url& url, std::chrono::milliseconds deadline) {
  asio::io_context io;
  std::pair<std::error_code, std::string> out;
  soap::http_options o;
  o.deadline = deadline;
  soap::async_http_get(io.get_executor(), url, o, [&](std::error_code ec, std::string body) {
    out = {ec, std::move(body)};
  });
  io.run();
  return out;
}

// GetExternalIPAddress straight through soap::async_call, to see the HTTP status and fault.
struct raw_call {
  std::error_code ec;
  soap::action_response response;
};
raw_call external_ip_raw(const igd::gateway& g, std::chrono::milliseconds deadline) {
  asio::io_context io;
  soap::action_request req;
  req.service_type = g.connection.connection.service_type;
  req.action = "GetExternalIPAddress";
  soap::http_options o;
  o.deadline = deadline;
  raw_call out;
  soap::async_call(io.get_executor(), g.connection.connection.control_url, req, o,
                   [&](std::error_code ec, soap::action_response r) { out = {ec, std::move(r)}; });
  io.run();
  return out;
}

std::string external_ip_text(igd::client& c) {
  auto r = c.invoke<igd::get_external_ip_address>({});
  return r.external_ip ? r.external_ip->to_string() : std::string();
}

sim::probe_result probe(running_lab& rig, const asio::ip::address_v4& ip, std::uint16_t port) {
  sim::probe_request r;
  r.proto = protocol::tcp;
  r.ip = ip;
  r.port = port;
  r.timeout = 1000ms;
  auto fut = rig.on_lab([&](sim::lab& l) { return l.async_probe(r, asio::use_future); });
  return fut.get();  // a failed probe throws boost::system::system_error and fails the test
}

// Bytes through a loopback endpoint come back from the rig's TCP echo service.
bool echoes(const asio::ip::address& address, std::uint16_t port) {
  asio::io_context io;
  asio::ip::tcp::socket s(io);
  boost::system::error_code ec;
  s.connect({address, port}, ec);
  if (ec) return false;
  const std::string hello = "hello through the public endpoint";
  asio::write(s, asio::buffer(hello), ec);
  if (ec) return false;
  std::string back(hello.size(), '\0');
  asio::read(s, asio::buffer(back), ec);
  return !ec && back == hello;
}

}  // namespace

BOOST_AUTO_TEST_CASE(ssdp_drop_delay_and_copies) {
  running_lab rig(loopback_lab());
  BOOST_REQUIRE_MESSAGE(!rig.start_error(), rig.start_detail());
  const auto ssdp = rig.on_lab([](sim::lab& l) { return l.ssdp_endpoint(); });

  auto normal = search_for(ssdp, 1, hang_limit, surplus_window);
  BOOST_REQUIRE_EQUAL(normal.size(), 1u);  // the baseline the faults are measured against

  sim::fault_set f;
  f.ssdp.drop = true;
  set_faults(rig, f);
  BOOST_TEST(search_once(ssdp, 400ms).empty());

  f = {};
  f.ssdp.delay = 400ms;
  set_faults(rig, f);
  auto delayed = search_for(ssdp, 1, hang_limit, surplus_window);
  BOOST_REQUIRE_EQUAL(delayed.size(), 1u);
  BOOST_TEST(delayed[0].at_ms >= 400);  // a lower bound: load only makes it later

  f = {};
  f.ssdp.copies = 3;
  set_faults(rig, f);
  auto copies = search_for(ssdp, 3, hang_limit, surplus_window);
  BOOST_REQUIRE_EQUAL(copies.size(), 3u);
  for (const auto& d : copies) BOOST_TEST(d.text == copies[0].text);

  set_faults(rig, {});
  BOOST_TEST(search_for(ssdp, 1, hang_limit, surplus_window).size() == 1u);
}

BOOST_AUTO_TEST_CASE(http_delay_slows_the_soap_call) {
  running_lab rig(loopback_lab());
  BOOST_REQUIRE_MESSAGE(!rig.start_error(), rig.start_detail());
  auto c = client_with_deadline(hang_limit);
  c.open(rig.description_url());
  // Long enough that an undelayed loopback call, however loaded the machine, stays well under
  // it: "still delayed after clearing" and "slow machine" cannot be confused.
  constexpr auto delay = 5000ms;
  set_faults(rig, http_fault(sim::http_fault_action::none, delay));
  const auto t0 = steady::now();
  BOOST_TEST(external_ip_text(c) == "203.0.113.10");  // still answered, just late
  BOOST_TEST(ms_since(t0) >= delay.count());
  set_faults(rig, {});
  const auto t1 = steady::now();
  BOOST_TEST(external_ip_text(c) == "203.0.113.10");
  BOOST_TEST(ms_since(t1) < delay.count());  // the fault is gone
}

BOOST_AUTO_TEST_CASE(http_reset_is_a_connection_error_not_a_hang) {
  running_lab rig(loopback_lab());
  BOOST_REQUIRE_MESSAGE(!rig.start_error(), rig.start_detail());
  auto c = client_with_deadline(hang_limit);
  const auto g = c.open(rig.description_url());
  set_faults(rig, http_fault(sim::http_fault_action::reset));
  const auto r = external_ip_raw(g, hang_limit);
  BOOST_TEST((r.ec == soap::errc::connection_reset), r.ec.message());  // the RST ends it, not the deadline
  std::error_code ec;
  c.invoke<igd::get_external_ip_address>({}, ec);
  BOOST_TEST((ec == soap::errc::connection_reset), ec.message());
}

BOOST_AUTO_TEST_CASE(http_truncate_body_is_a_framing_error) {
  running_lab rig(loopback_lab());
  BOOST_REQUIRE_MESSAGE(!rig.start_error(), rig.start_detail());
  auto c = client_with_deadline(hang_limit);
  const auto g = c.open(rig.description_url());
  set_faults(rig, http_fault(sim::http_fault_action::truncate_body));
  const auto r = external_ip_raw(g, hang_limit);
  BOOST_TEST((r.ec == soap::errc::truncated_response), r.ec.message());  // not soap::errc::timeout
}

BOOST_AUTO_TEST_CASE(http_status_500_empty_is_not_a_upnp_fault) {
  running_lab rig(loopback_lab());
  BOOST_REQUIRE_MESSAGE(!rig.start_error(), rig.start_detail());
  auto c = client_with_deadline(hang_limit);
  const auto g = c.open(rig.description_url());
  set_faults(rig, http_fault(sim::http_fault_action::status_500_empty));
  const auto r = external_ip_raw(g, hang_limit);
  BOOST_TEST((r.ec == soap::errc::unexpected_http_status), r.ec.message());
  BOOST_TEST(r.response.http_status == 500u);
  BOOST_TEST(!r.response.fault.has_value());
  std::error_code ec;
  igd::diagnostics d;
  c.invoke<igd::get_external_ip_address>({}, ec, &d);
  BOOST_TEST((ec == soap::errc::unexpected_http_status), ec.message());
  BOOST_TEST(d.upnp_code == 0);
}

BOOST_AUTO_TEST_CASE(http_control_only_spares_description_gets_unless_false) {
  running_lab rig(loopback_lab());
  BOOST_REQUIRE_MESSAGE(!rig.start_error(), rig.start_detail());
  const auto url = rig.description_url();
  auto c = client_with_deadline(hang_limit);
  const auto g = c.open(url);

  auto f = http_fault(sim::http_fault_action::reset);
  BOOST_REQUIRE(f.http.control_only);  // the documented default
  set_faults(rig, f);
  auto [get_ec, body] = fetch(url, hang_limit);
  BOOST_TEST(!get_ec, get_ec.message());
  BOOST_TEST(body.find("InternetGatewayDevice") != std::string::npos);
  BOOST_TEST((external_ip_raw(g, hang_limit).ec == soap::errc::connection_reset));

  f.http.control_only = false;
  set_faults(rig, f);
  auto [get_ec2, body2] = fetch(url, hang_limit);
  BOOST_TEST((get_ec2 == soap::errc::connection_reset), get_ec2.message());
  BOOST_TEST(body2.empty());
  // Every HTTP request: opening the gateway (description GET) fails too.
  auto c2 = client_with_deadline(hang_limit);
  std::error_code open_ec;
  c2.open(url, open_ec);
  BOOST_TEST(static_cast<bool>(open_ec));
}

BOOST_AUTO_TEST_CASE(http_times_one_fails_only_the_next_call) {
  running_lab rig(loopback_lab());
  BOOST_REQUIRE_MESSAGE(!rig.start_error(), rig.start_detail());
  auto c = client_with_deadline(hang_limit);
  c.open(rig.description_url());
  auto f = http_fault(sim::http_fault_action::reset);
  f.http.times = 1;
  set_faults(rig, f);
  std::error_code ec;
  c.invoke<igd::get_external_ip_address>({}, ec);
  BOOST_TEST((ec == soap::errc::connection_reset), ec.message());
  BOOST_TEST(external_ip_text(c) == "203.0.113.10");  // the next call is answered
  BOOST_TEST(external_ip_text(c) == "203.0.113.10");
  const auto now = rig.on_lab([](sim::lab& l) { return l.faults(); });
  BOOST_TEST((now.http == sim::http_faults{}));  // spent: cleared itself
}

BOOST_AUTO_TEST_CASE(not_answering_times_out_at_the_client_deadline_then_resumes) {
  running_lab rig(loopback_lab());
  BOOST_REQUIRE_MESSAGE(!rig.start_error(), rig.start_detail());
  const auto ssdp = rig.on_lab([](sim::lab& l) { return l.ssdp_endpoint(); });
  // The client under test gives up after `deadline`; it is opened while the router answers, so
  // that deadline must also cover a loaded machine's ordinary requests.
  constexpr auto deadline = 2000ms;
  auto c = client_with_deadline(deadline);
  c.open(rig.description_url());
  auto patient = client_with_deadline(hang_limit);
  patient.open(rig.description_url());

  sim::fault_set f;
  f.answering = false;
  set_faults(rig, f);
  const auto t0 = steady::now();
  std::error_code ec;
  c.invoke<igd::get_external_ip_address>({}, ec);
  const auto took = ms_since(t0);
  BOOST_TEST((ec == soap::errc::timeout), ec.message());  // its own deadline ended it ...
  BOOST_TEST(took >= deadline.count() * 9 / 10);          // ... held until then, not refused
  BOOST_TEST(search_once(ssdp, 500ms).empty());
  auto [get_ec, body] = fetch(rig.description_url(), 400ms);  // a hung daemon: no GET answered either
  BOOST_TEST((get_ec == soap::errc::timeout), get_ec.message());

  f.answering = true;
  set_faults(rig, f);
  BOOST_TEST(external_ip_text(patient) == "203.0.113.10");
  BOOST_TEST(search_for(ssdp, 1, hang_limit, surplus_window).size() == 1u);
}

BOOST_AUTO_TEST_CASE(reboot_bumps_bootid_and_keeps_mappings) {
  running_lab rig(loopback_lab());
  BOOST_REQUIRE_MESSAGE(!rig.start_error(), rig.start_detail());
  const auto ssdp = rig.on_lab([](sim::lab& l) { return l.ssdp_endpoint(); });
  auto c = client_with_deadline(hang_limit);
  c.open(rig.description_url());
  c.add_port_mapping(to_echo(41001, rig.tcp_echo_port()));

  auto before = search_for(ssdp, 1, hang_limit, surplus_window);
  BOOST_REQUIRE_EQUAL(before.size(), 1u);
  const auto id = boot_id_of(before[0]);
  const auto returned = rig.on_lab([](sim::lab& l) { return l.reboot(); });
  BOOST_TEST(returned == id + 1);
  auto after = search_for(ssdp, 1, hang_limit, surplus_window);
  BOOST_REQUIRE_EQUAL(after.size(), 1u);
  BOOST_TEST(boot_id_of(after[0]) == id + 1);

  auto e = c.invoke<igd::get_specific_port_mapping_entry>({{}, 41001, protocol::tcp});
  BOOST_TEST(e.internal_port == rig.tcp_echo_port());
  BOOST_TEST(e.description == "lab-faults");
  // The data path comes back too.
  BOOST_TEST(probe(rig, asio::ip::make_address_v4("203.0.113.10"), 41001).reachable);
}

BOOST_AUTO_TEST_CASE(reboot_forgets_profile_loses_mappings) {
  running_lab rig(loopback_lab({"reboot-forgets"}));
  BOOST_REQUIRE_MESSAGE(!rig.start_error(), rig.start_detail());
  auto c = client_with_deadline(hang_limit);
  c.open(rig.description_url());
  c.add_port_mapping(to_echo(41002, rig.tcp_echo_port()));
  auto first = c.invoke<igd::get_generic_port_mapping_entry>({0});
  BOOST_TEST(first.external_port == 41002);

  rig.on_lab([](sim::lab& l) { return l.reboot(); });
  std::error_code ec;
  igd::diagnostics d;
  c.invoke<igd::get_generic_port_mapping_entry>({0}, ec, &d);
  BOOST_TEST((ec == igd::upnp_errc::specified_array_index_invalid), ec.message());
  BOOST_TEST(d.upnp_code == 713);
  BOOST_TEST(!probe(rig, asio::ip::make_address_v4("203.0.113.10"), 41002).reachable);
}

BOOST_AUTO_TEST_CASE(set_wan_ip_moves_external_ip_and_the_public_endpoint) {
  running_lab rig(loopback_lab());
  BOOST_REQUIRE_MESSAGE(!rig.start_error(), rig.start_detail());
  auto c = client_with_deadline(hang_limit);
  c.open(rig.description_url());
  c.add_port_mapping(to_echo(41003, rig.tcp_echo_port()));
  const auto old_ip = asio::ip::make_address_v4("203.0.113.10");
  const auto new_ip = asio::ip::make_address_v4("203.0.113.77");

  BOOST_TEST(external_ip_text(c) == "203.0.113.10");
  BOOST_TEST(probe(rig, old_ip, 41003).reachable);

  rig.on_lab([&](sim::lab& l) {
    l.set_wan_ip(new_ip);
    return 0;
  });
  BOOST_TEST(external_ip_text(c) == "203.0.113.77");
  const auto at_old = probe(rig, old_ip, 41003);
  BOOST_TEST(!at_old.reachable);
  BOOST_TEST(!at_old.reason.empty());
  const auto at_new = probe(rig, new_ip, 41003);
  BOOST_TEST(at_new.reachable, at_new.reason);

  // The loopback socket standing for the new public address really forwards to the service.
  const auto ep = rig.on_lab([&](sim::lab& l) { return l.find_public_endpoint(protocol::tcp, new_ip, 41003); });
  BOOST_REQUIRE(ep.has_value());
  BOOST_TEST(echoes(ep->loopback_address, ep->loopback_port));
  BOOST_TEST(!rig.on_lab([&](sim::lab& l) { return l.find_public_endpoint(protocol::tcp, old_ip, 41003); }));
}
