#pragma once
// The lab's data path: one loopback forwarder per reachable public route. reconcile() makes
// the running forwarders equal to the routes the topology computes, touching only what changed
// (a connection through an unchanged mapping survives unrelated table changes).
#include "igdkit/sim/datapath/tcp_forwarder.hpp"
#include "igdkit/sim/datapath/udp_forwarder.hpp"
#include "igdkit/sim/lab_types.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace igdkit::sim::detail {

class public_endpoint_set {
 public:
  struct settings {
    boost::asio::ip::address loopback = boost::asio::ip::make_address("127.0.0.1");
    std::chrono::milliseconds udp_idle_timeout{30000};
    tcp_session_observer on_tcp_session;  // the prober's hook
  };

  public_endpoint_set(boost::asio::any_io_executor ex, settings s) : ex_(std::move(ex)), settings_(std::move(s)) {}

  struct changes {
    std::vector<public_endpoint> opened;
    std::vector<public_route> closed;
    std::vector<std::string> errors;  // one per forwarder that could not start (route stays unpublished)
  };
  changes reconcile(const std::vector<public_route>& routes);
  void clear();

  std::vector<public_endpoint> list() const;
  std::optional<public_endpoint> find(protocol proto, const boost::asio::ip::address_v4& ip, std::uint16_t port) const;
  // Bytes forwarded so far, both directions, over every forwarder that ever ran.
  std::uint64_t bytes_inbound() const;
  std::uint64_t bytes_outbound() const;

 private:
  using key = std::tuple<protocol, boost::asio::ip::address_v4, std::uint16_t>;
  struct entry {
    public_route route;
    std::unique_ptr<tcp_forwarder> tcp;
    std::unique_ptr<udp_forwarder> udp;
    public_endpoint endpoint() const;
  };
  std::optional<entry> open(const public_route& route, std::string& error);
  void retire(entry& e);

  boost::asio::any_io_executor ex_;
  settings settings_;
  std::map<key, entry> entries_;
  std::uint64_t retired_inbound_ = 0, retired_outbound_ = 0;
};

}  // namespace igdkit::sim::detail
