// Quickstart: start a simulated router in-process on loopback, then use the synchronous
// igd::client facade the way an integrator would: find the router, map a port, list the
// mappings, delete the mapping. Built and run by CTest, so this file cannot go stale.
#include <igdkit/igd/client.hpp>
#include <igdkit/sim/router.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <iostream>
#include <thread>

namespace asio = boost::asio;
using namespace igdkit;

int main() {
  // The lab: a spec-exact IGD:2 on 127.0.0.1 with ephemeral ports, on its own thread.
  asio::io_context router_io;
  sim::router router(router_io.get_executor(), sim::router_options{});
  if (auto ec = router.start()) {
    std::cerr << "router: " << ec.message() << "\n";
    return 1;
  }
  std::jthread router_thread([&] { router_io.run(); });

  // The integrator's side. On a real LAN, leave `unicast` unset to multicast an M-SEARCH.
  asio::io_context io;
  igd::client client(io.get_executor());
  igd::discover_options discovery;
  discovery.search.unicast = router.ssdp_endpoint();

  int status = 0;
  try {
    igd::gateway gw = client.discover(discovery);
    std::cout << "found " << gw.desc.root.friendly_name << " at " << gw.location.buffer() << "\n";

    igd::mapping_request want;
    want.external_port = 40000;
    want.internal_port = 40000;
    want.proto = protocol::tcp;
    want.lease = std::chrono::seconds(3600);
    want.description = "quickstart";
    igd::mapping_result got = client.add_port_mapping(want);
    std::cout << "mapped TCP " << got.external_port << " -> " << got.internal_client << ":" << got.internal_port
              << "\n";

    for (const auto& m : client.list_mappings())
      std::cout << "  " << to_string(m.proto) << " " << m.external_port << " -> " << m.internal_client << ":"
                << m.internal_port << " '" << m.description << "' lease " << m.lease.count() << "s\n";

    client.delete_port_mapping({.external_port = got.external_port, .proto = protocol::tcp});
    std::cout << "deleted; " << client.list_mappings().size() << " mappings left\n";
  } catch (const std::system_error& e) {
    // Router faults arrive as upnp_errc: "ConflictInMappingEntry (718)", the router's words beside.
    std::cerr << "error: " << e.what() << "\n";
    status = 1;
  }

  // sim::router is not thread-safe: stop it on its own executor, then let its thread finish.
  asio::post(router_io, [&] {
    router.stop();
    router_io.stop();
  });
  return status;
}
