#pragma once
// An embedded simrouter on its own thread for igd::client tests, so the synchronous client
// overloads (which run their own io_context) can block while the router answers.
#include "igdkit/igd/client.hpp"
#include "igdkit/sim/router.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string_view>
#include <thread>

namespace igdkit::test {

struct rig {
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work{io.get_executor()};
  std::unique_ptr<sim::router> router;
  std::thread thread;

  explicit rig(sim::igd_version v, sim::lease_policy lease = sim::lease_policy::spec) : rig(options(v, lease)) {}
  explicit rig(sim::router_options o) {
    router = std::make_unique<sim::router>(io.get_executor(), std::move(o));
    BOOST_REQUIRE(!router->start());
    thread = std::thread([this] { io.run(); });
  }
  ~rig() {
    boost::asio::post(io, [this] { router->stop(); });
    work.reset();
    thread.join();
  }
  rig(const rig&) = delete;
  rig& operator=(const rig&) = delete;
  boost::urls::url url() const { return router->description_url(); }

  static sim::router_options options(sim::igd_version v, sim::lease_policy lease = sim::lease_policy::spec) {
    sim::router_options o;
    o.config.version = v;
    o.config.secure_mode = false;  // lets tests map 127.0.0.2 to provoke 718
    o.config.quirks.lease = lease;
    // simrouter's default WAN address is TEST-NET-3, which ranks as "reserved"; a routable one
    // lets discovery see a connected_public IGD and return early.
    o.config.external_ip = boost::asio::ip::make_address_v4("93.184.216.34");
    return o;
  }
};

inline igd::mapping_request mapping(std::uint16_t ext, std::string_view client = "127.0.0.1") {
  igd::mapping_request m;
  m.external_port = ext;
  m.internal_port = ext;
  m.internal_client = boost::asio::ip::make_address(client);
  m.description = "test";
  return m;
}

}  // namespace igdkit::test
