// One LAN host must not deny the IGD to everyone (issue 12 §1), under the default limits: a
// slowloris host on 127.0.0.2 holds 1000 unfinished connections and re-opens each one the
// moment the server closes it, while
//  - another host (127.0.0.1) asks GetExternalIPAddress on the IGD, and reads the admin API;
//  - the attacking address itself sends one well-formed request.
// Each of those must be answered within its deadline. Loopback only; figures go to stdout.
#define BOOST_TEST_MODULE robustness_one_host_flood
#include "load_rig.hpp"
#include "slow_host.hpp"

#include "igdkit/sim/lab.hpp"
#include "igdkit/soap/http_client.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdio>

using namespace igdkit;
using namespace igdkit::robustness;
using namespace std::chrono_literals;
using tcp = asio::ip::tcp;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr auto tuple_awaitable = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t attack_slots = 1000;
const auto attacker = asio::ip::make_address("127.0.0.2");
const auto victim = asio::ip::make_address("127.0.0.1");

// What one request under attack got, and how long it took.
struct answered {
  bool done = false;
  std::error_code ec = make_error_code(std::errc::timed_out);
  unsigned status = 0;
  std::string body;
  std::chrono::milliseconds took{0};
};

// GET `target` from `source` in one well-formed burst, with a deadline.
asio::awaitable<void> get_from(asio::ip::address source, tcp::endpoint to, std::string target, answered& out) {
  const auto t0 = std::chrono::steady_clock::now();
  beast::tcp_stream stream(co_await asio::this_coro::executor);
  boost::system::error_code ec;
  stream.socket().open(to.protocol(), ec);
  if (!ec) stream.socket().bind(tcp::endpoint(source, 0), ec);
  stream.expires_after(3s);
  if (!ec) std::tie(ec) = co_await stream.async_connect(to, tuple_awaitable);
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.keep_alive(false);
  if (!ec) std::tie(ec, std::ignore) = co_await http::async_write(stream, req, tuple_awaitable);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  if (!ec) std::tie(ec, std::ignore) = co_await http::async_read(stream, buffer, res, tuple_awaitable);
  out.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  out.ec = ec;
  out.status = res.result_int();
  out.body = res.body();
  out.done = true;
}

// The IGD call the issue reproduced with `igdctl external-ip`, from 127.0.0.1.
asio::awaitable<void> external_ip(boost::urls::url control, answered& out) {
  const auto t0 = std::chrono::steady_clock::now();
  soap::http_options http;
  http.deadline = 3s;
  // A named request: gcc 12 destroys a braced temporary inside co_await twice.
  const soap::action_request request{"urn:schemas-upnp-org:service:WANIPConnection:2", "GetExternalIPAddress", {}};
  auto [ec, r] = co_await soap::async_call(co_await asio::this_coro::executor, control, request, http, tuple_awaitable);
  out.took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  out.ec = ec;
  out.status = r.http_status;
  out.body = soap::find_argument(r.arguments, "NewExternalIPAddress").value_or("");
  out.done = true;
}

// The attack is in full swing once every slot got in at least once and the server has closed
// as many connections as it cannot (or will not) keep.
bool attack_established(const slow_host& h, std::size_t server_can_hold) {
  return h.slots_connected == attack_slots && h.closed_by_server >= attack_slots - server_can_hold;
}

void end_attack(slow_host& h, const char* server) {
  BOOST_TEST(h.stop(), "attack coroutines still running 3 s after the sockets were closed");
  std::printf("%s: %zu slow slots from 127.0.0.2, %zu connects, %zu closed by the server\n", server, attack_slots,
              h.connects.load(), h.closed_by_server.load());
}

// A sim::lab (for its admin API) on its own io_context thread, as router_thread does for a router.
class lab_thread {
 public:
  explicit lab_thread(sim::lab_options o) : guard_(io_.get_executor()), lab_(io_.get_executor(), std::move(o)) {
    start_error_ = lab_.start();
    admin_ = lab_.admin_url();
    thread_ = std::thread([this] { io_.run(); });
  }
  ~lab_thread() {
    asio::post(io_, [this] {
      lab_.stop();
      guard_.reset();
    });
    thread_.join();
  }
  lab_thread(const lab_thread&) = delete;
  lab_thread& operator=(const lab_thread&) = delete;

  std::error_code start_error() const { return start_error_; }
  tcp::endpoint admin() const {
    return tcp::endpoint(asio::ip::make_address(admin_.host_address()), admin_.port_number());
  }

 private:
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> guard_;
  sim::lab lab_;
  std::error_code start_error_;
  boost::urls::url admin_;
  std::thread thread_;
};

}  // namespace

// 1000 attacking sockets, up to the server's cap on the far side, and churn.
using fd_limit_fixture = fd_limit_at_least<2600>;
BOOST_TEST_GLOBAL_FIXTURE(fd_limit_fixture);

BOOST_AUTO_TEST_CASE(slow_host_denies_neither_another_host_nor_its_own_well_formed_request) {
  const sim::router_options defaults;
  router_thread rt(defaults);
  BOOST_TEST_REQUIRE(!rt.start_error());
  const auto to = rt.http();

  slow_host attack(attacker, to, attack_slots);
  const auto per_source = defaults.server.admission.max_unfinished_per_source;
  BOOST_TEST_REQUIRE(poll_until([&] { return attack_established(attack, per_source); }, 20s),
                     "attack not established: " << attack.slots_connected << " slots in, " << attack.closed_by_server
                                                << " closed by the server");

  asio::io_context io;  // the two requests: other processes than the attack's
  answered other_host, own_request;
  asio::co_spawn(io, external_ip(rt.url("/ctl/IPConn"), other_host), asio::detached);
  asio::co_spawn(io, get_from(attacker, to, "/rootDesc.xml", own_request), asio::detached);
  run_until(io, [&] { return other_host.done && own_request.done; }, 5s);

  BOOST_TEST(!other_host.ec, "127.0.0.1's GetExternalIPAddress: " << other_host.ec.message());
  BOOST_TEST(other_host.body == "203.0.113.7");
  BOOST_TEST(!own_request.ec, "127.0.0.2's well-formed GET: " << own_request.ec.message());
  BOOST_TEST(own_request.status == 200u);
  // Nobody was turned away: the server made room by evicting unfinished connections, and held
  // no more than its cap (+ evicted sessions still closing).
  const auto stats = rt.stats();
  const auto cap = defaults.server.admission.max_connections;
  BOOST_TEST(stats.refused == 0u);
  BOOST_TEST(stats.evicted >= attack_slots - cap);
  BOOST_TEST(stats.active <= cap + 2);
  end_attack(attack, "igd");
  std::printf("igd: %zu evicted, %zu refused, %zu active at the end of the attack\n", stats.evicted, stats.refused,
              stats.active);
  std::printf("igd: under attack, 127.0.0.1 GetExternalIPAddress in %lld ms, 127.0.0.2 GET in %lld ms\n",
              static_cast<long long>(other_host.took.count()), static_cast<long long>(own_request.took.count()));
}

BOOST_AUTO_TEST_CASE(slow_host_does_not_deny_the_admin_api_to_another_host) {
  lab_thread lt{sim::lab_options{}};
  BOOST_TEST_REQUIRE(!lt.start_error());
  const auto to = lt.admin();

  slow_host attack(attacker, to, attack_slots);
  // The admin server's default limits (lab_admin.cpp): 64 connections, 16 unfinished per source.
  constexpr std::size_t admin_per_source = 16;
  BOOST_TEST_REQUIRE(poll_until([&] { return attack_established(attack, admin_per_source); }, 20s),
                     "attack not established: " << attack.slots_connected << " slots in, " << attack.closed_by_server
                                                << " closed by the server");

  asio::io_context io;  // the two requests: other processes than the attack's
  answered other_host, own_request;
  asio::co_spawn(io, get_from(victim, to, "/state", other_host), asio::detached);
  asio::co_spawn(io, get_from(attacker, to, "/state", own_request), asio::detached);
  run_until(io, [&] { return other_host.done && own_request.done; }, 5s);

  BOOST_TEST(!other_host.ec, "127.0.0.1's GET /state: " << other_host.ec.message());
  BOOST_TEST(other_host.status == 200u);
  BOOST_TEST(!own_request.ec, "127.0.0.2's GET /state: " << own_request.ec.message());
  BOOST_TEST(own_request.status == 200u);
  end_attack(attack, "admin");
  std::printf("admin: under attack, 127.0.0.1 GET /state in %lld ms, 127.0.0.2 GET /state in %lld ms\n",
              static_cast<long long>(other_host.took.count()), static_cast<long long>(own_request.took.count()));
}
