#pragma once
// The parts a lab is made of. Private to the library: lab.hpp shows only the operations.
#include "fault_switch.hpp"
#include "public_endpoint_set.hpp"
#include "request_log.hpp"

#include "igdkit/http_server.hpp"
#include "igdkit/sim/lab.hpp"
#include "igdkit/file_io.hpp"
#include "igdkit/sim/state_file.hpp"
#include "igdkit/sim/state_journal.hpp"

#include <boost/asio/steady_timer.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
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

// The boot id and addresses as the state file last recorded them, to journal them on change.
struct saved_marker {
  std::uint32_t boot_id = 0;
  boost::asio::ip::address_v4 wan_ip, public_ip;
  friend bool operator==(const saved_marker&, const saved_marker&) = default;
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
  boost::asio::steady_timer expiry_timer;  // at the earliest lease end of either table
  boost::asio::steady_timer idle_timer;    // closes idle on-demand endpoints while any are open
  // Public ports whose route may have changed since the last refresh(): the tables' observers
  // fill it, so a request costs what it changed, not the size of the table.
  std::set<detail::public_endpoint_set::port_key> dirty;
  std::map<boost::asio::ip::tcp::endpoint, tcp_probe_wait*> tcp_probes;  // by the prober's local endpoint
  bool running = false;

  // lab_persistence.cpp
  std::optional<persisted_state> restored;  // read by load_state, applied by restore_mappings
  std::string journal_note;                 // what replaying the journal found, for the log
  append_only_file journal;
  std::string journal_pending;              // records of this request, written before its answer
  std::size_t journal_pending_records = 0;
  std::size_t journal_records = 0;          // in the journal since the last snapshot
  std::optional<saved_marker> saved;        // boot id and addresses as last persisted
  std::error_code load_state(std::string* detail);
  void restore_mappings();
  void journal_change(journal_table table, const port_mapping* before, const port_mapping* after);
  saved_marker current_marker() const;
  std::size_t table_sizes();
  void compact_state();          // snapshot of everything, journal emptied
  void save_state_if_changed();  // pending records (and a changed boot id or address) appended

  // lab.cpp
  router_options home_options();
  router_options upstream_options();
  void on_router_request(const char* which, const boost::asio::ip::address& peer, const http_request& req,
                         const http_response& res);
  void watch_tables();  // the observers below, on both routers' tables
  void on_home_change(const port_mapping* before, const port_mapping* after);
  void on_upstream_change(const port_mapping* before, const port_mapping* after);
  void refresh();  // dirty routes -> forwarders, state file, event subscribers, expiry timer
  void arm_expiry_timer();
  void start_idle_sweep();
  void report(detail::public_endpoint_set::changes changed);
  std::optional<public_endpoint> publish_on_demand(protocol proto, const boost::asio::ip::address_v4& ip,
                                                   std::uint16_t port);
  std::optional<public_endpoint> publish_on_demand(const public_route& route);  // one already traced
  void add_log(std::string kind, std::string peer, std::string detail, unsigned status = 0,
               std::optional<int> upnp_error = std::nullopt);

  // lab_snapshot.cpp
  port_lookup home_lookup();
  port_lookup upstream_lookup();
  std::optional<public_route> route_of(detail::public_endpoint_set::port_key port);
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

  // lab_strict.cpp: --strict observes the home router's requests
  std::unique_ptr<strict::violation_log> violations;  // set when options.strict
  std::optional<ssdp::device_set> strict_devices;      // what the home responder advertises
  void observe_strictly(router_options& o);
  void check_http_strictly(const boost::asio::ip::address& peer, const http_request& req);
  void check_ssdp_strictly(std::string_view datagram, const boost::asio::ip::udp::endpoint& from, bool multicast);
  void record_findings(const std::string& client, std::vector<strict::finding> found);

  // lab_admin.cpp
  std::error_code start_admin();
  boost::asio::awaitable<http_response> admin_request(const http_request& request);
};

}  // namespace igdkit::sim
