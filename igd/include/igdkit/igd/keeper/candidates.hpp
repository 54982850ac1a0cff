#pragma once
// The external ports a desired mapping may use, in the order they are tried. Pure.
#include "igdkit/igd/keeper/desired_mapping.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace igdkit::igd::keeper {

// exact: {preferred}. same_port_or_next / any: the remembered port of an earlier run first (so a
// restart gets the same port back), then preferred, preferred+1, ... `count` ports in all,
// wrapping from 65535 to 1024 (never into the well-known range by accident). A remembered port
// is ignored under exact: the user's number wins.
std::vector<std::uint16_t> candidate_ports(std::uint16_t preferred, port_policy policy, unsigned count,
                                           std::optional<std::uint16_t> remembered = std::nullopt);

}  // namespace igdkit::igd::keeper
