#pragma once
// The lab's data path: loopback forwarders for reachable public routes, opened lazily so a full
// table (131,070 mappings) never needs a descriptor per mapping.
//  - update() follows one public port whose route changed: it re-points or closes its forwarder,
//    and opens one for a new route while the eager budget lasts (small labs see every mapping
//    published at once, as before).
//  - ensure() opens a forwarder on demand (a probe, the admin API, lab::find_public_endpoint);
//    at most `on_demand_limit` of those are open, the least recently used idle one making room.
//  - close_idle() closes on-demand forwarders that carried no new session since the last call.
// A connection through an unchanged route survives unrelated table changes.
#include "igdkit/sim/datapath/tcp_forwarder.hpp"
#include "igdkit/sim/datapath/udp_forwarder.hpp"
#include "igdkit/sim/lab_types.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace igdkit::sim::detail {

class public_endpoint_set {
 public:
  struct settings {
    boost::asio::ip::address loopback = boost::asio::ip::make_address("127.0.0.1");
    std::chrono::milliseconds udp_idle_timeout{30000};
    tcp_session_observer on_tcp_session;  // the prober's hook
    std::size_t eager_budget = 64;        // forwarders opened as soon as their mapping exists
    std::size_t on_demand_limit = 256;    // forwarders opened when asked for, open at once
  };

  public_endpoint_set(boost::asio::any_io_executor ex, settings s) : ex_(std::move(ex)), settings_(std::move(s)) {}

  struct changes {
    std::vector<public_endpoint> opened;
    std::vector<public_route> closed;
    std::vector<std::string> errors;  // one per forwarder that could not start (route stays unpublished)
  };
  using port_key = std::pair<protocol, std::uint16_t>;  // public port

  void update(port_key port, const std::optional<public_route>& route, changes& out);
  std::optional<public_endpoint> ensure(const public_route& route, changes& out);
  void close_idle(changes& out);
  void clear();

  std::vector<port_key> open_ports() const;
  std::size_t on_demand_open() const noexcept { return on_demand_; }
  std::vector<public_endpoint> list() const;
  std::optional<public_endpoint> find(protocol proto, const boost::asio::ip::address_v4& ip, std::uint16_t port) const;

 private:
  struct entry {
    public_route route;
    std::unique_ptr<tcp_forwarder> tcp;
    std::unique_ptr<udp_forwarder> udp;
    bool on_demand = false;
    std::size_t sessions_seen = 0;  // sessions_total at the last idle check
    std::uint64_t last_used = 0;    // use_counter_ at the last ensure()
    public_endpoint endpoint() const;
    const forward_stats& stats() const;  // of whichever forwarder it holds
  };
  std::optional<entry> open(const public_route& route, std::string& error);
  void retire(entry& e);
  bool make_room(changes& out);

  boost::asio::any_io_executor ex_;
  settings settings_;
  std::map<port_key, entry> entries_;
  std::size_t on_demand_ = 0;
  std::uint64_t use_counter_ = 0;
};

}  // namespace igdkit::sim::detail
