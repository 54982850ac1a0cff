#pragma once
// Drives keeper::core against a sim::router in memory under a fake clock: every `send` runs
// through the real UPnP backend and igd::client over an in-memory transport, every `wait_until`
// just moves the clock. Hours of leases take milliseconds.
#include "igdkit/igd/keeper/core.hpp"
#include "igdkit/igd/keeper/upnp_backend.hpp"
#include "igdkit/sim/profiles.hpp"
#include "igdkit/sim/router.hpp"
#include "support/in_memory_router.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <memory>
#include <vector>

namespace igdkit::test {

namespace keeper = igd::keeper;
using namespace std::chrono_literals;

inline sim::router_options keeper_router_options(fake_clock& clock, std::vector<std::string> profiles = {}) {
  sim::router_options o;
  o.config.external_ip = boost::asio::ip::make_address_v4("93.184.216.34");
  o.config.secure_mode = false;  // lets 127.0.0.2's mappings be made from the test's client
  // Cameras publish 80 and 554: allow the well-known range too (the default rules, like
  // miniupnpd's, allow 1024-65535 only).
  o.lan_from_address = false;
  o.config.lan = boost::asio::ip::make_network_v4("127.0.0.0/8");
  o.config.permissions = {{sim::permission_action::allow, {1, 65535}, o.config.lan, {1, 65535}}};
  o.now = clock.source();
  if (!profiles.empty()) {
    auto applied = sim::apply_profiles(profiles, o);
    BOOST_REQUIRE_MESSAGE(!applied.ec, applied.detail);
  }
  return o;
}

inline keeper::desired_mapping want(std::string label, std::uint16_t port,
                                    keeper::port_policy policy = keeper::port_policy::same_port_or_next,
                                    std::optional<std::uint16_t> external = std::nullopt) {
  keeper::desired_mapping m;
  m.label = std::move(label);
  m.internal_port = port;
  m.external_port = external;
  m.internal_client = boost::asio::ip::make_address_v4("127.0.0.1");
  m.policy = policy;
  return m;
}

struct keeper_driver {
  fake_clock clock;
  boost::asio::io_context io;
  std::unique_ptr<sim::router> router;
  wire_stats stats;
  igd::client client;
  keeper::upnp_backend backend;
  keeper::core core;
  std::vector<keeper::event> events;
  // Set: sees every SOAP call first and may answer it instead of the router.
  std::function<std::optional<soap::call_outcome>(const soap::action_request&)> intercept;

  explicit keeper_driver(std::vector<std::string> profiles = {}, keeper::keeper_options options = {},
                         std::vector<keeper::remembered_port> remembered = {})
      : router(std::make_unique<sim::router>(io.get_executor(), keeper_router_options(clock, std::move(profiles)))),
        client(io.get_executor(), {}, indirect_transport()),
        backend(client, {boost::urls::url("http://127.0.0.1:49152/rootDesc.xml"), {}, igd::url_policy::same_host}),
        core(std::move(options), std::move(remembered)) {}

  // The transport follows `router`, so a test can swap in another router (an IGD replaced).
  igd::transport indirect_transport() {
    igd::transport t;
    t.call = [this](boost::urls::url u, soap::action_request r, soap::http_options h) {
      return routed_call(this, std::move(u), std::move(r), std::move(h));
    };
    t.get = [this](boost::urls::url u, soap::http_options) {
      return in_memory_get(router.get(), &stats, boost::asio::ip::make_address("127.0.0.1"), std::move(u));
    };
    return t;
  }
  static boost::asio::awaitable<soap::call_outcome> routed_call(keeper_driver* self, boost::urls::url u,
                                                                soap::action_request r, soap::http_options h) {
    if (self->intercept)
      if (auto answer = self->intercept(r)) co_return std::move(*answer);
    co_return co_await in_memory_call(self->router.get(), &self->stats, boost::asio::ip::make_address("127.0.0.1"),
                                      std::move(u), std::move(r), std::move(h));
  }

  sim::clock::time_point now() const { return clock.now; }

  keeper::outcome execute(keeper::operation op) {
    std::optional<keeper::outcome> out;
    boost::asio::co_spawn(io, backend.execute(std::move(op)), [&](std::exception_ptr ep, keeper::outcome o) {
      BOOST_REQUIRE(!ep);
      out = std::move(o);
    });
    io.restart();
    io.run();
    BOOST_REQUIRE(out);
    return std::move(*out);
  }

  // Steps the core until it has nothing to do before `until` (the clock then stands at `until`),
  // or until it is done. Returns false when it finished (stopped).
  bool run_until(sim::clock::time_point until) {
    for (std::size_t guard = 0; guard < 1'000'000; ++guard) {
      auto s = core.next(clock.now);
      if (auto* e = std::get_if<keeper::event>(&s)) {
        BOOST_TEST_MESSAGE("event: " << keeper::describe(*e));
        events.push_back(std::move(*e));
      } else if (auto* send = std::get_if<keeper::core::send>(&s)) {
        auto answer = execute(std::move(send->op));
        core.on_outcome(std::move(answer), clock.now);
      } else if (auto* w = std::get_if<keeper::core::wait_until>(&s)) {
        BOOST_REQUIRE(w->at >= clock.now);  // never asks to be woken in the past (no spinning)
        if (w->at > until) {
          clock.now = until;
          return true;
        }
        clock.now = w->at == clock.now ? clock.now + 1ms : w->at;
      } else if (std::holds_alternative<keeper::core::done>(s)) {
        return false;
      } else {
        BOOST_FAIL("an operation was left unanswered");
      }
    }
    BOOST_FAIL("the keeper did not settle");
    return false;
  }
  bool run_for(sim::clock::duration d) { return run_until(clock.now + d); }

  template <class E>
  std::vector<E> all() const {
    std::vector<E> out;
    for (const auto& e : events)
      if (auto* x = std::get_if<E>(&e)) out.push_back(*x);
    return out;
  }
  std::vector<sim::port_mapping> table() { return router->mappings(); }
};

}  // namespace igdkit::test
