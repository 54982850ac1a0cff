// igd::client's public surface as an Asio user meets it: Asio's error type in completions
// (use_awaitable throws, as_tuple destructures), typed mappings and keys, the diagnostics overload
// of every operation, and open() with the SSRF policy that discover() takes.
#define BOOST_TEST_MODULE igd_client_api
#include <boost/test/unit_test.hpp>

#include "sim_rig.hpp"

#include "igdkit/igd/client.hpp"
#include "igdkit/igd/error.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <filesystem>

namespace asio = boost::asio;
using namespace igdkit;
using igdkit::test::mapping;
using igdkit::test::rig;

namespace {

// Runs a coroutine on the rig's thread and waits for it.
template <class F>
void run_on(rig& s, F body) {
  asio::co_spawn(s.io, std::move(body), asio::use_future).get();
}

}  // namespace

BOOST_AUTO_TEST_CASE(use_awaitable_throws_asio_errors_and_as_tuple_destructures) {
  rig s(sim::igd_version::v2);
  igd::client c(s.io.get_executor());
  run_on(s, [&]() -> asio::awaitable<void> {
    co_await c.async_open(s.url(), asio::use_awaitable);
    // A router fault surfaces as boost::system::system_error, like any Asio operation's failure.
    bool threw = false;
    try {
      co_await c.async_get_port_mapping({45000, protocol::tcp}, asio::use_awaitable);
    } catch (const boost::system::system_error& e) {
      threw = true;
      BOOST_TEST((e.code() == igd::upnp_errc::no_such_entry_in_array), e.code().message());
    }
    BOOST_TEST(threw);
    // as_tuple: auto [ec, value], with ec of Asio's own type.
    auto [ec, added] = co_await c.async_add_port_mapping(mapping(45000), asio::as_tuple(asio::use_awaitable));
    static_assert(std::is_same_v<decltype(ec), boost::system::error_code>);
    BOOST_TEST(!ec, ec.message());
    BOOST_TEST(added.external_port == 45000);
    auto [del_ec] = co_await c.async_delete_port_mapping({45000, protocol::tcp}, asio::as_tuple(asio::use_awaitable));
    BOOST_TEST(!del_ec, del_ec.message());
    igd::diagnostics d;
    auto [again_ec] = co_await c.async_delete_port_mapping({45000, protocol::tcp}, d, asio::as_tuple(asio::use_awaitable));
    BOOST_TEST((again_ec == igd::upnp_errc::no_such_entry_in_array));
    BOOST_TEST(d.upnp_code == 714);
    BOOST_TEST(!d.description.empty());
  });
}

BOOST_AUTO_TEST_CASE(typed_mappings_from_get_and_list) {
  rig s(sim::igd_version::v1);
  igd::client c(asio::system_executor{});
  c.open(s.url());
  auto m = mapping(45100);
  m.lease = std::chrono::seconds(600);
  m.description = "typed";
  c.add_port_mapping(m);
  const auto got = c.get_port_mapping({45100, protocol::tcp});
  BOOST_TEST(got.external_port == 45100);
  BOOST_TEST((got.proto == protocol::tcp));
  BOOST_TEST(!got.remote_host.has_value());
  BOOST_TEST(got.internal_client == asio::ip::make_address_v4("127.0.0.1"));
  BOOST_TEST(got.lease.count() > 0);
  BOOST_TEST(got.lease.count() <= 600);
  const auto listed = c.list_mappings();
  BOOST_REQUIRE(listed.size() == 1u);
  BOOST_TEST(listed.front().description == "typed");
  BOOST_TEST(listed.front().internal_client == got.internal_client);
  c.delete_port_mapping({45100, protocol::tcp});
  BOOST_TEST(c.list_mappings().empty());
}

BOOST_AUTO_TEST_CASE(external_ip_has_a_diagnostics_overload) {
  rig s(sim::igd_version::v2);
  igd::client c(s.io.get_executor());
  c.async_open(s.url(), asio::use_future).get();
  igd::diagnostics d;
  d.description = "stale";
  auto ip = c.async_external_ip(d, asio::use_future).get();
  BOOST_REQUIRE(ip.has_value());
  BOOST_TEST(ip->to_string() == "93.184.216.34");
  BOOST_TEST(d.description.empty());  // cleared by the call that succeeded
}

// The synchronous overloads run on one io_context the client keeps: its epoll instance stays
// open between calls instead of being built and torn down per call (issue 13 counted an
// epoll, timerfd, eventfd and thread per call).
BOOST_AUTO_TEST_CASE(synchronous_calls_reuse_one_event_loop) {
  auto epolls = [] {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
      std::error_code ec;
      const auto target = std::filesystem::read_symlink(e.path(), ec);
      if (!ec && target.string() == "anon_inode:[eventpoll]") ++n;
    }
    return n;
  };
  rig s(sim::igd_version::v2);
  const auto before = epolls();
  {
    igd::client c(asio::system_executor{});
    c.open(s.url());
    BOOST_TEST(epolls() == before + 1);
    for (int i = 0; i < 5; ++i) BOOST_TEST(c.external_ip().has_value());
    BOOST_TEST(epolls() == before + 1);
    igd::client copy = c;  // a copy makes its own loop when it first needs one
    BOOST_TEST(copy.external_ip().has_value());
    BOOST_TEST(epolls() == before + 2);
  }
  BOOST_TEST(epolls() == before);
}

// A description on 127.0.0.1 whose URLBase names another host (127.0.0.2): the default policy
// refuses to follow it, the caller's explicit opt-out follows it to the router that is there.
BOOST_AUTO_TEST_CASE(open_takes_the_ssrf_policy) {
  auto real = rig::options(sim::igd_version::v2);
  real.lan = asio::ip::make_address("127.0.0.2");
  real.config.external_ip = asio::ip::make_address_v4("93.184.216.35");
  rig elsewhere(std::move(real));
  auto pointing = rig::options(sim::igd_version::v2);
  pointing.layout.url_base = "http://127.0.0.2:" + std::to_string(elsewhere.router->http_endpoint().port()) + "/";
  rig front(std::move(pointing));

  igd::client c(asio::system_executor{});
  std::error_code ec;
  c.open(front.url(), ec);
  BOOST_TEST((ec == igd::errc::url_not_allowed), ec.message());
  c.open(front.url(), igd::url_policy::same_host, ec);
  BOOST_TEST((ec == igd::errc::url_not_allowed), ec.message());
  const auto g = c.open(front.url(), igd::url_policy::allow_any_host, ec);
  BOOST_REQUIRE_MESSAGE(!ec, ec.message());
  BOOST_TEST(g.connection.connection.control_url.host() == "127.0.0.2");
  BOOST_TEST(c.external_ip().value().to_string() == "93.184.216.35");
}

BOOST_AUTO_TEST_CASE(wire_entries_type_or_say_why) {
  igd::port_mapping_entry wire;
  wire.external_port = 80;
  wire.protocol = igd::wire_protocol::from_text("tcp");  // lenient case, as real routers send it
  wire.internal_port = 8080;
  wire.internal_client = igd::host_address::from_text(" 192.168.1.20 ");
  wire.remote_host = igd::host_address::from_text("*");
  igd::decode_note why{};
  auto typed = igd::to_mapping_entry(wire, &why);
  BOOST_REQUIRE_MESSAGE(typed.has_value(), why.argument << " " << why.received);
  BOOST_TEST((typed->proto == protocol::tcp));
  BOOST_TEST(typed->internal_client.to_string() == "192.168.1.20");
  BOOST_TEST(!typed->remote_host.has_value());

  const struct {
    const char *proto, *client, *remote, *field, *received;
  } bad[] = {
      {"SCTP", "192.168.1.20", "", "NewProtocol", "SCTP"},
      {"TCP", "camera.lan", "", "NewInternalClient", "camera.lan"},
      {"TCP", "fe80::1", "", "NewInternalClient", "fe80::1"},
      {"TCP", "192.168.1.20", "somewhere", "NewRemoteHost", "somewhere"},
  };
  for (const auto& b : bad) {
    wire.protocol = igd::wire_protocol::from_text(b.proto);
    wire.internal_client = igd::host_address::from_text(b.client);
    wire.remote_host = igd::host_address::from_text(b.remote);
    why = {};
    auto r = igd::to_mapping_entry(wire, &why);
    BOOST_TEST(!r.has_value(), b.field);
    if (!r) BOOST_TEST((r.error() == igd::errc::invalid_argument_value));
    BOOST_TEST(why.argument == b.field);
    BOOST_TEST(why.received == b.received);
    BOOST_TEST((why.issue == igd::decode_issue::not_typed));
    const igd::response_note note{"GetListOfPortMappings", std::string(why.argument), why.issue, why.received};
    BOOST_TEST(igd::describe(note).find(std::string(b.field) + " '" + b.received + "' has no typed form") !=
               std::string::npos, igd::describe(note));
  }
}
