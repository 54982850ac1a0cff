#pragma once
// Everything that configures a lab: the home router, the topology around it, profiles, faults,
// the admin API and the state file. The simrouter flags and the --config JSON file both fill
// this struct (config_file.hpp), and so does C++ code embedding a lab.
#include "igdkit/sim/faults.hpp"
#include "igdkit/sim/lab_types.hpp"
#include "igdkit/sim/router_options.hpp"
#include "igdkit/sim/strict/violation_log.hpp"
#include "igdkit/sim/topology.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace igdkit::sim {

struct lab_options {
  router_options router;       // the home router; its config.external_ip follows topology.wan_ip
  topology_config topology;    // default_topology(nat) unless set
  std::vector<std::string> profiles;  // applied in order (profiles.hpp); conflicts are an error

  bool admin = true;           // serve the admin API (always on loopback)
  std::uint16_t admin_port = 0;  // 0 = ephemeral

  // A STUN (RFC 8489) Binding server on 127.0.0.1 standing for one on the Internet: it answers
  // with topology.public_ip and the requester's source port (see lab::stun_endpoint()).
  bool stun = true;
  std::uint16_t stun_port = 0;  // 0 = ephemeral

  std::optional<std::filesystem::path> state_file;  // mapping table persisted atomically

  std::chrono::milliseconds probe_timeout{1000};
  std::chrono::milliseconds udp_idle_timeout{30000};  // forwarded UDP sessions
  // The data path opens a loopback forwarder per reachable mapping as soon as it exists, up to
  // `eager_endpoints`; beyond that, on demand (a probe, POST /endpoint, find_public_endpoint),
  // at most `on_demand_endpoints` at once, each closed after `endpoint_idle_timeout` without a
  // new session. So a full table (131,070 mappings) fits a default `ulimit -n 1024`.
  std::size_t eager_endpoints = 64;
  std::size_t on_demand_endpoints = 256;
  std::chrono::milliseconds endpoint_idle_timeout{60000};
  fault_set faults;            // initial faults
  std::size_t log_capacity = 256;  // recent requests kept for /log

  // --strict: every request to the home router (HTTP and SSDP) is checked against the specs
  // (strict/rules.hpp) and what it breaks is kept for GET /violations, /log and on_violation.
  // It only observes: the router answers byte for byte as it would without it.
  bool strict = false;
  std::size_t strict_capacity = strict::violation_log::default_capacity;  // newest kept; all counted
  std::function<void(const strict::violation&)> on_violation;  // the binary logs each one

  // Called whenever loopback endpoints are published or withdrawn (the binary prints them).
  std::function<void(const std::vector<public_endpoint>& opened, const std::vector<public_route>& closed)>
      on_endpoints_changed;
};

}  // namespace igdkit::sim
