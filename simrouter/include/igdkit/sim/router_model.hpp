#pragma once
// Everything the simulated router knows, grouped so the per-service handlers can share it.
// Plain aggregate of single-purpose parts; the handler functions hold the behaviour.
#include "igdkit/sim/pinhole_table.hpp"
#include "igdkit/sim/router_config.hpp"
#include "igdkit/sim/router_state.hpp"
#include "igdkit/sim/wan_link.hpp"

namespace igdkit::sim {

struct router_model {
  router_model(router_config cfg, clock::time_point boot);

  router_config config;
  router_state mappings;
  pinhole_table pinholes;
  connection_state connection;
  wan_counters counters;
};

}  // namespace igdkit::sim
