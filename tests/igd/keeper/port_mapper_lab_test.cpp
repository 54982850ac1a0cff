// igd::port_mapper, the real runner, against an in-process simrouter lab over loopback: mapping
// up and reachable through the lab's data path, a reboot that forgets restored (real clock), the
// state file giving a restart the same ports, and stop leaving the router's table empty.
#define BOOST_TEST_MODULE igd_port_mapper_lab
#include <boost/test/unit_test.hpp>

#include "support/run_until.hpp"

#include "igdkit/igd/port_mapper.hpp"
#include "igdkit/sim/lab.hpp"
#include "lab/lab_rig.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <filesystem>
#include <unistd.h>

using namespace igdkit;
using namespace std::chrono_literals;
namespace asio = boost::asio;
namespace keeper = igd::keeper;

namespace {

struct mapper_rig {
  asio::io_context io;
  sim::lab lab;
  sim::test::tcp_echo_service service{io.get_executor()};
  std::vector<keeper::event> events;
  asio::steady_timer signal{io};
  std::unique_ptr<igd::port_mapper> mapper;
  bool finished = false;

  explicit mapper_rig(std::vector<std::string> profiles = {}, bool secure = true)
      : lab(io.get_executor(), options(std::move(profiles), secure)) {
    std::string detail;
    BOOST_REQUIRE_MESSAGE(!lab.start(&detail), detail);
  }
  static sim::lab_options options(std::vector<std::string> profiles, bool secure) {
    sim::lab_options o;
    o.router.config.secure_mode = secure;
    o.profiles = std::move(profiles);
    o.admin = false;
    return o;
  }
  void start_mapper(igd::port_mapper_options o) {
    o.gateway.location = lab.description_url();
    mapper = std::make_unique<igd::port_mapper>(io.get_executor(), std::move(o), [this](const keeper::event& e) {
      events.push_back(e);
      signal.cancel();
    });
    std::string why;
    BOOST_REQUIRE_MESSAGE(!mapper->load_state(&why), why);
    mapper->async_run([this](boost::system::error_code ec) {
      BOOST_TEST(!ec);
      finished = true;
      signal.cancel();
    });
  }
  // Runs the loop until `done()` holds, at most `limit` (real time). No sleeps: woken by events.
  template <class Pred>
  bool run_until(Pred done, std::chrono::milliseconds limit = 10s) {
    return igdkit::test::run_until(io, signal, done, limit);
  }
  std::size_t count_up() const {
    std::size_t n = 0;
    for (const auto& e : events) n += std::holds_alternative<keeper::mapping_up>(e);
    return n;
  }
  sim::probe_result probe(std::uint16_t port) {
    std::optional<sim::probe_result> out;
    lab.async_probe({protocol::tcp, lab.snapshot().public_ip, port, 1000ms},
                    [&](boost::system::error_code, sim::probe_result r) { out = std::move(r); });
    run_until([&] { return out.has_value(); });
    return out.value_or(sim::probe_result{});
  }
};

keeper::mapping_set set_for(std::uint16_t port) {
  keeper::desired_mapping m;
  m.label = "http";
  m.internal_port = port;
  m.internal_client = asio::ip::make_address_v4("127.0.0.1");
  return {"camera", {m}};
}

struct temp_file {
  std::filesystem::path path = std::filesystem::temp_directory_path() / ("igdkit-mapper-" + std::to_string(::getpid()) + ".json");
  ~temp_file() { std::filesystem::remove(path); }
};

}  // namespace

BOOST_AUTO_TEST_CASE(maps_is_reachable_and_stop_empties_the_table) {
  mapper_rig rig;
  rig.start_mapper({});
  rig.mapper->put_set(set_for(rig.service.port()));
  BOOST_REQUIRE(rig.run_until([&] { return rig.count_up() == 1; }));
  const auto& up = std::get<keeper::mapping_up>(rig.events[1]);
  BOOST_TEST(up.external_port == rig.service.port());
  BOOST_TEST(up.external_ip->to_string() == "203.0.113.10");
  auto probe = rig.probe(up.external_port);
  BOOST_TEST(probe.reachable, probe.reason);
  BOOST_TEST(rig.lab.home().mappings().size() == 1u);
  rig.mapper->stop();
  BOOST_REQUIRE(rig.run_until([&] { return rig.finished; }));
  BOOST_TEST(rig.lab.home().mappings().empty());
}

BOOST_AUTO_TEST_CASE(reboot_that_forgets_is_restored_at_the_next_check) {
  mapper_rig rig({"reboot-forgets"});
  igd::port_mapper_options o;
  o.keeper.check_interval = 1s;
  rig.start_mapper(o);
  rig.mapper->put_set(set_for(rig.service.port()));
  BOOST_REQUIRE(rig.run_until([&] { return rig.count_up() == 1; }));
  rig.lab.reboot();
  const auto rebooted = std::chrono::steady_clock::now();
  BOOST_TEST(rig.lab.home().mappings().empty());
  BOOST_REQUIRE(rig.run_until([&] { return rig.count_up() == 2; }, 5s));
  const auto restored_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - rebooted).count();
  BOOST_TEST_MESSAGE("reboot -> mapping restored in " << restored_ms << " ms (check_interval 1 s)");
  BOOST_TEST(restored_ms <= 2000.0);
  const keeper::mapping_up* last_up = nullptr;
  for (const auto& e : rig.events)
    if (auto* u = std::get_if<keeper::mapping_up>(&e)) last_up = u;
  BOOST_TEST(last_up->restored);
  BOOST_TEST(rig.probe(rig.service.port()).reachable);
  rig.mapper->stop();
  BOOST_REQUIRE(rig.run_until([&] { return rig.finished; }));
}

BOOST_AUTO_TEST_CASE(restart_with_the_state_file_gets_the_same_port) {
  temp_file state;
  mapper_rig rig({}, false);  // not secure: this test plays the other host (127.0.0.2) too
  // Another host holds the service's port, so the first run gets port+1.
  igd::client other(rig.io.get_executor());
  auto m = igd::mapping_request{};
  m.external_port = rig.service.port();
  m.internal_port = 9999;
  m.internal_client = asio::ip::make_address("127.0.0.2");
  m.description = "someone else";
  std::optional<boost::system::error_code> added;
  other.async_open(rig.lab.description_url(), [&](boost::system::error_code ec, igd::gateway) {
    BOOST_REQUIRE(!ec);
    other.async_add_port_mapping(m, [&](boost::system::error_code aec, igd::mapping_result) { added = aec; });
  });
  BOOST_REQUIRE(rig.run_until([&] { return added.has_value(); }));
  BOOST_REQUIRE(!*added);

  igd::port_mapper_options o;
  o.state_file = state.path;
  rig.start_mapper(o);
  rig.mapper->put_set(set_for(rig.service.port()));
  BOOST_REQUIRE(rig.run_until([&] { return rig.count_up() == 1; }));
  const auto first_port = rig.mapper->core().chosen_ports().at(0).external_port;
  BOOST_TEST(first_port == rig.service.port() + 1);
  // The application exits (removing its mapping); the other host's mapping goes away meanwhile.
  rig.mapper->stop();
  BOOST_REQUIRE(rig.run_until([&] { return rig.finished; }));
  BOOST_TEST(rig.lab.home().mappings().size() == 1u);
  rig.mapper.reset();
  rig.finished = false;
  std::optional<boost::system::error_code> deleted;
  other.async_delete_port_mapping({rig.service.port(), protocol::tcp}, [&](boost::system::error_code ec) { deleted = ec; });
  BOOST_REQUIRE(rig.run_until([&] { return deleted.has_value(); }));
  rig.events.clear();
  rig.start_mapper(o);
  rig.mapper->put_set(set_for(rig.service.port()));
  BOOST_REQUIRE(rig.run_until([&] { return rig.count_up() == 1; }));
  BOOST_TEST(rig.mapper->core().chosen_ports().at(0).external_port == first_port);
  rig.mapper->stop();
  BOOST_REQUIRE(rig.run_until([&] { return rig.finished; }));
  BOOST_TEST(rig.lab.home().mappings().empty());
}

// With GENA (simrouter events by default) the keeper hears of a WAN address change at once,
// although its health check is a minute away, and reports mappings down while the WAN is down.
BOOST_AUTO_TEST_CASE(events_bring_changes_without_waiting_for_the_check) {
  mapper_rig rig;
  rig.start_mapper({});  // check_interval stays at 60 s
  rig.mapper->put_set(set_for(rig.service.port()));
  BOOST_REQUIRE(rig.run_until([&] { return rig.count_up() == 1; }));
  BOOST_REQUIRE(rig.run_until([&] { return rig.mapper->events() && rig.mapper->events()->core().active(0); }));
  auto find_ip_change = [&] {
    for (const auto& e : rig.events)
      if (const auto* c = std::get_if<keeper::external_ip_changed>(&e); c && c->to && c->to->to_string() == "203.0.113.66")
        return true;
    return false;
  };
  const auto changed = std::chrono::steady_clock::now();
  rig.lab.set_wan_ip(asio::ip::make_address_v4("203.0.113.66"));
  BOOST_REQUIRE(rig.run_until(find_ip_change, 5s));
  const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - changed).count();
  BOOST_TEST_MESSAGE("WAN IP change -> keeper external_ip_changed in " << ms << " ms (check_interval 60 s)");

  sim::fault_set down;
  down.wan_link_down = true;
  rig.lab.set_faults(down);
  auto wan_down_seen = [&] {
    for (const auto& e : rig.events)
      if (const auto* d = std::get_if<keeper::mapping_down>(&e); d && d->reason == keeper::down_reason::wan_down) return true;
    return false;
  };
  BOOST_REQUIRE(rig.run_until(wan_down_seen, 5s));
  const auto ups = rig.count_up();
  rig.lab.set_faults({});
  BOOST_REQUIRE(rig.run_until([&] { return rig.count_up() == ups + 1; }, 5s));
  const auto last_up = std::find_if(rig.events.rbegin(), rig.events.rend(),
                                    [](const auto& e) { return std::holds_alternative<keeper::mapping_up>(e); });
  BOOST_TEST(std::get<keeper::mapping_up>(*last_up).restored);
  rig.mapper->stop();
  BOOST_REQUIRE(rig.run_until([&] { return rig.finished; }));
  BOOST_TEST(rig.lab.home().mappings().empty());
  BOOST_TEST(rig.lab.home().events().empty());  // unsubscribed too
}
