#pragma once
// Service descriptions (digest §2.3) as data tables: actions with their arguments in SCPD order
// and the state variable table. build_scpd renders one with pugixml. Tables list exactly the
// actions the simulated router implements for that service and version.
#include "igdkit/sim/igd_handler.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igdkit::sim {

enum class arg_direction { in, out };

struct scpd_argument {
  std::string_view name;
  arg_direction direction = arg_direction::in;
  std::string_view related_state_variable;
};

struct scpd_action {
  std::string_view name;
  std::vector<scpd_argument> arguments;  // all in-arguments before all out-arguments
  unsigned min_version = 1;              // service version that introduced it
};

struct value_range {
  std::uint32_t minimum = 0;
  std::uint32_t maximum = 0;
  std::optional<std::uint32_t> step;
};

struct scpd_state_variable {
  std::string_view name;
  std::string_view data_type;  // string, boolean, ui2, ui4
  bool send_events = false;
  std::vector<std::string_view> allowed_values;
  std::optional<value_range> range;
  unsigned min_version = 1;
};

struct scpd_service {
  std::vector<scpd_action> actions;
  std::vector<scpd_state_variable> variables;
};

// The table for a service at a version (v2 rows dropped for version 1). WANPPPConnection is
// not served by the default layout; it gets the WANIPConnection:1 port-mapping table.
scpd_service scpd_for(service_id service, unsigned version);

std::string build_scpd(const scpd_service& service);

namespace detail {
scpd_service wan_ip_connection_scpd();
scpd_service common_interface_scpd();
scpd_service firewall_scpd();
scpd_service layer3_scpd();
}  // namespace detail

}  // namespace igdkit::sim
