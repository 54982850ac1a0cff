#pragma once
// The parts a lab is made of. Private to the library: lab.hpp shows only the operations.
#include "fault_switch.hpp"
#include "public_endpoint_set.hpp"
#include "request_log.hpp"

#include "igdkit/http_server.hpp"
#include "igdkit/sim/lab.hpp"
#include "igdkit/sim/state_file.hpp"

#include <boost/asio/steady_timer.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace igdkit::sim {

namespace detail {
struct stun_server;  // lab_stun.cpp
}  // namespace detail

// A probe waiting for its TCP connection to come out of a forwarder on the LAN side.
struct tcp_probe_wait {
  explicit tcp_probe_wait(const boost::asio::any_io_executor& ex) : signal(ex) {}
  boost::asio::steady_timer signal;  // cancelled when the forwarder reports
  std::optional<std::error_code> internal_result;
};

struct lab::impl {
  impl(boost::asio::any_io_executor ex, lab_options o);

  lab* owner = nullptr;
  boost::asio::any_io_executor ex;
  lab_options options;
  detail::fault_switch faults;
  detail::request_log log;
  std::unique_ptr<router> home;
  std::unique_ptr<router> upstream;  // double-nat with upstream_upnp
  detail::public_endpoint_set published;
  std::unique_ptr<http_server> admin;
  boost::asio::steady_timer ticker;  // lease expiry -> endpoints and state file follow
  std::map<boost::asio::ip::tcp::endpoint, tcp_probe_wait*> tcp_probes;  // by the prober's local endpoint
  bool running = false;

  // What was last written to the state file, to write only on change.
  struct saved_marker {
    std::uint32_t home_update_id = 0, upstream_update_id = 0, boot_id = 0;
    boost::asio::ip::address_v4 wan_ip, public_ip;
    friend bool operator==(const saved_marker&, const saved_marker&) = default;
  };
  std::optional<saved_marker> saved;

  // lab_persistence.cpp
  std::optional<persisted_state> restored;  // read by load_state, applied by restore_mappings
  std::error_code load_state(std::string* detail);
  void restore_mappings();
  void save_state_if_changed();

  // lab.cpp
  router_options home_options();
  router_options upstream_options();
  void on_router_request(const char* which, const boost::asio::ip::address& peer, const http_request& req,
                         const http_response& res);
  void refresh();  // routes -> forwarders, state file
  void start_ticker();
  void add_log(std::string kind, std::string peer, std::string detail, unsigned status = 0,
               std::optional<int> upnp_error = std::nullopt);

  // lab_snapshot.cpp
  std::vector<public_route> routes();
  lab_snapshot snapshot();
  router_snapshot snapshot_of(router& r, bool is_upstream);

  // lab_probe.cpp
  boost::asio::awaitable<probe_result> probe(probe_request request);
  boost::asio::awaitable<probe_result> probe_tcp(const public_endpoint& ep, std::chrono::milliseconds timeout);
  boost::asio::awaitable<probe_result> probe_udp(const public_endpoint& ep, std::chrono::milliseconds timeout);

  // lab_stun.cpp
  std::shared_ptr<detail::stun_server> stun;  // shared with its receive loop
  std::error_code start_stun(std::string* detail);
  void stop_stun();

  // lab_admin.cpp
  std::error_code start_admin();
  boost::asio::awaitable<http_response> admin_request(const http_request& request);
};

}  // namespace igdkit::sim
