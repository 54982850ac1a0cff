#pragma once
// The fault_set reader behind admin::parse_faults, with a path prefix for the config file
// ("faults.http.delay_ms"), and the wire names of the HTTP fault actions.
#include "json_input.hpp"

#include "igdkit/sim/faults.hpp"

#include <optional>
#include <string_view>

namespace igdkit::sim::json_input {

parsed<fault_set> read_faults(const boost::json::value& v, std::string_view path);

// "none", "reset", "truncate_body", "status_500_empty".
std::string_view fault_action_name(http_fault_action action) noexcept;
std::optional<http_fault_action> fault_action_from_name(std::string_view name) noexcept;

}  // namespace igdkit::sim::json_input
