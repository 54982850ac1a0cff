#pragma once
// igdkit::sim::router — the simulated IGD as one embeddable object: the pure igd_handler, the
// HTTP server in front of http_handler, and the SSDP responder, all on one executor and all
// derived from one device layout. Use it in-process from tests; the simrouter binary is a thin
// CLI around it. All member functions are meant to be called on the executor's thread (or
// before it runs): there is no internal locking.
#include "igdkit/async.hpp"
#include "igdkit/sim/device_layout.hpp"
#include "igdkit/sim/http_handler.hpp"
#include "igdkit/http_server.hpp"
#include "igdkit/sim/igd_handler.hpp"
#include "igdkit/sim/router_events.hpp"
#include "igdkit/sim/router_options.hpp"
#include "igdkit/ssdp/responder.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/url/url.hpp>

#include <memory>
#include <optional>
#include <system_error>
#include <vector>

namespace igdkit::sim {

class router {
 public:
  router(boost::asio::any_io_executor ex, router_options options);
  ~router();
  router(const router&) = delete;
  router& operator=(const router&) = delete;

  // Binds HTTP first (LOCATION needs its port), then SSDP. On failure nothing stays open.
  std::error_code start();

  boost::urls::url description_url() const;  // http://<lan>:<http port>/rootDesc.xml
  boost::asio::ip::udp::endpoint ssdp_endpoint() const;
  boost::asio::ip::tcp::endpoint http_endpoint() const;
  // The same on options().lan6 (nullopt / unspecified endpoints without it).
  std::optional<boost::urls::url> description_url6() const;
  boost::asio::ip::udp::endpoint ssdp_endpoint6() const;

  // Closes everything now; the byebye set (multicast mode only) goes out when the executor
  // next runs.
  void stop();
  // Sends byebye, then closes. Completion: void(std::error_code, bool). The router must
  // outlive the operation.
  template <class CompletionToken>
  auto async_stop(CompletionToken&& token) {
    // A factory, so the coroutine frame is created inside the initiation (see async.hpp).
    return async_run<bool>(executor_, [this] { return stop_op(); }, std::forward<CompletionToken>(token));
  }

  // Simulated power cycle: bumps BOOTID.UPNP.ORG (byebye + alive when multicasting), resets
  // uptime, counters and pinholes, and clears the mappings if options().reboot_forgets.
  // Returns the new boot id.
  std::uint32_t reboot();
  std::uint32_t boot_id() const noexcept { return boot_id_; }
  // The root device's UUID (without "uuid:"), as announced in USN and UDN.
  const std::string& device_uuid() const noexcept { return options_.layout.root_uuid; }
  // The WAN address GetExternalIPAddress reports (nullopt: not known / not connected).
  void set_external_ip(std::optional<boost::asio::ip::address_v4> ip);
  // Something changed the model outside a request (the lab's link switch, an admin edit):
  // subscribers get the evented variables that changed.
  void state_changed() { events_.refresh(); }

  // One HTTP request answered in process, exactly as the server would answer it from `peer`
  // (no socket; works before start()). In-memory transports for tests use it.
  http_response serve(const http_request& request, const boost::asio::ip::address& peer);

  // The pure state, for tests and the lab.
  igd_handler& handler() noexcept { return igd_; }
  std::vector<port_mapping> mappings() { return igd_.list_mappings(options_.now()); }
  const root_layout& layout() const noexcept { return http_handler_.layout(); }
  const router_options& options() const noexcept { return options_; }
  const http_server_stats& http_stats() const noexcept { return http_server_.stats(); }
  const gena::publisher& events() const noexcept { return events_.publisher(); }

 private:
  boost::asio::awaitable<result<bool>> stop_op();
  result<std::shared_ptr<ssdp::responder>> start_responder(const boost::asio::ip::address& lan, std::uint16_t http_port,
                                                           unsigned lan_interface);
  std::error_code start_lan6();
  http_server_options with_write_hook(http_server_options o);

  boost::asio::any_io_executor executor_;
  router_options options_;
  igd_handler igd_;
  http_handler http_handler_;
  router_events events_;
  http_server http_server_;
  std::shared_ptr<ssdp::responder> responder_;
  // lan6: its own HTTP server and responder (one socket family each), same handler and tree.
  std::unique_ptr<http_server> http_server6_;
  std::shared_ptr<ssdp::responder> responder6_;
  bool started_ = false;
  std::uint32_t boot_id_ = 1;
};

}  // namespace igdkit::sim
