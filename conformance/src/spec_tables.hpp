#pragma once
// What the specs require of a service's SCPD: the actions with their arguments (names and
// directions come from igd's action table, the one both our client and simrouter speak), the
// required ones per service and version, and the data types of the standard state variables.
#include "igdkit/igd/actions/service.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace igdkit::conformance::spec {

struct expected_argument {
  std::string_view name;
  std::string_view alias;  // an accepted second spelling (NewNATEEnabled)
  bool in = true;
};

struct expected_action {
  std::string_view name;
  std::vector<expected_argument> arguments;  // ins in order, then outs in order
  bool required = false;
};

// Every action the table defines for `sv`, with `required` per the service's spec.
std::vector<expected_action> actions_for(igd::service_version sv);

// The standard data type of a state variable ("ui2", ...), or nullopt for one the check does
// not judge (vendor variables, types that changed across versions).
std::optional<std::string_view> variable_type(std::string_view variable);

// WANIPConnection's evented variables (digest §4.2): exactly these carry sendEvents="yes".
bool evented_in_wan_connection(std::string_view variable, unsigned version);

}  // namespace igdkit::conformance::spec
