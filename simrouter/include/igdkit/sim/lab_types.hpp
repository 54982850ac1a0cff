#pragma once
// Plain data the lab reports: its state snapshot, probe requests and results, the request log.
// Rendered as JSON by admin_api.hpp; returned as-is by the C++ API (lab.hpp).
#include "igdkit/protocol.hpp"
#include "igdkit/sim/faults.hpp"
#include "igdkit/sim/mapping.hpp"
#include "igdkit/sim/router_config.hpp"
#include "igdkit/sim/topology.hpp"

#include <boost/asio/ip/address.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace igdkit::sim {

// A loopback socket that stands for a virtual public address:port.
struct public_endpoint {
  public_route route;
  boost::asio::ip::address loopback_address;  // where to connect/send instead of public_ip
  std::uint16_t loopback_port = 0;
};

struct mapping_view {
  port_mapping mapping;
  std::chrono::seconds remaining{0};  // 0 = permanent
  bool reachable = false;             // from the Internet, through the whole topology
  std::string reason;                 // why (not) reachable
  std::optional<public_endpoint> endpoint;  // set when reachable
};

struct subscription_view {
  std::string sid;
  std::string event_path;  // which service: "/evt/IPConn"
  std::string callback;    // the first CALLBACK URL
  std::chrono::seconds remaining{0};
  std::uint32_t next_seq = 0;
  std::size_t failures = 0;  // failed deliveries in a row
};

struct router_snapshot {
  std::string location;  // description URL
  std::string ssdp;      // host:port for unicast M-SEARCH
  igd_version version = igd_version::v2;
  std::optional<boost::asio::ip::address_v4> external_ip;  // what GetExternalIPAddress reports
  std::string connection_status;  // "Connected", ...
  std::uint32_t boot_id = 1;
  std::uint32_t system_update_id = 1;
  std::vector<mapping_view> mappings;
  std::vector<subscription_view> subscriptions;  // GENA subscribers
};

struct lab_snapshot {
  nat_mode mode = nat_mode::nat;
  std::vector<std::string> profiles;
  boost::asio::ip::address_v4 wan_ip;     // the home router's WAN address
  boost::asio::ip::address_v4 public_ip;  // what the Internet sees
  router_snapshot home;
  std::optional<router_snapshot> upstream;  // double-nat with upstream_upnp
  std::vector<public_endpoint> public_endpoints;
  fault_set faults;
  std::string admin;  // admin base URL
  std::string stun;   // the STUN server, "127.0.0.1:PORT"; empty when off
};

struct probe_request {
  protocol proto = protocol::tcp;
  boost::asio::ip::address_v4 ip;
  std::uint16_t port = 0;
  std::optional<std::chrono::milliseconds> timeout;  // default: lab_options::probe_timeout
};

// UDP convention: the probe sends one datagram "igdkit-probe <nonce>" and needs the very same
// bytes echoed back by the internal service within the timeout.
struct probe_result {
  bool reachable = false;
  std::string reason;
  std::optional<double> rtt_ms;              // set when reachable
  std::vector<std::string> hops;             // the topology trace
  std::optional<public_endpoint> endpoint;   // the loopback endpoint the probe went through
};

struct log_entry {
  std::chrono::system_clock::time_point at;
  std::string kind;    // "http", "soap", "ssdp", "admin", "lab"
  std::string peer;    // requester address
  std::string detail;  // "POST /ctl/IPConn AddPortMapping", "M-SEARCH ssdp:all", "reboot", ...
  unsigned status = 0;                // HTTP status (0 for non-HTTP)
  std::optional<int> upnp_error;      // the UPnP fault code, if any
};

}  // namespace igdkit::sim
