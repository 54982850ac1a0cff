#pragma once
// One mapping and an optional address as the state file and its journal spell them (the shape
// is in igdkit/sim/state_file.hpp). Private to simrouter's admin folder.
#include "igdkit/sim/state_file.hpp"
#include "json_input.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string_view>

namespace igdkit::sim::state_json {

boost::json::value optional_address(const std::optional<boost::asio::ip::address_v4>& a);
// Expiry as unix seconds, rounded up (null = permanent).
boost::json::object mapping_json(const port_mapping& m, const state_clocks& now);

// A required field of `object` (at `path`).
json_input::parsed<const boost::json::value*> required(const boost::json::object& object, std::string_view key,
                                                       std::string_view path);
json_input::parsed<std::optional<boost::asio::ip::address_v4>> read_optional_ipv4(const boost::json::value& v,
                                                                                  std::string_view path);
// One mapping; std::nullopt (not an error) when its lease ran out while the file sat on disk.
json_input::parsed<std::optional<port_mapping>> read_mapping(const boost::json::value& v, std::string_view path,
                                                             const state_clocks& now);

}  // namespace igdkit::sim::state_json
